// A tag's chain for supply-chain parties and auditors: every entry as signed, with its log
// position, as plain JSON or as an EPCIS 2.0 document. All of it is public log data already.
import { toBase64Url } from "../core/bytes.js";
import { type EpcisInput, epcisDocument } from "../core/epcis.js";
import { type LogEntry, parseEntryBytes } from "../core/event.js";
import type { ServiceContext } from "./context.js";
import { DomainError } from "./errors.js";
import { intactChain } from "./stored-chain.js";

export interface HistoryEntry {
  readonly leafIndex: number;
  readonly leafHash: string;
  readonly entry: LogEntry;
}

export class History {
  constructor(private readonly ctx: ServiceContext) {}

  async #load(gtin: string, serial: string) {
    const tag = await this.ctx.store.tag(gtin, serial);
    if (!tag) throw new DomainError("history", "unknown-tag", `tag ${gtin}/${serial} was never commissioned`);
    return intactChain(this.ctx, tag);
  }

  async entries(
    gtin: string,
    serial: string,
  ): Promise<{ gtin: string; serial: string; head: string; length: number; entries: HistoryEntry[] }> {
    const { tag, chain } = await this.#load(gtin, serial);
    return {
      gtin,
      serial,
      head: toBase64Url(tag.head),
      length: tag.length,
      entries: chain.map((e) => ({
        leafIndex: e.leafIndex,
        leafHash: toBase64Url(e.leafHash),
        entry: parseEntryBytes(e.leaf) as LogEntry,
      })),
    };
  }

  async epcis(gtin: string, serial: string): Promise<Record<string, unknown>> {
    const { chain } = await this.#load(gtin, serial);
    const entries = chain.map((e) => ({ row: e, entry: parseEntryBytes(e.leaf) as LogEntry }));
    const ids = entries.flatMap(({ row, entry }) => [
      row.actorParty,
      ...(entry.kind === "event" && entry.event.to ? [entry.event.to] : []),
    ]);
    const parties = await this.ctx.store.parties(ids);
    const ref = (id: string) => {
      const p = parties.get(id);
      return { id, ...(p?.gln ? { gln: p.gln } : {}) };
    };
    const inputs: EpcisInput[] = entries.map(({ row, entry }) => ({
      entry,
      leafHash: row.leafHash,
      loggedAt: row.loggedAt,
      actor: ref(row.actorParty),
      ...(entry.kind === "event" && entry.event.to ? { to: ref(entry.event.to) } : {}),
    }));
    return epcisDocument(inputs, `${new Date(this.ctx.now()).toISOString().slice(0, 19)}Z`, this.ctx.crypto.sha256);
  }
}
