// Test actors: parties with real keys that mint, sign and submit over real HTTP. Portable crypto
// (noble) and an injectable fetch, so the same actors work from Node and from inside workerd.
import { toBase64, toBase64Url, toHex } from "../../src/core/bytes.js";
import { nobleCrypto, randomSeed } from "../../src/core/crypto.js";
import {
  type CustodyEvent,
  type EventType,
  type HolderStatement,
  holderSigningBytes,
  type NfcBatchStatement,
  nfcBatchSigningBytes,
  type ProductStatement,
  productSigningBytes,
  type RecallStatement,
  recallSigningBytes,
  signEvent,
} from "../../src/core/event.js";
import { gtinWithCheckDigit } from "../../src/core/gs1.js";
import { keyId } from "../../src/core/keys.js";
import { reportReadBytes } from "../../src/core/report.js";
import { mintTag, type SignedTag } from "../../src/core/tag.js";

export const PREFIX = "9506000";
/** A GTIN-14 of `prefix`: registered parties' prefixes may not overlap, so makers sharing a database need their own. */
export const gtinOf = (prefix: string) =>
  gtinWithCheckDigit(`0${prefix}${"134350000000".slice(0, 12 - prefix.length)}`);
export const GTIN = gtinOf(PREFIX);

export interface Actor {
  readonly id: string;
  /** The GS1 company prefix it registers with if it is a manufacturer. */
  readonly prefix: string;
  seed: Uint8Array;
  publicKey: Uint8Array;
  keyId: string;
}

export function actor(id: string, prefix = PREFIX): Actor {
  const seed = randomSeed();
  const publicKey = nobleCrypto.ed25519.publicKey(seed);
  return { id, prefix, seed, publicKey, keyId: keyId(nobleCrypto.sha256, publicKey) };
}

export function rotate(a: Actor): { old: Actor; fresh: Actor } {
  const old = { ...a };
  const seed = randomSeed();
  a.seed = seed;
  a.publicKey = nobleCrypto.ed25519.publicKey(seed);
  a.keyId = keyId(nobleCrypto.sha256, a.publicKey);
  return { old, fresh: a };
}

/** A buyer's device: a fresh holder key, as the claim page makes one. */
export interface Holder {
  readonly seed: Uint8Array;
  /** base64url public key. */
  readonly key: string;
}

export function holderDevice(): Holder {
  const seed = randomSeed();
  return { seed, key: toBase64Url(nobleCrypto.ed25519.publicKey(seed)) };
}

export class Client {
  constructor(
    readonly base: string,
    readonly adminToken: string,
    readonly fetcher: (url: string, init: RequestInit) => Promise<Response> = fetch,
  ) {}

  /** The newest D1 session bookmark the Workers build answered with (absent on Node). */
  bookmark: string | undefined;

  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const res = await this.fetcher(this.base + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        // Read-after-write on replicated D1: hand back the newest bookmark the service gave us.
        ...(this.bookmark === undefined ? {} : { "x-tagtrail-bookmark": this.bookmark }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    this.bookmark = res.headers.get("x-tagtrail-bookmark") ?? this.bookmark;
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: res.status, body: parsed, headers: res.headers };
  }

  admin(method: string, path: string, body?: unknown) {
    return this.call(method, path, body, { authorization: `Bearer ${this.adminToken}` });
  }

  register(a: Actor, roles: string[], extra: Record<string, unknown> = {}) {
    return this.admin("POST", "/v1/parties", {
      id: a.id,
      name: `${a.id[0]?.toUpperCase()}${a.id.slice(1)} Ltd`,
      roles,
      country: "DE",
      companyPrefixes: roles.includes("manufacturer") ? [a.prefix] : [],
      publicKey: toBase64(a.publicKey),
      ...extra,
    });
  }

  mint(maker: Actor, n: number, gtin = gtinOf(maker.prefix), lot?: string, claimCode = false): SignedTag[] {
    return Array.from({ length: n }, () =>
      mintTag(nobleCrypto, maker.seed, maker.keyId, { gtin, ...(lot ? { lot } : {}), claimCode }, (k) =>
        crypto.getRandomValues(new Uint8Array(k)),
      ),
    );
  }

  /** A holder's statement about `tag`, signed by `device`, sent as the claim page sends it. */
  holder(
    device: Holder,
    type: HolderStatement["type"],
    tag: SignedTag,
    prev: string,
    extra: Partial<HolderStatement> = {},
  ) {
    const statement: HolderStatement = {
      type,
      gtin: tag.tag.gtin,
      serial: tag.tag.serial,
      prev,
      holder: device.key,
      day: new Date().toISOString().slice(0, 10),
      ...extra,
    };
    const signature = toBase64Url(nobleCrypto.ed25519.sign(holderSigningBytes(statement), device.seed));
    return this.call("POST", "/v1/holder-statements", { statement, signature });
  }

  /** The tag's holder status (the claim page's first read). */
  holderStatus(tag: SignedTag) {
    return this.call("GET", `/v1/tags/${tag.tag.gtin}/${encodeURIComponent(tag.tag.serial)}/holder`);
  }

