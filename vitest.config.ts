// Two projects: "node" (the Node runtime, real SQLite files, real HTTP servers, real Chromium)
// and "workers" (inside workerd via @cloudflare/vitest-pool-workers: the D1 adapters with the
// real migrations applied, the Sequencer Durable Object, the Worker entry).
import { join } from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { toBase64Url } from "./src/core/bytes.js";
import { nobleCrypto, randomSeed } from "./src/core/crypto.js";
import { formatSignerKey, noteSigner } from "./src/core/note.js";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(join(import.meta.dirname, "migrations"));
  return {
    test: {
      projects: [
        {
          test: {
            name: "node",
            include: ["src/**/*.test.ts", "test/**/*.test.ts"],
            exclude: ["test/workers/**"],
            testTimeout: 60_000,
            hookTimeout: 60_000,
            pool: "forks",
          },
        },
        {
          plugins: [
            cloudflareTest({
              main: "./src/runtime/workers/entry.ts",
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  // Throwaway secrets for the test Worker (real deployments use wrangler secrets).
                  TAGTRAIL_LOG_KEY: formatSignerKey(noteSigner(nobleCrypto, "workers.test/log", randomSeed())),
                  TAGTRAIL_ADMIN_TOKEN: toBase64Url(randomSeed()),
                  TAGTRAIL_ACCESS_LOG: "off",
                },
              },
            }),
          ],
          test: {
            name: "workers",
            include: ["test/workers/**/*.test.ts"],
            setupFiles: ["test/workers/apply-migrations.ts"],
            // The files share one D1 database; the store contract empties it between cases.
            fileParallelism: false,
            testTimeout: 60_000,
            hookTimeout: 60_000,
          },
        },
      ],
    },
  };
});
