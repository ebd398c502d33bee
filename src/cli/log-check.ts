// `tagtrail log-check`: what a monitor does. Fetches the log's signed checkpoint, verifies its
// signature with a verifier key the user pins, and checks that it is an append-only extension of
// the checkpoint seen last time (kept in a state file), with an RFC 9162 consistency proof.
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { fromBase64 } from "../core/bytes.js";
import { parseCheckpoint } from "../core/checkpoint.js";
import { treeHasher } from "../core/merkle/hash.js";
import { verifyConsistencyWith } from "../core/merkle/verify.js";
import { openNote, parseVerifierKey } from "../core/note.js";
import { nodeCrypto } from "../runtime/node-crypto.js";
import { api, apiText } from "./common.js";

const HELP = `usage: tagtrail log-check --url URL --key VKEY [--state FILE]

Fetches URL/v1/log/checkpoint, verifies it was signed by VKEY (the log's verifier key, as
printed by the server and served at /v1/log/key), and, when FILE holds an earlier checkpoint,
verifies the log only grew since. Stores the new checkpoint in FILE. Exit status 0 when all
checks pass, 1 when one fails.

options:
  --url URL     base URL of a tagtrail server (required)
  --key VKEY    the log's verifier key, pinned out of band (required)
  --state FILE  where the last verified checkpoint is kept (default: .tagtrail-checkpoint)
  --help        show this help`;

const Flags = z.object({
  url: z.url({ message: "--url must be an http(s) URL" }),
  key: z.string().min(1, "--key VKEY is required"),
  state: z.string().min(1).default(".tagtrail-checkpoint"),
});

export async function runLogCheck(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { url: { type: "string" }, key: { type: "string" }, state: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const flags = Flags.safeParse(values);
  if (!flags.success) {
    console.error(
      `tagtrail log-check: ${flags.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}\n\n${HELP}`,
    );
    return 2;
  }
  const { url, key, state } = flags.data;
  const verifier = parseVerifierKey(nodeCrypto.sha256, key);
  const note = await apiText(url, "/v1/log/checkpoint");
  const current = parseCheckpoint(openNote(nodeCrypto, note, [verifier]).text);
  if (current.origin !== verifier.name) throw new Error(`checkpoint origin ${current.origin} is not ${verifier.name}`);

  let previousNote: string | undefined;
  try {
    previousNote = readFileSync(state, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  if (previousNote !== undefined) {
    const previous = parseCheckpoint(openNote(nodeCrypto, previousNote, [verifier]).text);
    if (previous.size > current.size) {
      console.error(`FAIL: the log shrank from ${previous.size} to ${current.size} entries`);
      return 1;
    }
    const proof = z
      .array(z.string())
      .parse(await api(url, "GET", `/v1/log/proof/consistency?from=${previous.size}&to=${current.size}`))
      .map((h) => fromBase64(h) ?? new Uint8Array(0));
    if (
      !verifyConsistencyWith(
        treeHasher(nodeCrypto.sha256),
        previous.size,
        current.size,
        proof,
        previous.root,
        current.root,
      )
    ) {
      console.error(`FAIL: checkpoint ${current.size} is not an append-only extension of checkpoint ${previous.size}`);
      return 1;
    }
    console.log(`ok: ${current.origin} grew from ${previous.size} to ${current.size} entries, consistently`);
  } else {
    console.log(`ok: ${current.origin} at ${current.size} entries (first checkpoint seen; saved to ${state})`);
  }
  writeFileSync(state, note);
  return 0;
}
