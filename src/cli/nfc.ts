// `tagtrail nfc`: NFC tags (NTAG 424 DNA, SUN in AES mode) for a maker. keygen makes a batch
// master key offline; register gives it to the operator (who keeps it sealed; the log records a
// commitment); personalise mints one signed tag per chip UID with the UID bound into the signed
// identity, and writes what the encoding station needs (each tag's keys, SDM settings, NDEF file);
// revoke marks a batch key compromised; tap is a software tag that makes a tap's URL.
import { writeFileSync } from "node:fs";
import { z } from "zod";
import { fromHex, toBase64Url } from "../core/bytes.js";
import { randomBytesPool } from "../core/crypto.js";
import { type NfcBatchStatement, nfcBatchSigningBytes } from "../core/event.js";
import { isValidExpiry, isValidLot, normalizeGtin } from "../core/gs1.js";
import {
  BATCH_ID,
  batchIdOf,
  batchKeyCommitment,
  hexUpper,
  NFC_KEY_BYTES,
  simulateTap,
  sunTemplate,
  tagKeys,
} from "../core/nfc.js";
import { mintTag, tagUrl } from "../core/tag.js";
import { nodeCrypto } from "../runtime/node/crypto.js";
import { api, CliError, csvLine, flags, readInput, readKeyFile, ServerUrl } from "./common.js";
import { checkOutputs } from "./mint.js";

const HELP = `usage: tagtrail nfc keygen --out batch.key
       tagtrail nfc register --batch batch.key --key maker.key [--server URL]
       tagtrail nfc personalise --batch batch.key --key maker.key --gtin GTIN --uids uids.txt --base URL
                                [--lot LOT] [--expiry YYMMDD] [--tamper] --out tags.csv
                                --station station.json [--format json|csv]
       tagtrail nfc revoke --batch ID --compromised-at TIME --key maker.key [--server URL]
       tagtrail nfc tap --batch batch.key --uid UID --url TEMPLATE --counter N [--seal CC|OO|OC|II]

NFC tags (NTAG 424 DNA) that prove each tap (SUN messages, AES mode; LRP mode is not supported).
  keygen       makes a batch master key (AES-128) offline, into a new file readable only by you
  register     sends the key to the tagtrail server, which keeps it sealed and logs a commitment
               to it; the operator needs it to check taps
  personalise  mints one tag per UID (uids.txt: one 7-byte UID per line, 14 hex digits, as the
               encoding station reads them), binding each UID into the signed tag. Writes the tags
               CSV for 'tagtrail commission' (--out) and, for the encoding station (--station,
               secret), each tag's five AES keys (AN10922-diversified from the batch key), the URL
               to write and the SDM settings and NDEF file that make the tag fill it in
  revoke       marks a batch key compromised from --compromised-at on: taps prove nothing after
  tap          a software tag: the URL a personalised tag gives at --counter (tests, demos)

options:
  --batch FILE|ID     the batch key file (keygen), or for revoke its ID
  --key FILE          the manufacturer's private key (tagtrail keygen)
  --tamper            NTAG 424 DNA TT: the tap carries the tamper loop's status (encrypted)
  --compromised-at T  RFC 3339 UTC time from which the key is considered compromised
  --server URL        the tagtrail server (default: $TAGTRAIL_SERVER or http://127.0.0.1:8080)`;

interface BatchFile {
  readonly batch: string;
  readonly key: Uint8Array;
  readonly commitment: string;
}

const BatchJson = z.object({
  batch: z.string().regex(BATCH_ID),
  key: z.string().regex(/^[0-9A-Fa-f]{32}$/),
  commitment: z.string(),
});

function readBatchFile(path: string): BatchFile {
  const text = readInput(path, "the NFC batch key file");
  let parsed: z.infer<typeof BatchJson>;
  try {
    parsed = BatchJson.parse(JSON.parse(text));
  } catch {
    throw new CliError(
      `${path} is not an NFC batch key file (JSON with batch, key, commitment, as 'tagtrail nfc keygen' writes)`,
      2,
    );
  }
  const key = fromHex(parsed.key) as Uint8Array;
  const commitment = batchKeyCommitment(nodeCrypto.sha256, key);
  if (commitment !== parsed.commitment || batchIdOf(commitment) !== parsed.batch) {
    throw new CliError(`${path}: its key does not match its commitment or batch ID; the file is damaged`, 2);
  }
  return { batch: parsed.batch, key, commitment };
}

const time = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

