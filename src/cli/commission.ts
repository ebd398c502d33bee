// `tagtrail commission`: submits minted tags (the CSV from `tagtrail mint`) in batches of 10,000.
import { z } from "zod";
import { toBase64Url } from "../core/bytes.js";
import { parseTagUrl } from "../core/tag.js";
import { api, CliError, flags, parseCsv, progress, readInput, ServerUrl } from "./common.js";

const HELP = `usage: tagtrail commission --csv tags.csv [--server URL]

Commissions the tags of a CSV written by 'tagtrail mint' or 'tagtrail nfc personalise': each becomes a commission entry in the
log. Safe to repeat: tags already commissioned identically are reported as existing.

options:
  --csv FILE     tags to commission
  --server URL   the tagtrail server (default: $TAGTRAIL_SERVER or http://127.0.0.1:8080)`;

const BATCH = 10_000;

export async function runCommission(argv: string[]): Promise<number> {
  const parsed = flags(
    argv,
    { csv: { type: "string" }, server: { type: "string" } },
    z.object({ csv: z.string().min(1), server: ServerUrl }),
    HELP,
  );
  if (!parsed) return 0;
  const { csv, server } = parsed.values;
  const tags = parseCsv(readInput(csv, "the tags CSV")).map((row, i) => {
    const parsedUrl = row.url ? parseTagUrl(row.url) : undefined;
    if (!parsedUrl?.signature || !row.maker)
      throw new CliError(`row ${i + 2}: needs a tag url with its signature and a maker key ID`);
    return {
      gtin: parsedUrl.gtin,
      serial: parsedUrl.serial,
      maker: row.maker,
      signature: toBase64Url(parsedUrl.signature),
      ...(row.lot ? { lot: row.lot } : {}),
      ...(row.expiry ? { expiry: row.expiry } : {}),
      // A salted commitment to the tag's claim code (mint --claim-codes): signed with the tag.
      ...(row.claim ? { claim: row.claim } : {}),
      // An NFC tag (nfc personalise): its batch and UID commitment as signed, and the UID that opens it.
      ...(row.nfc_batch ? { nfc: { batch: row.nfc_batch, uid: row.nfc_uid ?? "" }, nfcUid: row.uid ?? "" } : {}),
    };
  });
  const bar = progress("commissioning", tags.length);
  let created = 0;
  let existing = 0;
  for (let i = 0; i < tags.length; i += BATCH) {
    const batch = tags.slice(i, i + BATCH);
    const { results } = await api<{ results: { status: string }[] }>(server, "POST", "/v1/tags", { tags: batch });
    for (const r of results) r.status === "created" ? created++ : existing++;
    bar.tick(batch.length);
  }
  bar.done();
  console.log(`commissioned ${created} tags (${existing} already were)`);
  return 0;
}
