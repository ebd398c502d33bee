// Strict Ed25519 verification on Workers through Web Crypto (BoringSSL in workerd): an order of
// magnitude faster than pure JavaScript, so a Worker checks a batch of 1,000 signed events in a
// fraction of its CPU budget. BoringSSL compares R's bytes with the canonical encoding of
// [S]B − [k]A (cofactorless); the pre-checks the Node path also applies (S < L, a canonical,
// not-small-order A) make both paths accept exactly what noble's strict verifier accepts — the
// same edge-case vectors are run against this in workerd (test/workers/web-crypto.test.ts).
import { fromHex, toHex } from "../../core/bytes.js";
import { passesStrictPrechecks } from "../../core/crypto.js";
import type { CheckSignatures, SignatureCheck } from "../../service/context.js";

const ALGORITHM = { name: "Ed25519" } as const;
const KEY_CACHE_LIMIT = 4096;

/** Imported public keys by hex: importing costs about as much as a verification. */
const keys = new Map<string, Promise<CryptoKey | null>>();

function importKey(publicKey: Uint8Array): Promise<CryptoKey | null> {
  const id = toHex(publicKey);
  let key = keys.get(id);
  if (!key) {
    key = crypto.subtle.importKey("raw", publicKey.slice(), ALGORITHM, false, ["verify"]).catch(() => null);
    if (keys.size >= KEY_CACHE_LIMIT) keys.delete(keys.keys().next().value as string);
    keys.set(id, key);
  }
  return key;
}

async function verifyOne(c: SignatureCheck): Promise<boolean> {
  if (!passesStrictPrechecks(c.signature, c.message, c.publicKey)) return false;
  const key = await importKey(c.publicKey);
  if (!key) return false;
  try {
    return await crypto.subtle.verify(ALGORITHM, key, c.signature.slice(), c.message.slice());
  } catch {
    return false;
  }
}

export const webCryptoCheckSignatures: CheckSignatures = (checks) => Promise.all(checks.map(verifyOne));

/** Whether this runtime's Web Crypto does Ed25519 (workerd does; checked once, on a known answer). */
export async function webCryptoHasEd25519(): Promise<boolean> {
  try {
    // RFC 8032 §7.1 TEST 1: the empty message.
    const publicKey = fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const signature = fromHex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    );
    if (!publicKey || !signature) return false;
    const [ok] = await webCryptoCheckSignatures([{ signature, message: new Uint8Array(0), publicKey }]);
    return ok === true;
  } catch {
    return false;
  }
}