async function keygen(argv: string[]): Promise<number> {
  const parsed = flags(argv, { out: { type: "string" } }, z.object({ out: z.string().min(1) }), HELP);
  if (!parsed) return 0;
  const { out } = parsed.values;
  checkOutputs(out, undefined);
  const key = globalThis.crypto.getRandomValues(new Uint8Array(NFC_KEY_BYTES));
  const commitment = batchKeyCommitment(nodeCrypto.sha256, key);
  const batch = batchIdOf(commitment);
  writeFileSync(out, `${JSON.stringify({ batch, key: hexUpper(key), commitment }, null, 2)}\n`, {
    flag: "wx",
    mode: 0o600,
  });
  console.log(`wrote the NFC batch key ${batch} to ${out} (secret: keep it like a private key)`);
  console.log(`register it with the server: tagtrail nfc register --batch ${out} --key <maker.key>`);
  return 0;
}

async function postStatement(server: string, statement: NfcBatchStatement, seed: Uint8Array, key?: Uint8Array) {
  const signature = toBase64Url(nodeCrypto.ed25519.sign(nfcBatchSigningBytes(statement), seed));
  return api<{ batch: string; leafIndex: number; status: string }>(server, "POST", "/v1/nfc/batches", {
    statement,
    signature,
    ...(key ? { key: toBase64Url(key) } : {}),
  });
}

async function register(argv: string[]): Promise<number> {
  const parsed = flags(
    argv,
    { batch: { type: "string" }, key: { type: "string" }, server: { type: "string" } },
    z.object({ batch: z.string().min(1), key: z.string().min(1), server: ServerUrl }),
    HELP,
  );
  if (!parsed) return 0;
  const f = parsed.values;
  const batch = readBatchFile(f.batch);
  const maker = readKeyFile(f.key);
  const statement: NfcBatchStatement = {
    action: "register",
    actor: maker.keyId,
    batch: batch.batch,
    commitment: batch.commitment,
    time: time(Date.now()),
  };
  const r = await postStatement(f.server, statement, maker.seed, batch.key);
  console.log(
    `registered the NFC batch ${r.batch} (log entry ${r.leafIndex}${r.status === "existing" ? ", already registered" : ""})`,
  );
  return 0;
}

async function revoke(argv: string[]): Promise<number> {
  const parsed = flags(
    argv,
    {
      batch: { type: "string" },
      key: { type: "string" },
      "compromised-at": { type: "string" },
      server: { type: "string" },
    },
    z.object({
      batch: z.string().min(1),
      key: z.string().min(1),
      "compromised-at": z
        .string()
        .refine((t) => !Number.isNaN(Date.parse(t)), "an RFC 3339 time, e.g. 2026-11-20T00:00:00Z"),
      server: ServerUrl,
    }),
    HELP,
  );
  if (!parsed) return 0;
  const f = parsed.values;
  const batch = BATCH_ID.test(f.batch) ? f.batch : readBatchFile(f.batch).batch;
  const maker = readKeyFile(f.key);
  const statement: NfcBatchStatement = {
    action: "revoke",
    actor: maker.keyId,
    batch,
    compromisedAt: time(Date.parse(f["compromised-at"])),
    time: time(Date.now()),
  };
  const r = await postStatement(f.server, statement, maker.seed);
  console.log(`revoked the NFC batch ${r.batch} from ${statement.compromisedAt} on (log entry ${r.leafIndex})`);
  return 0;
}

/** UIDs from a file: one per line (or the uid column of a CSV), 7 bytes as 14 hex digits. */
function readUids(path: string): Uint8Array[] {
  const lines = readInput(path, "the UID list").split(/\r?\n/);
  const out: Uint8Array[] = [];
  const seen = new Set<string>();
  for (const [i, line] of lines.entries()) {
    const cell = line.split(",")[0]?.trim().replace(/[:\s]/g, "") ?? "";
    if (cell === "" || (i === 0 && /^uid$/i.test(cell))) continue;
    const uid = /^[0-9A-Fa-f]{14}$/.test(cell) ? fromHex(cell) : undefined;
    if (!uid) throw new CliError(`${path} line ${i + 1}: "${cell}" is not a 7-byte UID (14 hex digits)`, 2);
    if (seen.has(hexUpper(uid))) throw new CliError(`${path} line ${i + 1}: UID ${hexUpper(uid)} appears twice`, 2);
    seen.add(hexUpper(uid));
    out.push(uid);
  }
  if (out.length === 0) throw new CliError(`${path} lists no UIDs`, 2);
  return out;
}

