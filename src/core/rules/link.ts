// How a tag's chain links: entry 0 is the tag's commission, and every later entry is a custody
// event or a holder's statement (claim, transfer) whose `prev` is the RFC 9162 leaf hash (base64url) of the entry before it. Checked by the
// server on what it stores, by the auditor's replay and by a client re-checking a verify answer.
import type { LogEntry } from "../event.js";

/** What is wrong with `entry` as entry `seq` of a chain after `prev`, if anything. */
export function linkProblem(seq: number, entry: LogEntry | undefined, prev: string | undefined): string | undefined {
  if (seq === 0) return entry?.kind === "commission" ? undefined : "entry 0 is not a commission";
  const link = entry?.kind === "event" ? entry.event.prev : entry?.kind === "holder" ? entry.statement.prev : undefined;
  if (link === undefined) return `entry ${seq} is not a custody event or a holder's statement`;
  if (link !== prev) return `entry ${seq}'s prev does not link to entry ${seq - 1}`;
  return undefined;
}
