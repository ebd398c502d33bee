// `tagtrail recall`: the maker signs one recall statement for a GTIN, a lot of it or a list of its
// serials, with instructions for holders and a link to its notice; `--lift` lifts one. Each is a
// log entry of its own: every covered tag's verify answer shows it at once.
import { z } from "zod";
import { toBase64Url } from "../core/bytes.js";
import { type RecallStatement, recallSigningBytes } from "../core/event.js";
import { isValidLot, isValidSerial, normalizeGtin } from "../core/gs1.js";
import { MAX_RECALL_SERIALS } from "../core/rules/recall.js";
import { parseTagUrl } from "../core/tag.js";
import { nodeCrypto } from "../runtime/node/crypto.js";
import { api, CliError, flags, parseCsv, readInput, readKeyFile, ServerUrl } from "./common.js";

const HELP = `usage: tagtrail recall --key FILE --gtin GTIN [--lot LOT | --serial S ... | --tag URL ... | --csv FILE]
                       --instructions TEXT [--url URL] [--server URL]
       tagtrail recall --key FILE --gtin GTIN --lift LEAFHASH [--server URL]

Signs a recall with the manufacturer's key: of every tag of --gtin, of one --lot of it, or of the
listed serials (up to ${MAX_RECALL_SERIALS}; from --serial, --tag URLs or a mint CSV's url column). It is
one log entry: no per-tag events. Prints the recall's leaf hash, which --lift takes to lift it.

options:
  --key FILE           the manufacturer's private key (tagtrail keygen)
  --gtin GTIN          the product recalled (under one of your company prefixes)
  --lot LOT            only this lot (GS1 AI 10)
  --serial S           only this serial (repeatable)
  --tag URL            only this tag (repeatable)
  --csv FILE           only the tags of this CSV (url column)
  --instructions TEXT  what holders should do, up to 500 characters
  --url URL            an https link to your recall notice
  --lift LEAFHASH      lift the recall with this leaf hash instead
  --server URL         the tagtrail server (default: $TAGTRAIL_SERVER or http://127.0.0.1:8080)`;

const Flags = z.object({
  key: z.string().min(1),
  gtin: z.string().refine((g) => normalizeGtin(g) !== undefined, "a GTIN with a valid check digit"),
  lot: z.string().refine(isValidLot, "1 to 20 characters of GS1 CSET 82").optional(),
  serial: z.array(z.string().refine(isValidSerial, "1 to 20 characters of GS1 CSET 82")).default([]),
  tag: z.array(z.string()).default([]),
  csv: z.string().optional(),
  instructions: z.string().trim().min(1).max(500).optional(),
  url: z
    .url()
    .refine((u) => u.startsWith("https://"), "an https URL")
    .optional(),
  lift: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, "the recall's leaf hash, base64url")
    .optional(),
  server: ServerUrl,
});

export async function runRecall(argv: string[]): Promise<number> {
  const parsed = flags(
    argv,
    {
      key: { type: "string" },
      gtin: { type: "string" },
      lot: { type: "string" },
      serial: { type: "string", multiple: true },
      tag: { type: "string", multiple: true },
      csv: { type: "string" },
      instructions: { type: "string" },
      url: { type: "string" },
      lift: { type: "string" },
      server: { type: "string" },
    },
    Flags,
    HELP,
  );
  if (!parsed) return 0;
  const f = parsed.values;
  const gtin = normalizeGtin(f.gtin) as string;
  const serials = [...f.serial];
  const fromUrl = (u: string) => {
    const t = parseTagUrl(u);
    if (!t) throw new CliError(`not a tag URL: ${u}`, 2);
    if (t.gtin !== gtin) throw new CliError(`${u} is not a tag of GTIN ${gtin}`, 2);
    serials.push(t.serial);
  };
  for (const u of f.tag) fromUrl(u);
  if (f.csv) for (const row of parseCsv(readInput(f.csv, "the tags CSV"))) fromUrl(row.url ?? "");
  if (f.lift === undefined) {
    if (!f.instructions) throw new CliError("--instructions is required: say what holders should do", 2);
    if (f.lot !== undefined && serials.length > 0) throw new CliError("name a lot or serials, not both", 2);
    if (serials.length > MAX_RECALL_SERIALS) {
      throw new CliError(
        `${serials.length} serials: one recall names at most ${MAX_RECALL_SERIALS}; recall the lot`,
        2,
      );
    }
  } else if (f.lot !== undefined || serials.length > 0 || f.instructions || f.url) {
    throw new CliError("--lift takes only --key, --gtin and the recall's leaf hash", 2);
  }
  const key = readKeyFile(f.key);
  const recall: RecallStatement = {
    action: f.lift === undefined ? "recall" : "lift",
    actor: key.keyId,
    gtin,
    ...(f.lot === undefined ? {} : { lot: f.lot }),
    ...(serials.length > 0 ? { serials: [...new Set(serials)] } : {}),
    ...(f.instructions === undefined ? {} : { instructions: f.instructions }),
    ...(f.url === undefined ? {} : { url: f.url }),
    ...(f.lift === undefined ? {} : { lifts: f.lift }),
    time: `${new Date().toISOString().slice(0, 19)}Z`,
  };
  const signature = toBase64Url(nodeCrypto.ed25519.sign(recallSigningBytes(recall), key.seed));
  const result = await api<{ leafIndex: number; leafHash: string; status: string }>(f.server, "POST", "/v1/recalls", {
    recall,
    signature,
  });
  const scope = f.lot
    ? `lot ${f.lot} of ${gtin}`
    : serials.length > 0
      ? `${serials.length} serials of ${gtin}`
      : `every ${gtin}`;
  if (f.lift) console.log(`lifted the recall ${f.lift} (log entry ${result.leafIndex})`);
  else {
    console.log(
      `recalled ${scope} (log entry ${result.leafIndex}${result.status === "existing" ? ", already logged" : ""})`,
    );
    console.log(`to lift it: tagtrail recall --key ${f.key} --gtin ${gtin} --lift ${result.leafHash}`);
  }
  return 0;
}
