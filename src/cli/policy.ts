// `tagtrail policy`: prints a deployment's C2SP tlog-policy (its log key, its witnesses and their
// quorum), as the server states it: the file verifiers pin (tagtrail verify --policy).
import { z } from "zod";
import { parsePolicy } from "../core/policy.js";
import { nodeCrypto } from "../runtime/node/crypto.js";
import { apiText, CliError, flags, ServerUrl } from "./common.js";

const HELP = `usage: tagtrail policy [--server URL]

Prints the deployment's transparency-log policy (C2SP tlog-policy): the log's verifier key, the
witnesses that cosign its checkpoints and the quorum a checkpoint needs. Keep it, check the log
key out of band, and give it to 'tagtrail verify --policy FILE'.

options:
  --server URL   the tagtrail server (default: $TAGTRAIL_SERVER or http://127.0.0.1:8080)`;

export async function runPolicy(argv: string[]): Promise<number> {
  const parsed = flags(argv, { server: { type: "string" } }, z.object({ server: ServerUrl }), HELP);
  if (!parsed) return 0;
  const text = await apiText(parsed.values.server, "/v1/log/policy");
  try {
    parsePolicy(nodeCrypto, text);
  } catch (err) {
    throw new CliError(`the server's policy does not parse (${(err as Error).message}); report it to its operator`);
  }
  process.stdout.write(text);
  return 0;
}
