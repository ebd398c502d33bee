// `tagtrail mint`: tags minted offline with the manufacturer's own key, as CSV and, on request,
// one QR code per tag (SVG or PNG). Nothing is sent anywhere.
import { accessSync, constants, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import QRCode from "qrcode";
import { z } from "zod";
import { formatClaimCode } from "../core/claim.js";
import { randomBytesPool } from "../core/crypto.js";
import { isValidExpiry, isValidLot, normalizeGtin } from "../core/gs1.js";
import { mintTag, tagUrl } from "../core/tag.js";
import { nodeCrypto } from "../runtime/node/crypto.js";
import { CliError, csvLine, flags, progress, readKeyFile } from "./common.js";

const HELP = `usage: tagtrail mint --key FILE --gtin GTIN --count N --base URL [--lot LOT] [--expiry YYMMDD]
                     [--lot-in-path] [--out tags.csv] [--qr svg|png --qr-dir DIR] [--claim-codes claims.csv]

Mints N tags offline: each gets a random 16-character serial and the manufacturer's Ed25519
signature over its identity, and becomes a GS1 Digital Link URL under --base. Writes CSV with
columns url,gtin,serial,lot,expiry,maker,claim (to stdout without --out) and, with --qr, one QR
code per tag named <serial>.svg or <serial>.png in --qr-dir.

With --claim-codes, each tag also gets a claim code (100 bits, printed as five groups of four) for
inside the packaging, so its buyer can claim it; the tags CSV carries only a salted commitment to
it (column claim, signed with the tag), and the codes go to their own CSV (serial, claim_code,
claim_url): keep that file apart, like a key. With --qr, a second QR per tag, <serial>.claim.svg
or .png, holds the claim URL.

options:
  --key FILE      the manufacturer's private key (tagtrail keygen)
  --gtin GTIN     GTIN-8/12/13/14 with a valid check digit
  --count N       how many tags (1 to 1,000,000)
  --base URL      the verify host, e.g. https://verify.example.com
  --lot LOT       batch/lot number (GS1 AI 10)
  --lot-in-path   put the lot in the URL too: /01/GTIN/10/LOT/21/SERIAL (GS1 Digital Link)
  --expiry DATE   expiry date as YYMMDD (GS1 AI 17)
  --out FILE      CSV output file (default: stdout)
  --qr FORMAT     also write QR codes: svg or png
  --qr-dir DIR    where QR codes go (default: qr)
  --claim-codes FILE  also make claim codes, written to FILE (a CSV that must not exist yet)`;

const Flags = z.object({
  key: z.string().min(1),
  gtin: z.string().refine((g) => normalizeGtin(g) !== undefined, "a GTIN with a valid check digit"),
  count: z.coerce.number().int().min(1).max(1_000_000),
  base: z.url(),
  lot: z.string().refine(isValidLot, "1 to 20 characters of GS1 CSET 82").optional(),
  expiry: z.string().refine(isValidExpiry, "YYMMDD").optional(),
  out: z.string().min(1).optional(),
  qr: z.enum(["svg", "png"]).optional(),
  "qr-dir": z.string().min(1).default("qr"),
  "claim-codes": z.string().min(1).optional(),
  "lot-in-path": z.boolean().default(false),
});

/** Refuses, before minting, outputs that would fail or overwrite: the CSV file and the QR folder. */
export function checkOutputs(out: string | undefined, qrDir: string | undefined): void {
  if (out !== undefined) {
    if (existsSync(out)) throw new CliError(`${out} already exists: choose another --out, or move it away first`, 1);
    const parent = dirname(resolve(out));
    if (!existsSync(parent) || !statSync(parent).isDirectory()) {
      throw new CliError(`cannot write ${out}: the folder ${parent} does not exist`, 1);
    }
    try {
      accessSync(parent, constants.W_OK);
    } catch {
      throw new CliError(`cannot write ${out}: the folder ${parent} is not writable`, 1);
    }
  }
  if (qrDir !== undefined) {
    try {
      mkdirSync(qrDir, { recursive: true });
      accessSync(qrDir, constants.W_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new CliError(
        `cannot write QR codes to ${qrDir} (${code === "EEXIST" || code === "ENOTDIR" ? "a file is in the way" : code}): choose another --qr-dir`,
        1,
      );
    }
  }
}

/** The claim page of a tag under `base`, with the code in the fragment (never sent to a server). */
function claimPageUrl(base: string, gtin: string, serial: string, code: string): string {
  return `${base.replace(/\/+$/, "")}/claim/01/${gtin}/21/${encodeURIComponent(serial)}#${formatClaimCode(code)}`;
}

async function writeQr(format: "svg" | "png", path: string, text: string): Promise<void> {
  if (format === "svg") {
    writeFileSync(`${path}.svg`, await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 4 }));
  } else {
    await QRCode.toFile(`${path}.png`, text, { type: "png", errorCorrectionLevel: "M", margin: 4, scale: 6 });
  }
}

