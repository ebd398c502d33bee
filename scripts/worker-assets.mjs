// Copies the static files the Workers build serves through its ASSETS binding into
// dist/worker-assets: today only the API reference viewer (swagger-ui's ready-built files), under
// docs/ as /docs serves them (src/http/docs-routes.ts, DOCS_ASSETS). No CDN is used at run time.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const FILES = ["swagger-ui-bundle.js", "swagger-ui.css"];
const from = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const out = join(import.meta.dirname, "..", "dist", "worker-assets");
// Start empty: a file left from an older build would be uploaded too.
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "docs"), { recursive: true });
for (const name of FILES) copyFileSync(join(from, name), join(out, "docs", name));
