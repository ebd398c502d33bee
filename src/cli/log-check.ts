// `tagtrail log-check`: what a monitor does. Fetches the log's signed checkpoint, verifies its
// signature with a verifier key the user pins, and checks that it is an append-only extension of
// the checkpoint seen last time (kept in a state file), with an RFC 9162 consistency proof.
import { z } from "zod";
import { logVerifier, reportFailure, saveCheckpoint, trackCheckpoint } from "./checkpoint-tracker.js";
import { CliError, flags } from "./common.js";

const HELP = `usage: tagtrail log-check --url URL --key VKEY [--state FILE]

Fetches URL/v1/log/checkpoint, verifies it was signed by VKEY (the log's verifier key, as
printed by the server and served at /v1/log/key), and, when FILE holds an earlier checkpoint,
verifies the log only grew since. Stores the new checkpoint in FILE. Exit status 0 when all
checks pass, 1 when one fails.

options:
  --url URL     base URL of a tagtrail server (required; --server URL is the same, as for audit)
  --key VKEY    the log's verifier key, pinned out of band (required; --log-key VKEY is the same)
  --state FILE  where the last verified checkpoint is kept (default: .tagtrail-checkpoint)
  --help        show this help`;

const Url = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" });
const ALIASES = [
  ["url", "server"],
  ["key", "log-key"],
] as const;

/** Each of --url and --key also goes by the name `tagtrail audit` gives it; one of the two is required. */
const Flags = z
  .object({
    url: Url.optional(),
    server: Url.optional(),
    key: z.string().min(1).optional(),
    "log-key": z.string().min(1).optional(),
    state: z.string().min(1).default(".tagtrail-checkpoint"),
  })
  .superRefine((v, ctx) => {
    for (const [flag, alias] of ALIASES) {
      if ((v[flag] === undefined) === (v[alias] === undefined)) {
        ctx.addIssue({ code: "custom", path: [flag], message: `required: give --${flag} or --${alias}, not both` });
      }
    }
  })
  .transform((v) => ({
    server: (v.url ?? v.server) as string,
    key: (v.key ?? v["log-key"]) as string,
    state: v.state,
  }));

export async function runLogCheck(argv: string[]): Promise<number> {
  const parsed = flags(
    argv,
    {
      url: { type: "string" },
      server: { type: "string" },
      key: { type: "string" },
      "log-key": { type: "string" },
      state: { type: "string" },
    },
    Flags,
    HELP,
  );
  if (!parsed) return 0;
  if (parsed.positionals.length > 0) throw new CliError(`unexpected argument ${parsed.positionals[0]}\n\n${HELP}`, 2);
  const { server, key, state } = parsed.values;
  const outcome = await trackCheckpoint(server, await logVerifier(server, key), state);
  if (!outcome.ok) return reportFailure(outcome);
  const { checkpoint, previous } = outcome;
  saveCheckpoint(state, outcome);
  console.log(
    previous
      ? `ok: ${checkpoint.origin} grew from ${previous.size} to ${checkpoint.size} entries, consistently`
      : `ok: ${checkpoint.origin} at ${checkpoint.size} entries (first checkpoint seen; saved to ${state})`,
  );
  return 0;
}
