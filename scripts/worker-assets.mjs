// Copies the static files the Workers build serves through its ASSETS binding into
// dist/worker-assets: today only the API reference's browser script (no CDN is used at run time).
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const entry = createRequire(import.meta.url).resolve("@scalar/api-reference");
const out = join(import.meta.dirname, "..", "dist", "worker-assets");
mkdirSync(out, { recursive: true });
copyFileSync(join(dirname(entry), "browser", "standalone.js"), join(out, "scalar.js"));
