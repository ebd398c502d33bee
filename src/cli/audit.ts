// `tagtrail audit`: an independent auditor. Fetches the signed checkpoint, checks it extends the
// last one seen, downloads every leaf, recomputes the tree root, and replays every chain rule.
import { z } from "zod";
import { fromBase64 } from "../core/bytes.js";
import { CompactRange } from "../core/merkle/compact.js";
import { treeHasher } from "../core/merkle/hash.js";
import { LogReplay } from "../core/replay.js";
import { nodeCrypto } from "../runtime/node/crypto.js";
import { logVerifier, reportFailure, saveCheckpoint, trackCheckpoint } from "./checkpoint-tracker.js";
import { api, CliError, flags, progress, ServerUrl } from "./common.js";

const HELP = `usage: tagtrail audit [--server URL] [--log-key VKEY] [--state FILE]

Audits a tagtrail log end to end: verifies the signed checkpoint (pin the key with --log-key),
checks it is an append-only extension of the checkpoint in FILE, downloads every leaf,
recomputes the Merkle root, and replays every rule: parties and keys, commissioning signatures
and prefixes, every event's signature, prev link and custody rule. Exit status 0 when clean.

options:
  --server URL     the tagtrail server (default: $TAGTRAIL_SERVER or http://127.0.0.1:8080)
  --log-key VKEY   the log's verifier key, obtained out of band
  --state FILE     last audited checkpoint (default: .tagtrail-audit)`;

export async function runAudit(argv: string[]): Promise<number> {
  const parsed = flags(
    argv,
    { server: { type: "string" }, "log-key": { type: "string" }, state: { type: "string" } },
    z.object({ server: ServerUrl, "log-key": z.string().optional(), state: z.string().default(".tagtrail-audit") }),
    HELP,
  );
  if (!parsed) return 0;
  if (parsed.positionals.length > 0) throw new CliError(`unexpected argument ${parsed.positionals[0]}\n\n${HELP}`, 2);
  const { server, state } = parsed.values;
  const outcome = await trackCheckpoint(server, await logVerifier(server, parsed.values["log-key"]), state);
  if (!outcome.ok) return reportFailure(outcome);
  const cp = outcome.checkpoint;

  const hasher = treeHasher(nodeCrypto.sha256);
  const tree = CompactRange.empty(hasher);
  const replay = new LogReplay(nodeCrypto);
  const bar = progress("replaying", cp.size);
  while (tree.size < cp.size) {
    const count = Math.min(1000, cp.size - tree.size);
    const page = await api<{ leaves: string[] }>(server, "GET", `/v1/log/leaves?start=${tree.size}&count=${count}`);
    if (page.leaves.length !== count) throw new CliError(`the server sent ${page.leaves.length} leaves, not ${count}`);
    for (const b64 of page.leaves) {
      const leaf = fromBase64(b64);
      if (!leaf) throw new CliError(`leaf ${tree.size} is not base64`);
      replay.apply(tree.size, leaf);
      tree.append(hasher.hashLeaf(leaf));
    }
    bar.tick(count);
  }
  bar.done();
  const rootOk = tree.root().every((b, i) => b === cp.root[i]);
  if (!rootOk) console.error("FAIL: the leaves do not hash to the signed root");
  for (const v of replay.violations.slice(0, 50)) console.error(`FAIL: entry ${v.index}: ${v.code}: ${v.detail}`);
  if (!rootOk || replay.violations.length > 0) return 1;
  saveCheckpoint(state, outcome);
  console.log(
    `ok: ${cp.origin} at ${cp.size} entries: root matches; ${replay.parties.size} parties, ${replay.keys.size} keys, ${replay.tags.size} tags, every rule holds`,
  );
  return 0;
}
