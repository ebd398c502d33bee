// The Workers build deploys: `wrangler deploy --dry-run` bundles src/runtime/workers/entry.ts
// with wrangler.toml's bindings (no account, no network) and the bundle fits the Workers size
// limit (3 MiB gzip on the free plan, 10 MiB paid); its build step puts the /docs viewer's files
// in the static assets.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { DOCS_ASSETS } from "../src/http/docs-routes.js";
import { tempDir } from "./support/temp.js";

it("wrangler deploy --dry-run bundles the Worker with D1, the Sequencer and the assets", () => {
  const out = tempDir("tagtrail-worker-build-");
  const root = join(import.meta.dirname, "..");
  const run = spawnSync(join(root, "node_modules", ".bin", "wrangler"), ["deploy", "--dry-run", "--outdir", out], {
    cwd: root,
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", CI: "true" },
    encoding: "utf8",
  });
  const output = `${run.stdout}${run.stderr}`;
  expect(run.status, output).toBe(0);
  for (const binding of ["env.SEQUENCER (Sequencer)", "env.DB (tagtrail)", "env.ASSETS"]) {
    expect(output).toContain(binding);
  }
  const gzip = /Total Upload: [\d.]+ KiB \/ gzip: ([\d.]+) KiB/.exec(output);
  expect(gzip, output).not.toBeNull();
  expect(Number(gzip?.[1])).toBeLessThan(3 * 1024);
  // wrangler.toml's [build] put the API reference viewer where the Worker reads it (entry.ts).
  for (const name of DOCS_ASSETS)
    expect(existsSync(join(root, "dist", "worker-assets", "docs", name)), name).toBe(true);
});
