// The demo: a separate instance of the service with its own data directory, database file, log key and
// origin, seeded (on a fresh directory, at every start) with three parties and one tag whose
// chain goes maker → distributor → retailer. Never mixed into a real database.
import { formatClaimCode } from "../../core/claim.js";
import { randomSeed } from "../../core/crypto.js";
import {
  type CustodyEvent,
  type EventType,
  type NfcBatchStatement,
  nfcBatchSigningBytes,
  signEvent,
} from "../../core/event.js";
import { gtinWithCheckDigit } from "../../core/gs1.js";
import { keyId } from "../../core/keys.js";
import { batchIdOf, batchKeyCommitment, NFC_KEY_BYTES, simulateTap, sunTemplate } from "../../core/nfc.js";
import { mintTag, tagUrl } from "../../core/tag.js";
import type { Custody } from "../../service/custody.js";
import { nodeCrypto } from "./crypto.js";
import type { NodeRuntime } from "./runtime.js";

export const DEMO_ORIGIN = "localhost/tagtrail-demo";
const PREFIX = "9506000";

interface DemoParty {
  readonly id: string;
  readonly seed: Uint8Array;
  readonly keyId: string;
}

/**
 * Seeds an empty demo database; returns the demo tag's verify path (with its query), its claim
 * page, and two taps of a demo NFC tag (paths), the second one later than the first.
 */
export async function seedDemo(
  runtime: NodeRuntime,
): Promise<{ verify: string; claim: string; nfcTaps: readonly string[] }> {
  const now = runtime.ctx.now;
  const registry = runtime.parties;
  const custody = runtime.custody;
  const party = async (
    id: string,
    name: string,
    role: "manufacturer" | "distributor" | "retailer",
    country: string,
  ): Promise<DemoParty> => {
    const seed = randomSeed();
    const publicKey = nodeCrypto.ed25519.publicKey(seed);
    await registry.register({
      id,
      name,
      roles: [role],
      country,
      companyPrefixes: role === "manufacturer" ? [PREFIX] : [],
      showName: true,
      publicKey,
    });
    return { id, seed, keyId: keyId(nodeCrypto.sha256, publicKey) };
  };
  const maker = await party("demo-maker", "Demo Watchworks", "manufacturer", "CH");
  const dist = await party("demo-distributor", "Demo Logistics", "distributor", "DE");
  const shop = await party("demo-retailer", "Demo Boutique", "retailer", "FR");

  const minted = mintTag(
    nodeCrypto,
    maker.seed,
    maker.keyId,
    { gtin: gtinWithCheckDigit(`0${PREFIX}00001`), lot: "DEMO1", claimCode: true },
    (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)),
  );
  const [head] = (await custody.commission([minted])).map((r) => r.leafHash);
  const tag = { gtin: minted.tag.gtin, serial: minted.tag.serial };
  await walkChain(custody, tag, head as string, now, [
    { who: maker, type: "ship", country: "CH", to: dist.id },
    { who: dist, type: "receive", country: "DE" },
    { who: dist, type: "ship", country: "DE", to: shop.id },
    { who: shop, type: "receive", country: "FR" },
    { who: shop, type: "sell", country: "FR" },
  ]);
  const nfc = await seedNfcTag(runtime, maker, [dist, shop]);
  // The demo parties' private keys are not kept: the demo chain is complete.
  return {
    nfcTaps: nfc,
    verify: tagUrl("", minted.tag.gtin, minted.tag.serial, minted.signature),
    // The second QR, inside the packaging: the claim page with the claim code in its fragment.
    claim: `/claim/01/${minted.tag.gtin}/21/${encodeURIComponent(minted.tag.serial)}#${formatClaimCode(minted.claimCode as string)}`,
  };
}

export interface ChainStep {
  readonly who: { readonly seed: Uint8Array; readonly keyId: string };
  readonly type: EventType;
  readonly to?: string;
  readonly country?: string;
}

/** Signs and appends custody events one after another from `head`; returns the new head. */
export async function walkChain(
  custody: Custody,
  tag: { gtin: string; serial: string },
  head: string,
  now: () => number,
  steps: readonly ChainStep[],
): Promise<string> {
  for (const s of steps) {
    const event: CustodyEvent = {
      type: s.type,
      gtin: tag.gtin,
      serial: tag.serial,
      prev: head,
      actor: s.who.keyId,
      time: `${new Date(now() - 1000).toISOString().slice(0, 19)}Z`,
      ...(s.to ? { to: s.to } : {}),
      ...(s.country ? { country: s.country } : {}),
    };
    const [result] = await custody.events([{ event, signature: signEvent(nodeCrypto, s.who.seed, event) }]);
    head = (result as { leafHash: string }).leafHash;
  }
  return head;
}

/**
 * A TagTamper NFC tag on the demo retailer's shelf: a batch key registered (sealed under this
 * demo's own key-encryption key, which lives only in memory), one chip personalised and
 * commissioned, and two taps a software tag made (counters 1 and 2). Opening either twice shows
 * what a reload does; opening the first after the second shows a copied link.
 */
async function seedNfcTag(
  runtime: NodeRuntime,
  maker: DemoParty,
  [dist, shop]: readonly DemoParty[],
): Promise<string[]> {
  const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));
  const { master, batch } = await registerNfcBatch(runtime, maker);
  const uid = Uint8Array.of(0x04, ...random(6));
  const minted = mintTag(
    nodeCrypto,
    maker.seed,
    maker.keyId,
    { gtin: gtinWithCheckDigit(`0${PREFIX}00002`), nfc: { batch, uid } },
    random,
  );
  const [head] = (await runtime.custody.commission([{ ...minted, nfcUid: uid }])).map((r) => r.leafHash);
  await walkChain(runtime.custody, minted.tag, head as string, runtime.ctx.now, [
    { who: maker, type: "ship", country: "CH", to: (dist as DemoParty).id },
    { who: dist as DemoParty, type: "receive", country: "DE" },
    { who: dist as DemoParty, type: "ship", country: "DE", to: (shop as DemoParty).id },
    { who: shop as DemoParty, type: "receive", country: "FR" },
  ]);
  const { url } = sunTemplate(
    tagUrl("https://demo.invalid", minted.tag.gtin, minted.tag.serial, minted.signature),
    true,
  );
  return [1, 2].map((counter) => {
    const tapped = new URL(simulateTap(nodeCrypto.aes, master, uid, url, counter, random));
    return `${tapped.pathname}${tapped.search}`;
  });
}

/** A fresh NFC batch master key, registered for `maker` (the key sealed by the service); returns it and its ID. */
export async function registerNfcBatch(
  runtime: Pick<NodeRuntime, "nfcBatches" | "ctx">,
  maker: { readonly seed: Uint8Array; readonly keyId: string },
): Promise<{ master: Uint8Array; batch: string }> {
  const master = globalThis.crypto.getRandomValues(new Uint8Array(NFC_KEY_BYTES));
  const commitment = batchKeyCommitment(nodeCrypto.sha256, master);
  const statement: NfcBatchStatement = {
    action: "register",
    actor: maker.keyId,
    batch: batchIdOf(commitment),
    commitment,
    time: `${new Date(runtime.ctx.now() - 1000).toISOString().slice(0, 19)}Z`,
  };
  const signature = nodeCrypto.ed25519.sign(nfcBatchSigningBytes(statement), maker.seed);
  await runtime.nfcBatches.apply({ statement, signature, key: master });
  return { master, batch: statement.batch };
}
