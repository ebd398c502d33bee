// `tagtrail verify <url>`: asks the server for a tag's verdict, then re-checks everything it was
// sent without trusting the server: the checkpoint's signature, the chain head's inclusion in
// the log, each entry's hash link and signature, and that each key matches its key ID. Fails
// closed: a verdict is printed only once every proof held.
import { z } from "zod";
import type { PolicyRecheck, VerifyResult } from "../core/answer.js";
import { recheckProofs, recheckWithPolicy } from "../core/answer.js";
import { fromBase64 } from "../core/bytes.js";
import { parseEntryBytes } from "../core/event.js";
import { parseVerifierKey } from "../core/note.js";
import { parsePolicy, type TlogPolicy } from "../core/policy.js";
import { checkTagProofFile } from "../core/proof-file.js";
import { parseTagUrl } from "../core/tag.js";
import { nodeCrypto } from "../runtime/node/crypto.js";
import { CliError, describeProblem, flags, readInput, request } from "./common.js";

const HELP = `usage: tagtrail verify URL [--server URL] [--log-key VKEY | --policy FILE] [--json]
       tagtrail verify --offline PROOF.tlog-proof --policy FILE

Verifies a tag: asks the server for its verdict, re-checks the proofs locally, and prints the
verdict and reasons only if every proof holds. The server asked is the URL's own host, or
--server (for tags minted with another verify host, e.g. your production domain).
Pin the log's verifier key with --log-key (otherwise the key the server sends is used, and the
output says so). Exit status: 0 authentic, 5 caution (genuine, not in a shop yet), 6 recalled
(the maker's instructions are printed), 3 warning, 4 counterfeit, 1 when a proof or the pinned
key fails (no verdict is printed then), 2 for bad usage.
An NFC tag's tap URL (with e=, f=, m=) proves one tap: checked again, it answers that the tap was
already checked (caution); tap the tag for a new URL.

options:
  --server URL     ask this tagtrail server instead of the URL's host
  --log-key VKEY   the log's verifier key, obtained out of band
  --policy FILE    a C2SP tlog-policy (the log's key, its witnesses and their quorum): the answer
                   counts only if the quorum cosigned its checkpoint; prints how fresh it is
  --json           print the server's answer as JSON too
  --offline FILE   check a tag's proof file (C2SP tlog-proof, from the verify page or
                   /v1/tags/<gtin>/<serial>/proof) with no network, against --policy: its chain,
                   signatures, links, the head's inclusion, the log's key and the witnesses' quorum`;

