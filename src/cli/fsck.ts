// `tagtrail fsck`: locates damage in a Node deployment's log database, row by row, when the
// service has refused to sign (it prints "LOG STORAGE DAMAGED") or before restoring a backup.
// Reads the database file only; never writes.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { type NoteVerifier, parseSignerKey, parseVerifierKey } from "../core/note.js";
import { fsck } from "../log/fsck.js";
import { nodeCrypto } from "../runtime/node/crypto.js";
import { openDatabase } from "../store/sqlite/database.js";
import { SqliteLogStore } from "../store/sqlite/log-store.js";
import { CliError, flags } from "./common.js";

const HELP = `usage: tagtrail fsck [--data-dir DIR] [--log-key VKEY]

Checks every row of the log in DIR/tagtrail.db (read-only; stop the service or not, as you
like): each leaf present and hashing to its stored leaf hash, each stored node the hash of its
children, the tree head the root of the right edge, each checkpoint signed by the log and
sealing the stored tree. Prints every damaged row it finds. Exit status 0 when clean, 1 when
damage was found.

Checkpoint signatures are checked with --log-key, else with the key in $TAGTRAIL_LOG_KEY or
DIR/log.key.

options:
  --data-dir DIR   the service's data directory (default: $TAGTRAIL_DATA_DIR or data)
  --log-key VKEY   the log's verifier key`;

/** The log's key from the flag, the environment or the data directory, if any. */
function verifierFor(dataDir: string, vkey: string | undefined): NoteVerifier | undefined {
  if (vkey !== undefined) return parseVerifierKey(nodeCrypto.sha256, vkey);
  const secret =
    process.env.TAGTRAIL_LOG_KEY ??
    (existsSync(join(dataDir, "log.key")) ? readFileSync(join(dataDir, "log.key"), "utf8") : undefined);
  return secret === undefined ? undefined : parseSignerKey(nodeCrypto, secret.trim());
}

export async function runFsck(argv: string[]): Promise<number> {
  const parsed = flags(
    argv,
    { "data-dir": { type: "string" }, "log-key": { type: "string" } },
    z.object({
      "data-dir": z
        .string()
        .min(1)
        .default(process.env.TAGTRAIL_DATA_DIR ?? "data"),
      "log-key": z.string().min(1).optional(),
    }),
    HELP,
  );
  if (!parsed) return 0;
  const dir = parsed.values["data-dir"];
  const file = join(dir, "tagtrail.db");
  if (!existsSync(file)) {
    throw new CliError(
      `no database at ${file}: give the service's data directory with --data-dir (or TAGTRAIL_DATA_DIR)`,
      2,
    );
  }
  let verifier: NoteVerifier | undefined;
  try {
    verifier = verifierFor(dir, parsed.values["log-key"]);
  } catch (err) {
    throw new CliError(
      `the log key could not be read (${(err as Error).message}); pass the verifier key with --log-key`,
      2,
    );
  }
  const db = openDatabase(file, { readonly: true });
  try {
    console.log(`checking ${file}${verifier ? ` (checkpoints against ${verifier.name})` : ""}`);
    if (!verifier) console.log("note: no log key found; checkpoint signatures are not checked (--log-key)");
    const report = await fsck(new SqliteLogStore(db, nodeCrypto), nodeCrypto, verifier ? { verifier } : {});
    console.log(
      `${report.size} leaves, ${report.nodesChecked} interior nodes and ${report.checkpointsChecked} checkpoints checked`,
    );
    if (report.findings.length === 0) {
      console.log("no damage found");
      return 0;
    }
    for (const f of report.findings) console.log(`DAMAGED ${f.where}: ${f.what}`);
    if (report.truncated)
      console.log(`(more damage not listed: the first ${report.findings.length} findings are shown)`);
    console.log(
      "\nwhat to do: keep the service's writes stopped; restore the damaged rows from a backup or a replica of the\n" +
        "same log (leaves and checkpoints are public: any auditor's copy of /v1/log/leaves serves), then run fsck again.",
    );
    return 1;
  } finally {
    db.close();
  }
}
