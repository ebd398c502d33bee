// The consumer's scan. Cheap by design: signatures were checked at ingest, so a scan compares
// the presented token with the stored one in constant time and re-checks hashes, not signatures.
// It records nothing about the consumer: only a count for the tag and the UTC day.
import type { JourneyStep, PartyDisplay, ProductInfo, VerifyResult } from "../core/answer.js";
import { bytesEqual, constantTimeEqual, toBase64 } from "../core/bytes.js";
import {
  CBV,
  type EntryType,
  HOLDER_TYPES,
  isHolderType,
  type ProductStatement,
  parseEntryBytes,
  type Role,
} from "../core/event.js";
import { gtinHasPrefix } from "../core/gs1.js";
import type { SunTap } from "../core/nfc.js";
import { tagProofFile } from "../core/proof-file.js";
import { recallCovers } from "../core/rules/recall.js";
import {
  type CloneThresholds,
  counterfeitVerdict,
  DEFAULT_THRESHOLDS,
  type Judgement,
  judge,
  type ReasonCode,
  type TagFacts,
} from "../core/verdict.js";
import { worded } from "../i18n/catalogue.js";
import type { Language } from "../i18n/languages.js";
import type { SignedCheckpoint } from "../log/transparency-log.js";
import type { ChainEntryRow, PartyRow, TagRow } from "../store/domain-store.js";
import { type ServiceContext, utcDay } from "./context.js";
import type { TapChecker } from "./nfc.js";
import type { ScanCounter } from "./scans.js";
import { intactChain } from "./stored-chain.js";

export function display(party: PartyRow | undefined, role?: Role): PartyDisplay {
  if (!party) return { role: "unknown", country: "" };
  const r = role ?? party.roles[0] ?? "unknown";
  return { ...(party.showName ? { name: party.name } : {}), role: r, country: party.country };
}

/** A claim or a transfer is signed by a holder's device key: shown as the owner, nothing more. */
const OWNER: PartyDisplay = { role: "owner", country: "" };

const ENTRY_ROLE: Partial<Record<EntryType, Role>> = {
  commission: "manufacturer",
  recall: "manufacturer",
  sell: "retailer",
  return: "retailer",
};

/** Everything about a tag's answer that does not depend on its scan counts. */
interface TagView {
  readonly head: Uint8Array;
  /** The chain head's log position, which the proofs prove. */
  readonly headLeaf: { readonly index: number; readonly hash: Uint8Array };
  /** The note of the checkpoint the proofs are against: rebuilt when a newer one is published. */
  readonly checkpointNote: string;
  readonly sharedVersion: number;
  readonly facts: Omit<TagFacts, "scans">;
  readonly body: Omit<VerifyResult, "verdict" | "reasons" | "lang">;
  /** `body` as UTF-8 JSON without its opening brace, ready to follow the verdict and reasons. */
  readonly bodyBytes: Uint8Array;
}

/** What a scan brings besides the code: where the edge saw it, the lot its path states, the reader's language. */
export interface ScanContext {
  /** ISO 3166-1 alpha-2, or "" where the runtime cannot tell. */
  readonly country?: string;
  /** The lot the URL's path states, if it states one (a GS1 Digital Link path may). */
  readonly lot?: string;
  /** The language reason messages are worded in. */
  readonly lang?: Language;
  /** The URL's NFC tap data (core/nfc.ts parseSunParams); absent for a printed code's link. */
  readonly tap?: SunTap | "absent" | "malformed";
}

const CACHE_LIMIT = 10_000;
const UTF8 = new TextEncoder();

