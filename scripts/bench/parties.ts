// Registers a benchmark party with a fresh key, through the registry service itself.
import { randomSeed } from "../../src/core/crypto.js";
import type { Role } from "../../src/core/event.js";
import { keyId } from "../../src/core/keys.js";
import { nodeCrypto } from "../../src/runtime/node/crypto.js";
import type { PartyRegistry } from "../../src/service/parties.js";

export interface BenchParty {
  readonly id: string;
  readonly seed: Uint8Array;
  readonly keyId: string;
}

export async function registerParty(parties: PartyRegistry, id: string, role: Role): Promise<BenchParty> {
  const seed = randomSeed();
  const publicKey = nodeCrypto.ed25519.publicKey(seed);
  await parties.register({
    id,
    name: id,
    roles: [role],
    country: "DE",
    companyPrefixes: role === "manufacturer" ? ["9506000"] : [],
    showName: true,
    publicKey,
  });
  return { id, seed, keyId: keyId(nodeCrypto.sha256, publicKey) };
}
