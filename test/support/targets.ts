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

export function bothRuntimes(origin: string, vars: Record<string, string> = {}): [string, () => Promise<Target>][] {
  return [
    [
      "npm start (Node, SQLite)",
      () => spawnNodeServer(tempDir(), { TAGTRAIL_LOG_ORIGIN: origin, TAGTRAIL_ACCESS_LOG: "off", ...vars }),
    ],
    ["wrangler dev (Workers, D1)", () => spawnWranglerDev(origin, vars)],
  ];
}