export class Verifier {
  /**
   * Per-tag views, rebuilt when the tag's chain head moves or any key changes. A scan then costs
   * one tag read, a constant-time token comparison and the scan-count read.
   */
  readonly #views = new Map<number, TagView>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly scans: ScanCounter,
    private readonly taps: TapChecker,
    private readonly thresholds: CloneThresholds = DEFAULT_THRESHOLDS,
  ) {}

  async verify(
    gtin: string,
    serial: string,
    token: Uint8Array | undefined,
    scan: ScanContext = {},
  ): Promise<VerifyResult> {
    return (await this.#answer(gtin, serial, token, scan)).result;
  }

  /**
   * The same answer as UTF-8 JSON: a tag's unchanging part is serialised and encoded once per
   * view, so a scan serialises only its verdict and reasons.
   */
  async verifyJson(
    gtin: string,
    serial: string,
    token: Uint8Array | undefined,
    scan: ScanContext = {},
  ): Promise<Uint8Array<ArrayBuffer>> {
    const { result, view } = await this.#answer(gtin, serial, token, scan);
    if (!view) return UTF8.encode(JSON.stringify(result)) as Uint8Array<ArrayBuffer>;
    // Only the verdict and reasons are encoded per scan; the rest (most of the bytes) was
    // encoded once, and its length needs no counting when the response goes out.
    const head = UTF8.encode(
      `{"verdict":${JSON.stringify(result.verdict)},"reasons":${JSON.stringify(result.reasons)},"lang":${JSON.stringify(result.lang)},`,
    );
    const out = new Uint8Array(head.length + view.bodyBytes.length);
    out.set(head);
    out.set(view.bodyBytes, head.length);
    return out;
  }

  async #answer(
    gtin: string,
    serial: string,
    token: Uint8Array | undefined,
    { country, lot, lang = "en", tap = "absent" }: ScanContext,
  ): Promise<{ result: VerifyResult; view?: TagView }> {
    const { ctx } = this;
    const answer = (j: Judgement) => ({ verdict: j.verdict, reasons: worded(lang, j.reasons), lang });
    const now = ctx.now();
    const tag = await ctx.store.tagToken(gtin, serial);
    if (!tag) {
      const codes: ReasonCode[] = token ? ["not-commissioned"] : ["signature-missing", "not-commissioned"];
      return { result: { ...answer(counterfeitVerdict(codes)), product: { gtin, serial }, journey: [] } };
    }
    const signed = token !== undefined && constantTimeEqual(token, tag.signature);
    // The path's lot is not signed: the tag's signed lot decides, and a different one is not this code.
    const lotMismatch = lot !== undefined && lot !== (tag.lot ?? undefined);
    if (!signed || lotMismatch) {
      const [full, maker] = await Promise.all([ctx.store.tag(gtin, serial), ctx.store.party(tag.makerParty)]);
      const product = full ? productOf(full, maker) : { gtin, serial };
      const code: ReasonCode = !token ? "signature-missing" : !signed ? "signature-invalid" : "lot-mismatch";
      return { result: { ...answer(counterfeitVerdict([code])), product, journey: [] } };
    }
    const nfc = await this.taps.check(tag, tap);
    const scans = await this.scans.record(tag.id, now, country, tag.scanDays);
    let view = this.#views.get(tag.id);
    if (!view || !bytesEqual(view.head, tag.head) || view.sharedVersion !== tag.sharedVersion) {
      const full = await ctx.store.tag(gtin, serial);
      if (!full) throw new Error(`tag ${gtin}/${serial} vanished`);
      view = await this.#build(full, tag.sharedVersion);
      if (this.#views.size >= CACHE_LIMIT) this.#views.delete(this.#views.keys().next().value as number);
      this.#views.set(tag.id, view);
    } else {
      // A newer publication that covers the head: only the proof and the checkpoint change, at
      // most once per publication per tag (a second by default), not at every append.
      const published = await ctx.log.published();
      if (published && published.note !== view.checkpointNote && view.headLeaf.index < published.size) {
        const { index, hash } = view.headLeaf;
        const inclusionProof = await ctx.log.provenInclusion(index, hash, published);
        view = withProof(view, { checkpoint: published, inclusionProof });
        this.#views.set(tag.id, view);
      }
    }
    const facts = { ...view.facts, scans, ...(nfc ? { nfc } : {}) };
    return { result: { ...answer(judge(facts, this.thresholds)), ...view.body }, view };
  }

  async #build(read: TagRow, sharedVersion: number): Promise<TagView> {
    const { ctx } = this;
    // The tag as read together with its chain (it may be newer than `read`).
    const { tag, chain } = await intactChain(ctx, read);
    const keys = await ctx.store.keys([...new Set(chain.map((e) => e.actorKey))]);
    const parties = await ctx.store.parties([...new Set([tag.makerParty, ...chain.map((e) => e.actorParty)])]);
    const maker = parties.get(tag.makerParty);
    const makerKey = keys.get(tag.makerKey);
    const commissioned = chain[0];
    const [recallRows, described] = await Promise.all([ctx.store.recalls(tag.gtin), ctx.store.product(tag.gtin)]);
    const recalls = recallRows.filter((r) => recallCovers(r, tag));
    // Only the tag's own maker speaks for it.
    const info = described?.makerParty === tag.makerParty ? productInfo(described.statement) : undefined;
    const lastDay = (types: readonly string[]): string | undefined => {
      const e = chain.findLast((c) => types.includes(c.type));
      return e && utcDay(e.loggedAt);
    };
    const saleDay = lastDay(["sell"]);
    const ownedSince = tag.state.owner === undefined ? undefined : lastDay(HOLDER_TYPES);
    const signalsSince = lastDay(["sell", "return", ...HOLDER_TYPES]);
    const holder = parties.get(tag.state.custodian);
    const facts: Omit<TagFacts, "scans"> = {
      state: tag.state,
      ...(holder
        ? {
            holder: {
              ...display(holder, holder.roles.includes("retailer") ? "retailer" : undefined),
              isRetailer: holder.roles.includes("retailer"),
            },
          }
        : {}),
      makerKeyRevokedAtCommission:
        makerKey?.compromisedAt !== undefined &&
        commissioned !== undefined &&
        makerKey.compromisedAt <= commissioned.loggedAt,
      gtinIsMakers: (maker?.companyPrefixes ?? []).some((p) => gtinHasPrefix(tag.gtin, p)),
      compromisedEvents: chain.filter((e) => {
        const k = keys.get(e.actorKey);
        return e.seq > 0 && k?.compromisedAt !== undefined && k.compromisedAt <= e.loggedAt;
      }).length,
      recalls: recalls.map((r) => ({
        day: utcDay(r.loggedAt),
        ...(r.instructions === undefined ? {} : { instructions: r.instructions }),
        ...(r.url === undefined ? {} : { url: r.url }),
      })),
      ...(saleDay ? { saleDay } : {}),
      ...(ownedSince ? { ownedSince } : {}),
      ...(signalsSince ? { signalsSince } : {}),
    };
    const journey: JourneyStep[] = chain.map((e) => {
      const type = e.type as EntryType;
      const party = parties.get(e.actorParty);
      const country = eventCountry(e);
      return {
        type,
        bizStep: CBV[type].bizStep,
        disposition: CBV[type].disposition,
        date: utcDay(e.loggedAt),
        party: isHolderType(type)
          ? OWNER
          : display(party, ENTRY_ROLE[type] ?? party?.roles.find((r) => r !== "manufacturer") ?? party?.roles[0]),
        ...(country ? { country } : {}),
      };
    });
    const head = chain[chain.length - 1] as ChainEntryRow;
    const headLeaf = { index: head.leafIndex, hash: head.leafHash };
    const { checkpoint, inclusionProof } = await this.#proof(headLeaf);
    const keyMap = publicKeys(keys);
    const body: TagView["body"] = {
      product: { ...productOf(tag, maker), ...(info ? { info } : {}) },
      status: {
        custody: tag.state.custody,
        recalled: tag.state.recalled || recalls.length > 0,
        stolen: tag.state.stolen,
        claimed: tag.state.owner !== undefined,
      },
      journey,
      proofs: {
        entries: chain.map((e) => ({ leafIndex: e.leafIndex, leaf: toBase64(e.leaf) })),
        inclusionProof: inclusionProof.map(toBase64),
        checkpoint: checkpoint.note,
        logKey: ctx.log.verifierKey(),
        keys: keyMap,
      },
    };
    return {
      head: tag.head,
      headLeaf,
      checkpointNote: checkpoint.note,
      sharedVersion,
      facts,
      body,
      bodyBytes: UTF8.encode(JSON.stringify(body).slice(1)),
    };
  }

  /**
   * A C2SP tlog-proof file for a tag: its chain head's inclusion in the newest published
   * checkpoint (cosigned), with the chain and its signing keys as extra data, for verifying with
   * no network (tagtrail verify --offline). Undefined for a tag never commissioned.
   */
  async proofFile(gtin: string, serial: string): Promise<string | undefined> {
    const read = await this.ctx.store.tag(gtin, serial);
    if (!read) return undefined;
    const { tag, chain } = await intactChain(this.ctx, read);
    const keys = await this.ctx.store.keys([...new Set(chain.map((e) => e.actorKey))]);
    const keyMap = publicKeys(keys);
    const head = chain[chain.length - 1] as ChainEntryRow;
    const { checkpoint, inclusionProof } = await this.#proof({ index: head.leafIndex, hash: head.leafHash });
    const extra = {
      gtin: tag.gtin,
      serial: tag.serial,
      entries: chain.map((e) => [e.leafIndex, toBase64(e.leaf)] as const),
      keys: keyMap,
    };
    return tagProofFile(extra, inclusionProof, checkpoint.note);
  }

  /**
   * The head's inclusion proof against the newest published checkpoint (cosigned by the policy's
   * witnesses); until one covers a head just appended, against the newest signed checkpoint,
   * which a client holding a policy refuses until the next publication (about a second).
   */
  async #proof(headLeaf: TagView["headLeaf"]): Promise<{ checkpoint: SignedCheckpoint; inclusionProof: Uint8Array[] }> {
    const { log } = this.ctx;
    const published = await log.published();
    const checkpoint = published && headLeaf.index < published.size ? published : await log.checkpoint();
    return { checkpoint, inclusionProof: await log.provenInclusion(headLeaf.index, headLeaf.hash, checkpoint) };
  }
}

