// `npm run dev:worker`: the Workers build on this machine with `wrangler dev` — no Cloudflare
// account, no network. First run writes throwaway secrets to .dev.vars (git-ignored: a log key, an
// admin token, printed once, and an NFC key-encryption key), then applies migrations/ to the local
// D1 database and starts wrangler dev on 127.0.0.1. Extra arguments go to wrangler dev (e.g. --port 8788).
// Environment: TAGTRAIL_DEV_STATE (local D1 and Durable Object state; default .wrangler/state).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const wrangler = join(root, "node_modules", ".bin", "wrangler");
const state = process.env.TAGTRAIL_DEV_STATE ?? join(root, ".wrangler", "state");
const vars = process.env.TAGTRAIL_DEV_VARS ?? join(root, ".dev.vars");

if (!existsSync(vars)) {
  const { formatSignerKey, noteSigner } = await import("../dist/src/core/note.js");
  const { nobleCrypto, randomSeed } = await import("../dist/src/core/crypto.js");
  const { toBase64Url } = await import("../dist/src/core/bytes.js");
  const signer = noteSigner(nobleCrypto, "localhost/tagtrail", randomSeed());
  const admin = toBase64Url(randomSeed());
  // A throwaway key-encryption key too, so NFC batch keys can be registered locally.
  const kek = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString("hex");
  const secrets = `TAGTRAIL_LOG_KEY="${formatSignerKey(signer)}"\nTAGTRAIL_ADMIN_TOKEN="${admin}"\nTAGTRAIL_NFC_KEK="${kek}"\n`;
  writeFileSync(vars, secrets, { mode: 0o600 });
  console.log(`tagtrail: wrote local secrets to ${vars}; admin token: ${admin}`);
}

// No network: no Request.cf download (miniflare's placeholder says country "US"), no metrics.
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };

const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {
  cwd: root,
  stdio: "inherit",
  env: { ...env, CI: "true" },
});
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const dev = spawn(
  wrangler,
  [
    "dev",
    "--ip",
    "127.0.0.1",
    "--persist-to",
    state,
    "--env-file",
    vars,
    "--show-interactive-dev-session=false",
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit", env },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));
