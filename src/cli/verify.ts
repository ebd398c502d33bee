// `tagtrail verify <url>`: asks the server for a tag's verdict, then re-checks everything it was
// sent without trusting the server: the checkpoint's signature, the chain head's inclusion in
// the log, each entry's hash link and signature, and that each key matches its key ID.
import { z } from "zod";
import { recheckProofs } from "../core/answer.js";
import { parseTagUrl } from "../core/tag.js";
import { nodeCrypto } from "../runtime/node-crypto.js";
import type { VerifyResult } from "../service/verify.js";
import { CliError, flags } from "./common.js";

const HELP = `usage: tagtrail verify URL [--log-key VKEY] [--json]

Verifies a tag: prints the server's verdict and reasons, then re-checks the proofs locally.
Pin the log's verifier key with --log-key (otherwise the key the server sends is used, and the
output says so). Exit status: 0 authentic, 3 warning, 4 counterfeit, 1 when a proof fails.

options:
  --log-key VKEY   the log's verifier key, obtained out of band
  --json           print the server's answer as JSON too`;

export async function runVerify(argv: string[]): Promise<number> {
  const parsed = flags(
    argv,
    { "log-key": { type: "string" }, json: { type: "boolean" } },
    z.object({ "log-key": z.string().optional(), json: z.boolean().optional() }),
    HELP,
  );
  if (!parsed) return 0;
  const url = parsed.positionals[0];
  if (!url || !parseTagUrl(url)) throw new CliError(`give a tag URL\n\n${HELP}`, 2);
  const res = await fetch(url, { headers: { accept: "application/json" } });
  if (!res.ok) throw new CliError(`the server answered HTTP ${res.status}`);
  const result = (await res.json()) as VerifyResult;
  if (parsed.values.json) console.log(JSON.stringify(result, null, 2));
  console.log(`verdict: ${result.verdict}`);
  for (const r of result.reasons) console.log(`  - ${r.code}: ${r.message}`);
  if (result.proofs) {
    const pinned = parsed.values["log-key"];
    const failures = recheckProofs(nodeCrypto, result.product, result.proofs, pinned ?? result.proofs.logKey);
    if (!pinned) console.log("note: log key not pinned (--log-key); using the one the server sent");
    if (failures.length > 0) {
      for (const f of failures) console.log(`proof FAILED: ${f}`);
      return 1;
    }
    console.log(
      `proofs: ${result.proofs.entries.length} entries, signatures, hash links and log inclusion re-checked locally: ok`,
    );
  }
  return result.verdict === "authentic" ? 0 : result.verdict === "warning" ? 3 : 4;
}
