// `tagtrail witness`: runs a C2SP tlog-witness for the logs a policy file lists, with its own
// SQLite file and key in its data directory. Partners, industry bodies or a customs authority run
// one; the log's operator lists it in the deployment's policy.
import { z } from "zod";
import { startWitness } from "../runtime/node/witness.js";
import { CliError, flags, readInput } from "./common.js";

const HELP = `usage: tagtrail witness --name NAME --policy FILE [--data DIR] [--host HOST] [--port PORT]

Runs a transparency-log witness (C2SP tlog-witness, cosignature/v1): it follows the logs that the
policy file's "log <vkey>" lines name, keeps the latest checkpoint it cosigned of each (in
DIR/witness.db), and cosigns a new one only if a consistency proof shows it extends that one.
Its Ed25519 key is made on first start (DIR/witness.key, mode 0600); its verifier key is printed:
add "witness <name> <vkey> <url>" to the log's policy.

options:
  --name NAME     the witness's name, e.g. witness.example.org/w1
  --policy FILE   a tlog-policy file naming the logs to follow
  --data DIR      where the key and state live (default: witness-data)
  --host HOST     address to listen on (default: 127.0.0.1)
  --port PORT     port (default: 8090; 0 picks a free one)`;

export async function runWitness(argv: string[]): Promise<number> {
  const parsed = flags(
    argv,
    {
      name: { type: "string" },
      policy: { type: "string" },
      data: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
    },
    z.object({
      name: z.string().regex(/^[^\s+]+$/, "a key name: no spaces or plus signs"),
      policy: z.string().min(1),
      data: z.string().min(1).default("witness-data"),
      host: z.string().min(1).default("127.0.0.1"),
      port: z.coerce.number().int().min(0).max(65535).default(8090),
    }),
    HELP,
  );
  if (!parsed) return 0;
  const f = parsed.values;
  readInput(f.policy, "the policy file");
  let running: Awaited<ReturnType<typeof startWitness>>;
  try {
    running = await startWitness({ dataDir: f.data, name: f.name, policy: f.policy, host: f.host, port: f.port });
  } catch (err) {
    throw new CliError(
      `cannot start the witness: ${(err as Error).message} (check --policy, and that --data ${f.data} is writable and --port free)`,
    );
  }
  console.log(`witness ${f.name} listening on ${running.base}`);
  console.log(`  add to the log's policy: witness <name> ${running.vkey} ${running.base}`);
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  await running.close();
  return 0;
}
