// Bindings the Workers tests see (wrangler.toml's, plus the test-only ones from vitest.config.ts).
import type { D1Migration } from "@cloudflare/vitest-pool-workers";
import type { Env as WorkerEnv } from "../../src/runtime/workers/entry.js";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      readonly TEST_MIGRATIONS: D1Migration[];
      readonly TAGTRAIL_ADMIN_TOKEN: string;
      readonly TAGTRAIL_LOG_KEY: string;
    }
  }
}