async function personalise(argv: string[]): Promise<number> {
  const parsed = flags(
    argv,
    {
      batch: { type: "string" },
      key: { type: "string" },
      gtin: { type: "string" },
      uids: { type: "string" },
      base: { type: "string" },
      lot: { type: "string" },
      expiry: { type: "string" },
      tamper: { type: "boolean" },
      out: { type: "string" },
      station: { type: "string" },
      format: { type: "string" },
    },
    z.object({
      batch: z.string().min(1),
      key: z.string().min(1),
      gtin: z.string().refine((g) => normalizeGtin(g) !== undefined, "a GTIN with a valid check digit"),
      uids: z.string().min(1),
      base: z.url(),
      lot: z.string().refine(isValidLot, "1 to 20 characters of GS1 CSET 82").optional(),
      expiry: z.string().refine(isValidExpiry, "YYMMDD").optional(),
      tamper: z.boolean().default(false),
      out: z.string().min(1),
      station: z.string().min(1),
      format: z.enum(["json", "csv"]).default("json"),
    }),
    HELP,
  );
  if (!parsed) return 0;
  const f = parsed.values;
  if (f.out === f.station) throw new CliError("--station must be another file than --out: it holds the tags' keys", 2);
  checkOutputs(f.out, undefined);
  checkOutputs(f.station, undefined);
  const batch = readBatchFile(f.batch);
  const maker = readKeyFile(f.key);
  const uids = readUids(f.uids);
  const random = randomBytesPool();
  const tags = [csvLine(["url", "gtin", "serial", "lot", "expiry", "maker", "claim", "nfc_batch", "nfc_uid", "uid"])];
  const station: Record<string, unknown>[] = [];
  for (const uid of uids) {
    const { tag, signature } = mintTag(
      nodeCrypto,
      maker.seed,
      maker.keyId,
      {
        gtin: f.gtin,
        ...(f.lot ? { lot: f.lot } : {}),
        ...(f.expiry ? { expiry: f.expiry } : {}),
        nfc: { batch: batch.batch, uid },
      },
      random,
    );
    const url = tagUrl(f.base, tag.gtin, tag.serial, signature);
    let template: ReturnType<typeof sunTemplate>;
    try {
      template = sunTemplate(url, f.tamper);
    } catch (err) {
      throw new CliError(`${(err as Error).message}: use a shorter --base host`, 2);
    }
    const nfc = tag.nfc as { batch: string; uid: string };
    tags.push(
      csvLine([
        url,
        tag.gtin,
        tag.serial,
        tag.lot ?? "",
        tag.expiry ?? "",
        tag.maker,
        "",
        nfc.batch,
        nfc.uid,
        hexUpper(uid),
      ]),
    );
    const keys = tagKeys(nodeCrypto.aes, batch.key, uid).map(hexUpper);
    station.push({ serial: tag.serial, uid: hexUpper(uid), url: template.url, keys, sdm: template.settings });
  }
  const stationText =
    f.format === "json"
      ? `${JSON.stringify({ batch: batch.batch, tamper: f.tamper, tags: station }, null, 2)}\n`
      : [
          csvLine(["serial", "uid", "url", "key0", "key1", "key2", "key3", "key4", "sdm"]),
          ...station.map((s) =>
            csvLine([
              s.serial as string,
              s.uid as string,
              s.url as string,
              ...(s.keys as string[]),
              JSON.stringify(s.sdm),
            ]),
          ),
        ].join("");
  // The station's secrets first: a tags CSV is never left without the keys its tags need.
  writeFileSync(f.station, stationText, { flag: "wx", mode: 0o600 });
  writeFileSync(f.out, tags.join(""), { flag: "wx" });
  console.error(`wrote ${uids.length} NFC tags to ${f.out} (commission them: tagtrail commission --csv ${f.out})`);
  console.error(`wrote their keys, URLs and SDM settings to ${f.station} (secret: for the encoding station only)`);
  return 0;
}

async function tap(argv: string[]): Promise<number> {
  const parsed = flags(
    argv,
    {
      batch: { type: "string" },
      uid: { type: "string" },
      url: { type: "string" },
      counter: { type: "string" },
      seal: { type: "string" },
    },
    z.object({
      batch: z.string().min(1),
      uid: z.string().regex(/^[0-9A-Fa-f]{14}$/, "7 bytes as 14 hex digits"),
      url: z.url(),
      counter: z.coerce.number().int().min(0).max(0xffffff),
      seal: z.enum(["CC", "OO", "OC", "II"]).default("CC"),
    }),
    HELP,
  );
  if (!parsed) return 0;
  const f = parsed.values;
  const batch = readBatchFile(f.batch);
  const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));
  console.log(simulateTap(nodeCrypto.aes, batch.key, fromHex(f.uid) as Uint8Array, f.url, f.counter, random, f.seal));
  return 0;
}

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  keygen,
  register,
  personalise,
  personalize: personalise,
  revoke,
  tap,
};

export async function runNfc(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "--help" || sub === "-h") {
    console.log(HELP);
    return sub === undefined ? 2 : 0;
  }
  const run = SUBCOMMANDS[sub];
  if (!run) throw new CliError(`unknown nfc command "${sub}"\n\n${HELP}`, 2);
  return run(rest);
}
