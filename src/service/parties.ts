// The operator's registry of parties and their keys. Every registration and key change is a log
// entry, so anyone auditing the log can replay who was allowed to sign what, and when.
import { toBase64 } from "../core/bytes.js";
import { isValidPublicKey } from "../core/crypto.js";
import { entryBytes, type PartyStatement } from "../core/event.js";
import { prefixesOverlap } from "../core/gs1.js";
import { keyId } from "../core/keys.js";
import type { KeyRow, PartyRow } from "../store/domain-store.js";
import { CLOCK_SKEW_MS, type ServiceContext } from "./context.js";
import { DomainError } from "./errors.js";

/** How far ahead of the server's clock a stated compromise time may be: clock skew, not intent. */
export const COMPROMISE_CLOCK_SKEW_MS = CLOCK_SKEW_MS;

export interface RegisterParty extends PartyStatement {
  readonly publicKey: Uint8Array;
}

export interface KeyView {
  readonly keyId: string;
  readonly publicKey: string;
  readonly retiredAt?: string;
  readonly compromisedAt?: string;
}

export interface PartyView extends PartyRow {
  readonly keys: readonly KeyView[];
}

function keyView(k: KeyRow): KeyView {
  return {
    keyId: k.keyId,
    publicKey: toBase64(k.publicKey),
    ...(k.retiredAt === undefined ? {} : { retiredAt: new Date(k.retiredAt).toISOString() }),
    ...(k.compromisedAt === undefined ? {} : { compromisedAt: new Date(k.compromisedAt).toISOString() }),
  };
}

/** Refuses a key no strict verification could accept (small order, non-canonical, off the curve). */
function checkPublicKey(publicKey: Uint8Array): void {
  if (!isValidPublicKey(publicKey)) {
    throw new DomainError(
      "registry",
      "weak-public-key",
      "the public key is not a canonical encoding of an Ed25519 point of large order (RFC 8032 §5.1.3)",
    );
  }
}

export class PartyRegistry {
  constructor(private readonly ctx: ServiceContext) {}

  async register(req: RegisterParty): Promise<{ party: PartyRow; key: KeyView; leafIndex: number }> {
    const { ctx } = this;
    checkPublicKey(req.publicKey);
    if (await ctx.store.party(req.id))
      throw new DomainError("registry", "party-exists", `party ${req.id} is already registered`);
    const kid = keyId(ctx.crypto.sha256, req.publicKey);
    if (await ctx.store.key(kid))
      throw new DomainError("registry", "key-exists", "that public key is already registered");
    const held = await ctx.store.overlappingPrefix(req.companyPrefixes);
    if (held) {
      const own = req.companyPrefixes.find((p) => prefixesOverlap(p, held.prefix)) ?? "";
      throw new DomainError(
        "registry",
        "prefix-overlap",
        `company prefix ${own} overlaps prefix ${held.prefix} of party ${held.partyId}`,
      );
    }
    const { publicKey, ...party } = req;
    const key: KeyRow = { keyId: kid, partyId: req.id, publicKey };
    const result = await ctx.store.commit(
      [
        { kind: "party", party, leaf: entryBytes({ kind: "party", party }) },
        {
          kind: "add-key",
          key,
          leaf: entryBytes({ kind: "key", action: "add", party: req.id, keyId: kid, publicKey: toBase64(publicKey) }),
        },
      ],
      ctx.now(),
      ctx.log.seal,
    );
    return { party, key: keyView(key), leafIndex: result.firstIndex };
  }

  async get(id: string): Promise<PartyView> {
    const party = await this.ctx.store.party(id);
    if (!party) throw new DomainError("registry", "unknown-party", `no party ${id}`);
    return { ...party, keys: (await this.ctx.store.partyKeys(id)).map(keyView) };
  }

  async addKey(partyId: string, publicKey: Uint8Array): Promise<KeyView> {
    const { ctx } = this;
    checkPublicKey(publicKey);
    if (!(await ctx.store.party(partyId))) throw new DomainError("registry", "unknown-party", `no party ${partyId}`);
    const kid = keyId(ctx.crypto.sha256, publicKey);
    if (await ctx.store.key(kid))
      throw new DomainError("registry", "key-exists", "that public key is already registered");
    const key: KeyRow = { keyId: kid, partyId, publicKey };
    const leaf = entryBytes({ kind: "key", action: "add", party: partyId, keyId: kid, publicKey: toBase64(publicKey) });
    await ctx.store.commit([{ kind: "add-key", key, leaf }], ctx.now(), ctx.log.seal);
    return keyView(key);
  }

  async #ownKey(partyId: string, kid: string): Promise<KeyRow> {
    const key = await this.ctx.store.key(kid);
    if (!key || key.partyId !== partyId)
      throw new DomainError("registry", "unknown-key", `party ${partyId} has no key ${kid}`);
    return key;
  }

  /** Retires a key: nothing signed with it is accepted from now on; what it signed stays valid. */
  async retireKey(partyId: string, kid: string): Promise<KeyView> {
    const { ctx } = this;
    const key = await this.#ownKey(partyId, kid);
    if (key.retiredAt !== undefined) throw new DomainError("registry", "key-retired", `key ${kid} is already retired`);
    const at = ctx.now();
    const leaf = entryBytes({
      kind: "key",
      action: "retire",
      party: partyId,
      keyId: kid,
      publicKey: toBase64(key.publicKey),
    });
    await ctx.store.commit([{ kind: "retire-key", keyId: kid, at, leaf }], at, ctx.log.seal);
    return keyView({ ...key, retiredAt: at });
  }

  /**
   * Revokes a compromised key: statements under it logged at or after `compromisedAt` are refused
   * from now on and flagged where already logged; earlier ones stay valid. A compromise cannot
   * be dated in the future (beyond clock skew): the key would keep working until then.
   */
  async revokeKey(partyId: string, kid: string, compromisedAt: number): Promise<KeyView> {
    const { ctx } = this;
    const now = ctx.now();
    if (compromisedAt > now + COMPROMISE_CLOCK_SKEW_MS) {
      throw new DomainError(
        "registry",
        "compromise-in-future",
        `compromisedAt ${new Date(compromisedAt).toISOString()} is in the future: at most ` +
          `${COMPROMISE_CLOCK_SKEW_MS / 60_000} minutes after the server's clock (${new Date(now).toISOString()}) are allowed for clock skew`,
      );
    }
    const key = await this.#ownKey(partyId, kid);
    if (key.compromisedAt !== undefined)
      throw new DomainError("registry", "key-revoked", `key ${kid} is already revoked`);
    const leaf = entryBytes({
      kind: "key",
      action: "revoke",
      party: partyId,
      keyId: kid,
      publicKey: toBase64(key.publicKey),
      compromisedAt: new Date(compromisedAt).toISOString(),
    });
    await ctx.store.commit([{ kind: "revoke-key", keyId: kid, compromisedAt, leaf }], now, ctx.log.seal);
    return keyView({ ...key, compromisedAt });
  }
}