  /** A maker's description of a product, signed with its key. */
  describe(maker: Actor, fields: Omit<ProductStatement, "actor" | "time">, signWith: Actor = maker) {
    const product: ProductStatement = {
      ...fields,
      actor: maker.keyId,
      time: new Date(Date.now() - 1000).toISOString().slice(0, 19) + "Z",
    };
    const signature = toBase64Url(nobleCrypto.ed25519.sign(productSigningBytes(product), signWith.seed));
    return this.call("POST", "/v1/products", { product, signature });
  }

  /** A maker's signed request to read the reports about one of its GTINs. */
  readReports(maker: Actor, gtin: string, options: { signWith?: Actor; time?: string } = {}) {
    const request = {
      actor: maker.keyId,
      gtin,
      time: options.time ?? new Date(Date.now() - 1000).toISOString().slice(0, 19) + "Z",
    };
    const signature = toBase64Url(nobleCrypto.ed25519.sign(reportReadBytes(request), (options.signWith ?? maker).seed));
    return this.call("POST", "/v1/reports/read", { request, signature });
  }

  /** The body of the last recall or lift sent, to send it again identically. */
  lastRecall: unknown;

  /** A maker's recall (or lift), signed with its key. */
  recall(maker: Actor, fields: Omit<RecallStatement, "actor" | "time">, agoMs = 1000) {
    const recall: RecallStatement = {
      ...fields,
      actor: maker.keyId,
      time: new Date(Date.now() - agoMs).toISOString().slice(0, 19) + "Z",
    };
    const signature = toBase64Url(nobleCrypto.ed25519.sign(recallSigningBytes(recall), maker.seed));
    this.lastRecall = { recall, signature };
    return this.call("POST", "/v1/recalls", { recall, signature });
  }

  /** A maker's NFC batch statement (register with the key, or revoke), signed with its key. */
  nfcBatch(maker: Actor, fields: Omit<NfcBatchStatement, "actor" | "time">, key?: Uint8Array, signWith: Actor = maker) {
    const statement: NfcBatchStatement = {
      ...fields,
      actor: maker.keyId,
      time: new Date(Date.now() - 1000).toISOString().slice(0, 19) + "Z",
    };
    const signature = toBase64Url(nobleCrypto.ed25519.sign(nfcBatchSigningBytes(statement), signWith.seed));
    return this.call("POST", "/v1/nfc/batches", { statement, signature, ...(key ? { key: toBase64Url(key) } : {}) });
  }

  /** Commissions NFC tags, each with the UID its signed identity binds. */
  commissionNfc(tags: readonly { tag: SignedTag; uid: Uint8Array }[]) {
    return this.call("POST", "/v1/tags", {
      tags: tags.map(({ tag, uid }) => ({ ...tag.tag, signature: toBase64Url(tag.signature), nfcUid: toHex(uid) })),
    });
  }

  /** Opens a tag URL (any host: its path and query are sent here) as JSON. */
  open(url: string) {
    const u = new URL(url);
    return this.call("GET", `${u.pathname}${u.search}`, undefined, { accept: "application/json" });
  }

  commission(tags: SignedTag[]) {
    return this.call("POST", "/v1/tags", {
      tags: tags.map((t) => ({ ...t.tag, signature: toBase64Url(t.signature) })),
    });
  }

  signed(a: Actor, type: EventType, tag: SignedTag, prev: string, extra: Partial<CustodyEvent> = {}) {
    const event: CustodyEvent = {
      type,
      gtin: tag.tag.gtin,
      serial: tag.tag.serial,
      prev,
      actor: a.keyId,
      time: new Date(Date.now() - 1000).toISOString().slice(0, 19) + "Z",
      ...extra,
    };
    return { event, signature: toBase64Url(signEvent(nobleCrypto, a.seed, event)) };
  }

  events(items: unknown[]) {
    return this.call("POST", "/v1/events", { events: items });
  }

  /** Appends signed events one after another from `head`; returns the new head (throws on a refusal). */
  async walk(tag: SignedTag, head: string, steps: readonly (readonly [Actor, EventType, Partial<CustodyEvent>?])[]) {
    for (const [a, type, extra] of steps) {
      const res = await this.events([this.signed(a, type, tag, head, extra ?? {})]);
      if (res.status !== 200) throw new Error(`${type} by ${a.id}: ${res.status} ${JSON.stringify(res.body)}`);
      head = res.body.results[0].leafHash as string;
    }
    return head;
  }

  verify(tag: SignedTag, token: string | null = toBase64Url(tag.signature)) {
    const q = token === null ? "" : `?s=${token}`;
    return this.call("GET", `/01/${tag.tag.gtin}/21/${encodeURIComponent(tag.tag.serial)}${q}`, undefined, {
      accept: "application/json",
    });
  }

  async logSize(): Promise<number> {
    const note = (await this.call("GET", "/v1/log/checkpoint")).body as string;
    return Number(note.split("\n")[1]);
  }
}
