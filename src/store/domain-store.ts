// The storage port for parties, tags, chains and scan counts. Writes are atomic domain
// operations that also append their log leaves (and the sealed checkpoint) in the same commit,
// guarded by the chain heads the caller read: no open transactions cross the port.
import { CodedError } from "../core/errors.js";
import type { ChainState, PartyStatement, ProductStatement } from "../core/event.js";
import type { AppendResult, Seal } from "./log-store.js";

/** A registered party: exactly what its log entry states. */
export type PartyRow = PartyStatement;

/** A company prefix and the party registered with it. */
export interface PrefixHolder {
  readonly partyId: string;
  readonly prefix: string;
}

export interface KeyRow {
  readonly keyId: string;
  readonly partyId: string;
  readonly publicKey: Uint8Array;
  readonly retiredAt?: number;
  readonly compromisedAt?: number;
}

export interface TagRow {
  readonly id: number;
  readonly gtin: string;
  readonly serial: string;
  readonly lot?: string;
  readonly expiry?: string;
  readonly makerParty: string;
  readonly makerKey: string;
  readonly signature: Uint8Array;
  readonly state: ChainState;
  readonly head: Uint8Array;
  readonly length: number;
}

export interface ChainEntryRow {
  readonly seq: number;
  readonly leafIndex: number;
  readonly leafHash: Uint8Array;
  readonly type: string;
  readonly actorParty: string;
  readonly actorKey: string;
  readonly loggedAt: number;
  readonly leaf: Uint8Array;
}

/** A maker's recall as stored (its log entry says the same), with whether it was lifted. */
export interface RecallRow {
  readonly leafIndex: number;
  readonly gtin: string;
  readonly lot?: string;
  readonly serials?: readonly string[];
  readonly makerParty: string;
  readonly instructions?: string;
  readonly url?: string;
  readonly loggedAt: number;
  readonly lifted: boolean;
  /** The log index of the lift, once lifted. */
  readonly liftedBy?: number;
}

/** A product as its maker last described it. */
export interface ProductRow {
  readonly makerParty: string;
  readonly statement: ProductStatement;
}

/** A maker's NFC batch as stored: its key only sealed (service/key-vault.ts). */
export interface NfcBatchRow {
  readonly id: string;
  readonly makerParty: string;
  readonly commitment: string;
  readonly sealedKey: Uint8Array;
  readonly leafIndex: number;
  readonly compromisedAt?: number;
}

/** A tap's counter against the highest one seen for the tag, decided atomically by the store. */
export interface TapCount {
  /** The counter was higher than any seen before, and is now the tag's last. */
  readonly fresh: boolean;
  /** The tag's last counter after this tap (-1 if none was ever seen). */
  readonly lastCounter: number;
  /** The UTC day of the tap that set the last counter. */
  readonly lastDay?: string;
}

/** One leaf to append, with the index rows it creates. */
export type DomainWrite =
  | { readonly kind: "party"; readonly party: PartyRow; readonly leaf: Uint8Array }
  | { readonly kind: "add-key"; readonly key: KeyRow; readonly leaf: Uint8Array }
  | { readonly kind: "retire-key"; readonly keyId: string; readonly at: number; readonly leaf: Uint8Array }
  | { readonly kind: "revoke-key"; readonly keyId: string; readonly compromisedAt: number; readonly leaf: Uint8Array }
  | {
      readonly kind: "commission";
      readonly tag: Omit<TagRow, "id" | "head" | "length">;
      /** An NFC tag: its batch and its UID (the signed identity carries a commitment to it). */
      readonly nfc?: { readonly batch: string; readonly uid: Uint8Array };
      readonly leaf: Uint8Array;
      readonly leafHash: Uint8Array;
    }
  | {
      /** Registers an NFC batch; refused (DuplicateError) if its ID or commitment is registered. */
      readonly kind: "nfc-batch";
      readonly batch: Omit<NfcBatchRow, "leafIndex" | "compromisedAt">;
      readonly leaf: Uint8Array;
    }
  | {
      /** Revokes an NFC batch; refused (DuplicateError) if it was revoked already. */
      readonly kind: "revoke-nfc-batch";
      readonly id: string;
      readonly compromisedAt: number;
      readonly leaf: Uint8Array;
    }
  | {
      readonly kind: "recall";
      readonly recall: Omit<RecallRow, "leafIndex" | "loggedAt" | "lifted" | "liftedBy">;
      readonly leaf: Uint8Array;
      readonly leafHash: Uint8Array;
    }
  | {
      /** Inserts or replaces a GTIN's description; refused (DuplicateError) if another maker described it. */
      readonly kind: "product";
      readonly product: ProductRow & { readonly gtin: string };
      readonly leaf: Uint8Array;
    }
  | {
      readonly kind: "lift-recall";
      /** Leaf hash of the recall lifted; the write fails (DuplicateError) if it was lifted already. */
      readonly lifts: Uint8Array;
      readonly leaf: Uint8Array;
    }
  | {
      /** A chain entry: a custody event, or a holder's claim or transfer (actorParty "", actorKey the holder key). */
      readonly kind: "event";
      readonly tagId: number;
      readonly gtin: string;
      readonly serial: string;
      /** The chain head and length the caller validated against; the write fails if they moved. */
      readonly expectHead: Uint8Array;
      readonly expectLength: number;
      readonly state: ChainState;
      readonly type: string;
      readonly actorParty: string;
      readonly actorKey: string;
      readonly leaf: Uint8Array;
      readonly leafHash: Uint8Array;
    };