export async function runMint(argv: string[]): Promise<number> {
  const parsed = flags(
    argv,
    {
      key: { type: "string" },
      gtin: { type: "string" },
      count: { type: "string" },
      base: { type: "string" },
      lot: { type: "string" },
      expiry: { type: "string" },
      out: { type: "string" },
      qr: { type: "string" },
      "qr-dir": { type: "string" },
      "claim-codes": { type: "string" },
      "lot-in-path": { type: "boolean" },
    },
    Flags,
    HELP,
  );
  if (!parsed) return 0;
  const f = parsed.values;
  // Every output is checked before any work: a run never fails half-way with files written.
  if (f["lot-in-path"] && !f.lot) throw new CliError("--lot-in-path needs --lot: there is no lot to put in the URL", 2);
  checkOutputs(f.out, f.qr ? f["qr-dir"] : undefined);
  const claimsOut = f["claim-codes"];
  if (claimsOut !== undefined) {
    if (claimsOut === f.out)
      throw new CliError("--claim-codes must be another file than --out: the codes are secret", 2);
    checkOutputs(claimsOut, undefined);
  }
  const key = readKeyFile(f.key);
  const random = randomBytesPool();
  const bar = progress("minting", f.count);
  const lines = [csvLine(["url", "gtin", "serial", "lot", "expiry", "maker", "claim"])];
  const claimLines = [csvLine(["serial", "claim_code", "claim_url"])];
  for (let i = 0; i < f.count; i++) {
    const { tag, signature, claimCode } = mintTag(
      nodeCrypto,
      key.seed,
      key.keyId,
      {
        gtin: f.gtin,
        ...(f.lot ? { lot: f.lot } : {}),
        ...(f.expiry ? { expiry: f.expiry } : {}),
        claimCode: claimsOut !== undefined,
      },
      random,
    );
    const url = tagUrl(f.base, tag.gtin, tag.serial, signature, f["lot-in-path"] ? tag.lot : undefined);
    lines.push(csvLine([url, tag.gtin, tag.serial, tag.lot ?? "", tag.expiry ?? "", tag.maker, tag.claim ?? ""]));
    const claimUrl = claimCode && claimPageUrl(f.base, tag.gtin, tag.serial, claimCode);
    if (claimCode && claimUrl) claimLines.push(csvLine([tag.serial, formatClaimCode(claimCode), claimUrl]));
    if (f.qr) {
      await writeQr(f.qr, join(f["qr-dir"], tag.serial), url);
      if (claimUrl) await writeQr(f.qr, join(f["qr-dir"], `${tag.serial}.claim`), claimUrl);
    }
    bar.tick();
  }
  bar.done();
  // The codes first: a tags CSV is never left without the codes its commitments need.
  if (claimsOut) writeFileSync(claimsOut, claimLines.join(""), { flag: "wx", mode: 0o600 });
  if (f.out) writeFileSync(f.out, lines.join(""), { flag: "wx" });
  else process.stdout.write(lines.join(""));
  if (f.out) console.error(`wrote ${f.count} tags to ${f.out}${f.qr ? ` and QR codes to ${f["qr-dir"]}/` : ""}`);
  if (claimsOut)
    console.error(`wrote ${f.count} claim codes to ${claimsOut} (secret: print them inside the packaging only)`);
  if (f.count < 1) throw new CliError("nothing minted");
  return 0;
}
