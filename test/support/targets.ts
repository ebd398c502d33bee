// The two ways the service runs, for end-to-end suites that run against both: its own Node process
// as `npm start` runs it (a real SQLite file) and the Workers build under `wrangler dev` (local D1
// and the Sequencer Durable Object in workerd). `vars` go to both.
import { spawnNodeServer } from "./node-process.js";
import { tempDir } from "./temp.js";
import { spawnWranglerDev } from "./wrangler-process.js";

export interface Target {
  readonly base: string;
  readonly adminToken: string;
  close(): Promise<void>;
}

/**
 * `vars` go to both as environment (Node) or vars (wrangler dev); `secrets` to Node's environment
 * and wrangler's .dev.vars (where multi-line values may go). Either may be computed at start.
 */
export function bothRuntimes(
  origin: string,
  vars: Record<string, string> | (() => Record<string, string>) = {},
  secrets: (runtime: "node" | "workers") => Record<string, string> = () => ({}),
): [string, () => Promise<Target>][] {
  const v = () => (typeof vars === "function" ? vars() : vars);
  return [
    [
      "npm start (Node, SQLite)",
      () =>
        spawnNodeServer(tempDir(), {
          TAGTRAIL_LOG_ORIGIN: origin,
          TAGTRAIL_ACCESS_LOG: "off",
          ...v(),
          ...secrets("node"),
        }),
    ],
    ["wrangler dev (Workers, D1)", () => spawnWranglerDev(origin, v(), undefined, secrets("workers"))],
  ];
}
