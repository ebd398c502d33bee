// `tagtrail ship|receive|sell|report-stolen|destroy|return|repair`: signs custody events with the
// actor's key and submits them. The chain head (prev) is fetched from the server for each tag.
import { z } from "zod";
import { toBase64Url } from "../core/bytes.js";
import { claimCommitment, formatClaimCode, randomClaimCode } from "../core/claim.js";
import { randomBytesPool } from "../core/crypto.js";
import { type CustodyEvent, type EventType, signEvent } from "../core/event.js";
import { isValidSerial, normalizeGtin } from "../core/gs1.js";
import { parseTagUrl } from "../core/tag.js";
import { nodeCrypto } from "../runtime/node/crypto.js";
import { api, CliError, flags, parseCsv, progress, readInput, readKeyFile, ServerUrl } from "./common.js";

const BATCH = 1000;

function help(type: EventType): string {
  return `usage: tagtrail ${type} --key FILE (--tag URL | --gtin GTIN --serial SERIAL | --csv FILE)${type === "ship" ? " --to PARTY" : ""}${type === "return" ? " [--new-claim-code]" : ""} [--country CC] [--server URL]

Signs a '${type}' event for each tag with your key and appends it to the tag's chain.${
    type === "return"
      ? "\nA return undoes the sale: the product is back with your shop. A claimed product comes back only\nafter its owner released the claim on the claim page."
      : ""
  }

options:
  --key FILE       your private key (tagtrail keygen)
  --tag URL        a tag's verify URL (repeatable)
  --gtin, --serial a tag's identifiers
  --csv FILE       tags from a CSV with a url column (as written by tagtrail mint)${type === "ship" ? "\n  --to PARTY       the receiving party's ID" : ""}
  --country CC     ISO 3166-1 alpha-2 country where it happens${type === "return" ? "\n  --new-claim-code give each product a fresh claim code for its next buyer (printed here, once)" : ""}
  --server URL     the tagtrail server (default: $TAGTRAIL_SERVER or http://127.0.0.1:8080)`;
}

const Flags = z.object({
  key: z.string().min(1),
  tag: z.array(z.string()).default([]),
  gtin: z.string().optional(),
  serial: z.string().optional(),
  csv: z.string().optional(),
  to: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
    .optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  "new-claim-code": z.boolean().default(false),
  server: ServerUrl,
});

export function eventCommand(type: EventType) {
  return async (argv: string[]): Promise<number> => {
    const parsed = flags(
      argv,
      {
        key: { type: "string" },
        tag: { type: "string", multiple: true },
        gtin: { type: "string" },
        serial: { type: "string" },
        csv: { type: "string" },
        to: { type: "string" },
        country: { type: "string" },
        "new-claim-code": { type: "boolean" },
        server: { type: "string" },
      },
      Flags,
      help(type),
    );
    if (!parsed) return 0;
    const f = parsed.values;
    if ((type === "ship") !== (f.to !== undefined))
      throw new CliError(type === "ship" ? "--to PARTY is required" : "--to is only for ship", 2);
    if (f["new-claim-code"] && type !== "return") throw new CliError("--new-claim-code is only for return", 2);
    const random = randomBytesPool();
    const newCodes: string[] = [];
    const ids: { gtin: string; serial: string }[] = [];
    const fromUrl = (u: string) => {
      const t = parseTagUrl(u);
      if (!t) throw new CliError(`not a tag URL: ${u}`, 2);
      ids.push({ gtin: t.gtin, serial: t.serial });
    };
    for (const u of f.tag) fromUrl(u);
    if (f.csv) for (const row of parseCsv(readInput(f.csv, "the tags CSV"))) fromUrl(row.url ?? "");
    if (f.gtin !== undefined || f.serial !== undefined) {
      const gtin = f.gtin && normalizeGtin(f.gtin);
      if (!gtin || !f.serial || !isValidSerial(f.serial)) throw new CliError("--gtin and --serial must name a tag", 2);
      ids.push({ gtin, serial: f.serial });
    }
    if (ids.length === 0) throw new CliError(`no tag given\n\n${help(type)}`, 2);
    /** A fresh claim code for the next buyer: its commitment goes in the event, the code is printed once. */
    const freshClaim = (gtin: string, serial: string): string => {
      const code = randomClaimCode(random);
      newCodes.push(`${gtin}/${serial} new claim code: ${formatClaimCode(code)}`);
      return claimCommitment(nodeCrypto.sha256, { gtin, serial }, code, random);
    };
    const key = readKeyFile(f.key);
    const bar = progress(type, ids.length);
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const items = [];
      for (const { gtin, serial } of batch) {
        const { head } = await api<{ head: string }>(
          f.server,
          "GET",
          `/v1/tags/${gtin}/${encodeURIComponent(serial)}/events`,
        );
        const event: CustodyEvent = {
          type,
          gtin,
          serial,
          prev: head,
          actor: key.keyId,
          time: `${new Date().toISOString().slice(0, 19)}Z`,
          ...(f.to ? { to: f.to } : {}),
          ...(f.country ? { country: f.country } : {}),
          ...(f["new-claim-code"] ? { claim: freshClaim(gtin, serial) } : {}),
        };
        items.push({ event, signature: toBase64Url(signEvent(nodeCrypto, key.seed, event)) });
      }
      await api(f.server, "POST", "/v1/events", { events: items });
      bar.tick(batch.length);
    }
    bar.done();
    console.log(`${type}: ${ids.length} tag${ids.length === 1 ? "" : "s"} recorded`);
    for (const line of newCodes) console.log(line);
    return 0;
  };
}