export async function runVerify(argv: string[]): Promise<number> {
  const parsed = flags(
    argv,
    {
      server: { type: "string" },
      "log-key": { type: "string" },
      policy: { type: "string" },
      offline: { type: "string" },
      json: { type: "boolean" },
    },
    z.object({
      server: z.url().optional(),
      "log-key": z.string().optional(),
      policy: z.string().min(1).optional(),
      offline: z.string().min(1).optional(),
      json: z.boolean().optional(),
    }),
    HELP,
  );
  if (!parsed) return 0;
  if (parsed.values.offline !== undefined) return verifyOffline(parsed.values.offline, parsed.values.policy);
  const given = parsed.positionals[0];
  const tag = given ? parseTagUrl(given) : undefined;
  if (!given || !tag) {
    throw new CliError(
      `${given ? `not a tag URL: ${given}` : "give a tag URL"} (expected …/01/<GTIN>/21/<serial>?s=<signature>)\n\n${HELP}`,
      2,
    );
  }
  const policyFile = parsed.values.policy;
  if (policyFile !== undefined && parsed.values["log-key"] !== undefined) {
    throw new CliError("give --log-key or --policy, not both: a policy pins the log's key itself", 2);
  }
  let policy: TlogPolicy | undefined;
  if (policyFile !== undefined) {
    try {
      policy = parsePolicy(nodeCrypto, readInput(policyFile, "the policy file"));
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError(`${policyFile} is not a tlog-policy file: ${(err as Error).message}`, 2);
    }
  }
  const pinned = parsed.values["log-key"];
  if (pinned !== undefined) {
    try {
      parseVerifierKey(nodeCrypto.sha256, pinned);
    } catch (err) {
      throw new CliError(
        `--log-key is not a log verifier key (${(err as Error).message}); copy it as npm start prints it or from <server>/v1/log/key`,
        2,
      );
    }
  }
  const server = parsed.values.server;
  // The URL's own path and query, on --server if given: an NFC tap's data (e, f, m) comes along.
  const { pathname, search } = new URL(given);
  const url = server ? `${server.replace(/\/+$/, "")}${pathname}${search}` : given;
  const res = await request(
    url,
    { headers: { accept: "application/json" } },
    server
      ? "is the tagtrail server running at --server?"
      : "the tag's own host did not answer; ask another server with --server URL",
  );
  const { text } = res;
  if (!res.ok) throw new CliError(`GET ${url} failed: ${describeProblem(res.status, text)}`);
  let result: VerifyResult;
  try {
    result = JSON.parse(text) as VerifyResult;
  } catch {
    throw new CliError(`GET ${url} did not answer with a verdict (not JSON): is it a tagtrail server?`);
  }
  if (parsed.values.json) console.log(JSON.stringify(result, null, 2));

  // Proofs first: nothing the server says is printed as a verdict before they hold.
  let witnessed: PolicyRecheck | undefined;
  if (result.proofs) {
    // Against the tag that was scanned (from the URL), not the one the answer names: a host that
    // answers every URL with one genuine tag's proofs must fail here.
    witnessed = policy && recheckWithPolicy(nodeCrypto, tag, result.proofs, policy, Math.floor(Date.now() / 1000));
    const failures =
      witnessed?.failures ?? recheckProofs(nodeCrypto, tag, result.proofs, pinned ?? result.proofs.logKey);
    if (failures.length > 0) {
      for (const f of failures) console.error(`proof FAILED: ${f}`);
      console.error(
        `tagtrail verify: the server's answer did not check out, so its verdict ("${result.verdict}") is not shown as one. ` +
          (pinned ? "Check that --log-key is this log's key; if it is, " : "") +
          "report this server to the brand: it served proofs that do not hold.",
      );
      return 1;
    }
  } else if (result.verdict !== "counterfeit") {
    console.error(`tagtrail verify: the server answered "${result.verdict}" without proofs; not trusting it`);
    return 1;
  }
  console.log(`verdict: ${result.verdict}`);
  if (witnessed?.ageSeconds !== undefined) {
    const names = witnessed.cosignatures.map((c) => c.name).join(", ");
    console.log(
      `log state as of ≤ ${witnessed.ageSeconds} s ago, seen by ${witnessed.cosignatures.length} independent witnesses (${names})`,
    );
  }
  for (const r of result.reasons) {
    console.log(`  - ${r.code}: ${r.message}`);
    if (r.recall?.instructions) console.log(`    the maker says: ${r.recall.instructions}`);
    if (r.recall?.url) console.log(`    the maker's notice: ${r.recall.url}`);
  }
  if (result.proofs) {
    console.log(
      `proofs: ${result.proofs.entries.length} entries, signatures, hash links and log inclusion re-checked locally: ok`,
    );
    if (!pinned && !policy)
      console.log(
        "note: log key not pinned (--log-key or --policy); the proofs were checked with the key the server sent",
      );
  }
  const EXIT: Record<VerifyResult["verdict"], number> = {
    authentic: 0,
    warning: 3,
    counterfeit: 4,
    caution: 5,
    recalled: 6,
  };
  return EXIT[result.verdict];
}

/** `--offline`: a tag's tlog-proof file checked against a policy, with no network at all. */
function verifyOffline(file: string, policyFile: string | undefined): number {
  if (policyFile === undefined) {
    throw new CliError(
      "--offline needs --policy FILE: a proof counts only against the log key and witnesses you trust",
      2,
    );
  }
  let policy: TlogPolicy;
  try {
    policy = parsePolicy(nodeCrypto, readInput(policyFile, "the policy file"));
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`${policyFile} is not a tlog-policy file: ${(err as Error).message}`, 2);
  }
  const checked = checkTagProofFile(
    nodeCrypto,
    readInput(file, "the proof file"),
    policy,
    Math.floor(Date.now() / 1000),
  );
  if (checked.failures.length > 0) {
    for (const f of checked.failures) console.error(`proof FAILED: ${f}`);
    console.error(`tagtrail verify: ${file} does not prove this tag's history under ${policyFile}; do not rely on it.`);
    return 1;
  }
  const tag = checked.tag as NonNullable<typeof checked.tag>;
  console.log(`tag ${tag.gtin}/${tag.serial}: ${tag.entries.length} entries, proven offline`);
  for (const [index, leaf] of tag.entries) {
    const entry = parseEntryBytes(fromBase64(leaf) ?? new Uint8Array(0));
    const what =
      entry?.kind === "commission"
        ? "commission"
        : entry?.kind === "event"
          ? `${entry.event.type} ${entry.event.time}`
          : entry?.kind === "holder"
            ? `${entry.statement.type} ${entry.statement.day}`
            : (entry?.kind ?? "?");
    console.log(`  ${String(index).padStart(8)}  ${what}`);
  }
  const names = checked.cosignatures.map((c) => c.name).join(", ");
  if (checked.ageSeconds !== undefined) {
    console.log(
      `log state as of ≤ ${checked.ageSeconds} s ago, seen by ${checked.cosignatures.length} independent witnesses (${names})`,
    );
  } else console.log("the policy asks for no witnesses: the log's signature alone");
  return 0;
}