export interface TagToken {
  readonly id: number;
  readonly signature: Uint8Array;
  /** The signed lot (NULL when the tag has none): a lot in the URL's path must match it. */
  readonly lot: string | null;
  readonly head: Uint8Array;
  readonly makerParty: string;
  readonly sharedVersion: number;
  /** An NFC tag's batch and UID (null for a printed code). */
  readonly nfcBatch: string | null;
  readonly nfcUid: Uint8Array | null;
  /**
   * The tag's stored scan counts by day, when the adapter read them in the same round trip
   * (D1: one batch); absent, the scan counter reads them itself if it needs them.
   */
  readonly scanDays?: readonly { day: string; count: number }[];
}

/** An anonymous report of a suspect product: nothing about who sent it. */
export interface ReportRow {
  readonly gtin: string;
  readonly serial: string;
  /** The verdict the reporter was shown. */
  readonly verdict: string;
  /** UTC day, YYYY-MM-DD. */
  readonly day: string;
  readonly place: "shop" | "online" | "market" | "other";
  readonly text: string;
}

export interface ReportLimits {
  readonly perTagDay: number;
  readonly perGtinDay: number;
}

/** Scans of one tag on one UTC day from one country ('' where the runtime cannot tell). */
export interface ScanCount {
  readonly tagId: number;
  readonly day: string;
  readonly country: string;
  readonly count: number;
}

/**
 * Does this write change what many tags' answers depend on at once (a key's status, a recall), so
 * that every cached answer is stale? Such writes bump the store's shared version.
 */
export function changesSharedFacts(w: DomainWrite): boolean {
  return (
    w.kind === "add-key" ||
    w.kind === "retire-key" ||
    w.kind === "revoke-key" ||
    w.kind === "recall" ||
    w.kind === "lift-recall" ||
    w.kind === "product" ||
    w.kind === "revoke-nfc-batch"
  );
}

/** The store's faults: one shape (CodedError), a code each; http/ maps them. */
export type StoreErrorCode = "head-moved" | "duplicate" | "log-damaged";

export class HeadMovedError extends CodedError<"head-moved"> {
  constructor(
    readonly gtin: string,
    readonly serial: string,
  ) {
    super("head-moved", `the chain of ${gtin}/${serial} moved while the request was validated`);
  }
}

export class DuplicateError extends CodedError<"duplicate"> {
  constructor(message: string) {
    super("duplicate", message);
  }
}