/** The public keys (base64) of the keys that signed a chain, by key ID: what a client re-checks with. */
function publicKeys(keys: ReadonlyMap<string, { readonly publicKey: Uint8Array }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, k] of keys) out[id] = toBase64(k.publicKey);
  return out;
}

/** The view with a new proof and checkpoint, its bytes encoded again. */
function withProof(
  view: TagView,
  { checkpoint, inclusionProof }: { checkpoint: SignedCheckpoint; inclusionProof: Uint8Array[] },
): TagView {
  const proofs = view.body.proofs as NonNullable<TagView["body"]["proofs"]>;
  const body = {
    ...view.body,
    proofs: { ...proofs, inclusionProof: inclusionProof.map(toBase64), checkpoint: checkpoint.note },
  };
  return { ...view, checkpointNote: checkpoint.note, body, bodyBytes: UTF8.encode(JSON.stringify(body).slice(1)) };
}

function productInfo(p: ProductStatement): ProductInfo {
  return {
    domain: p.domain,
    names: p.names,
    ...(p.descriptions ? { descriptions: p.descriptions } : {}),
    ...(p.image ? { image: p.image } : {}),
    ...(p.support ? { support: p.support } : {}),
  };
}

function productOf(tag: TagRow, maker: PartyRow | undefined): VerifyResult["product"] {
  return {
    gtin: tag.gtin,
    serial: tag.serial,
    ...(tag.lot === undefined ? {} : { lot: tag.lot }),
    ...(tag.expiry === undefined ? {} : { expiry: tag.expiry }),
    manufacturer: display(maker, "manufacturer"),
  };
}

function eventCountry(e: ChainEntryRow): string | undefined {
  const entry = parseEntryBytes(e.leaf);
  return entry?.kind === "event" ? entry.event.country : undefined;
}