/** What the domain services read: parties, keys, tags, chains and scan counts. */
export interface DomainReads {
  party(id: string): Promise<PartyRow | undefined>;
  parties(ids: readonly string[]): Promise<Map<string, PartyRow>>;
  /** A registered company prefix that overlaps one of `prefixes` (core/gs1 prefixesOverlap), and its party. */
  overlappingPrefix(prefixes: readonly string[]): Promise<PrefixHolder | undefined>;
  key(keyId: string): Promise<KeyRow | undefined>;
  keys(keyIds: readonly string[]): Promise<Map<string, KeyRow>>;
  partyKeys(partyId: string): Promise<KeyRow[]>;
  tag(gtin: string, serial: string): Promise<TagRow | undefined>;
  tags(ids: readonly { gtin: string; serial: string }[]): Promise<Map<string, TagRow>>;
  /**
   * What a scan needs first: the tag's ID, its signature token, its chain head and the store's
   * shared version (bumped by every key change and recall), which together tell whether a cached
   * answer holds.
   */
  tagToken(gtin: string, serial: string): Promise<TagToken | undefined>;
  chain(tagId: number): Promise<ChainEntryRow[]>;
  entryByHash(leafHash: Uint8Array): Promise<{ leafIndex: number; gtin: string; serial: string } | undefined>;
  /** A tag's scan counts by UTC day, all countries together, oldest first. */
  scanDays(tagId: number): Promise<{ day: string; count: number }[]>;
  /** The recalls of a GTIN not lifted, newest first (core/rules/recall.ts recallCovers picks a tag's). */
  recalls(gtin: string): Promise<RecallRow[]>;
  /** The recall logged with this leaf hash, lifted or not. */
  recallByHash(leafHash: Uint8Array): Promise<RecallRow | undefined>;
  /** What the maker last said about a GTIN, if anything. */
  product(gtin: string): Promise<ProductRow | undefined>;
  /** The reports about a GTIN's tags, newest first. */
  reports(gtin: string): Promise<ReportRow[]>;
  nfcBatch(id: string): Promise<NfcBatchRow | undefined>;
}

/** Scan counts: not logged, so written apart from commits (on Node, by the writer thread too). */
export interface ScanWrites {
  /** Adds scan counts (to any already stored for the same tag, day and country). */
  addScans(counts: readonly ScanCount[]): Promise<void>;
  /** Deletes scan counts of days before `day`; returns how many rows went. */
  purgeScans(beforeDay: string): Promise<number>;
  /**
   * Stores a report unless its tag, or its GTIN, already has as many reports that day as `limits`
   * allow (limits that need no knowledge of who sends them); true if stored.
   */
  addReport(report: ReportRow, limits: ReportLimits): Promise<boolean>;
  /**
   * Makes `counter` the NFC tag's last counter if it is higher than every one seen, in one atomic
   * step (no two taps with one counter both fresh), with the day; returns what the store decided.
   */
  advanceTap(tagId: number, counter: number, day: string): Promise<TapCount>;
}

/** The writing side: one commit for everything logged, and the scan counts. */
export interface DomainCommits extends ScanWrites {
  /**
   * Appends every write's leaf, in order, and its index rows, in one atomic, durable commit.
   * Refused whole (DuplicateError) if it would register a party, key or tag twice, or a party
   * whose company prefix overlaps a registered one (core/gs1 prefixesOverlap).
   */
  commit(writes: readonly DomainWrite[], loggedAt: number, seal: Seal): Promise<AppendResult>;
}

export interface DomainStore extends DomainReads, DomainCommits {}

/** Every read's name; the type makes a read added to DomainReads be added here. */
const READ_NAMES: Record<keyof DomainReads, true> = {
  party: true,
  parties: true,
  overlappingPrefix: true,
  key: true,
  keys: true,
  partyKeys: true,
  tag: true,
  tags: true,
  tagToken: true,
  chain: true,
  entryByHash: true,
  scanDays: true,
  recalls: true,
  recallByHash: true,
  product: true,
  reports: true,
  nfcBatch: true,
};

const COMMIT_NAMES: Record<keyof DomainCommits, true> = {
  commit: true,
  addScans: true,
  purgeScans: true,
  addReport: true,
  advanceTap: true,
};

/** The methods `names` of `side`, bound to it. */
function methods<T extends object>(side: T, names: Record<keyof T, true>): T {
  const out: Partial<Record<keyof T, unknown>> = {};
  for (const name of Object.keys(names) as (keyof T)[]) {
    out[name] = (side[name] as (...args: unknown[]) => unknown).bind(side);
  }
  return out as T;
}

/**
 * A store that reads through `reads` and writes through `commits` (a store whose commits go
 * elsewhere, as ./sequenced-store.ts builds): no method is forwarded by hand.
 */
export function withCommits(reads: DomainReads, commits: DomainCommits): DomainStore {
  return { ...methods(reads, READ_NAMES), ...methods(commits, COMMIT_NAMES) };
}

export function tagKey(gtin: string, serial: string): string {
  return `${gtin}/${serial}`;
}
