// Who may import whom, as an allow-list: every module of src/ belongs to one group, and a group may
// import only the groups and packages listed for it. Anything not listed fails, so a new
// dependency between layers is a decision someone writes down here, not an accident.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../src", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? files(join(dir, e.name))
      : e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !e.name.endsWith(".d.ts")
        ? [join(dir, e.name)]
        : [],
  );
}

function imports(text: string): string[] {
  return [...text.matchAll(/(?:import|export)[^"';]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map(
    (m) => (m[1] ?? m[2]) as string,
  );
}

/** Groups, most specific first: a module belongs to the first whose pattern its path (from src/) matches. */
const GROUPS = [
  ["core", /^core\//],
  ["i18n", /^i18n\//],
  ["store/sqlite", /^store\/sqlite\//],
  ["store/d1", /^store\/d1\//],
  ["store/sql", /^store\/sql\//],
  ["store", /^store\/[^/]+$/],
  ["log", /^log\//],
  ["service", /^service\//],
  ["http", /^http\//],
  ["runtime/node", /^runtime\/node\//],
  ["runtime/workers", /^runtime\/workers\//],
  ["runtime", /^runtime\/[^/]+$/],
  ["cli", /^cli\//],
  ["index", /^index\.ts$/],
] as const;
type Group = (typeof GROUPS)[number][0];

const NODE = /^node:/;
const HTTP = [/^hono(\/|$)/, /^@hono\//, /^zod$/];
/** What each group may import: groups of src/, and packages (by pattern). */
const ALLOW: Record<Group, { groups: readonly Group[]; packages: readonly RegExp[] }> = {
  // Pure rules and formats: runs anywhere, does no I/O.
  core: { groups: ["core"], packages: [/^@noble\//] },
  // Words for core's codes in every language the pages speak: pure data and Intl, no I/O.
  i18n: { groups: ["core", "i18n"], packages: [] },
  // The ports and the machinery every adapter shares; no engine, no runtime.
  store: { groups: ["core", "store"], packages: [] },
  "store/sql": { groups: ["core", "store", "store/sql"], packages: [] },
  "store/sqlite": { groups: ["core", "store", "store/sql", "store/sqlite"], packages: [/^better-sqlite3$/, NODE] },
  "store/d1": { groups: ["core", "store", "store/sql", "store/d1"], packages: [] },
  log: { groups: ["core", "store", "log"], packages: [] },
  service: { groups: ["core", "i18n", "store", "log", "service"], packages: [] },
  http: { groups: ["core", "i18n", "store", "log", "service", "http"], packages: HTTP },
  // Runtime-neutral wiring (the composition both runtimes use).
  runtime: { groups: ["core", "i18n", "store", "log", "service", "http", "runtime"], packages: HTTP },
  "runtime/node": {
    groups: ["core", "i18n", "store", "store/sqlite", "log", "service", "http", "runtime", "runtime/node"],
    // tsx only when run from source (tests, benchmarks): thread.ts loads a .ts thread through it.
    packages: [...HTTP, NODE, /^better-sqlite3$/, /^tsx\/esm\/api$/],
  },
  "runtime/workers": {
    groups: ["core", "i18n", "store", "store/d1", "log", "service", "http", "runtime", "runtime/workers"],
    packages: [...HTTP, /^cloudflare:workers$/, /^node:async_hooks$/],
  },
  // The command line: core formats and checks, the Node crypto, and (fsck) a SQLite file read-only.
  cli: {
    groups: ["core", "store", "store/sqlite", "log", "runtime/node", "cli"],
    packages: [NODE, /^zod$/, /^qrcode$/],
  },
  // The package's public API for clients: portable, pure.
  index: { groups: ["core"], packages: [/^@noble\//] },
};

function groupOf(path: string): Group | undefined {
  return GROUPS.find(([, pattern]) => pattern.test(path))?.[0];
}

/** Every import of `file` (path from src/, with its text) that its group's allow-list does not allow. */
function violations(file: string, text: string): string[] {
  const group = groupOf(file);
  if (!group) return [`${file} belongs to no group: add it to GROUPS`];
  const allow = ALLOW[group];
  const bad: string[] = [];
  for (const spec of imports(text)) {
    if (spec.startsWith(".")) {
      const target = relative(src, resolve(src, dirname(file), spec)).replace(/\.js$/, ".ts");
      const to = groupOf(target);
      if (!to || !allow.groups.includes(to)) bad.push(`${file} (${group}) imports ${target} (${to ?? "no group"})`);
    } else if (!allow.packages.some((p) => p.test(spec))) {
      bad.push(`${file} (${group}) imports the package ${spec}`);
    }
  }
  if (group === "core" || group === "index") {
    for (const global of ["process.", "Buffer.", "require("])
      if (text.includes(global)) bad.push(`${file} uses ${global}`);
  }
  return bad;
}

describe("architecture: who may import whom", () => {
  it("every module of src/ imports only what its group allows", () => {
    const bad = files(src).flatMap((f) => violations(relative(src, f), readFileSync(f, "utf8")));
    expect(bad).toEqual([]);
  });

  it("fails on a forbidden import, whichever the direction", () => {
    expect(violations("core/tag.ts", 'import { x } from "../service/verify.js";')).toHaveLength(1);
    expect(violations("core/tag.ts", 'import { readFileSync } from "node:fs";')).toHaveLength(1);
    expect(violations("store/d1/log-store.ts", 'import { x } from "../sqlite/log-store.js";')).toHaveLength(1);
    expect(violations("http/app.ts", 'import { x } from "../store/sqlite/database.js";')).toHaveLength(1);
    expect(violations("service/custody.ts", 'import { x } from "../http/app.js";')).toHaveLength(1);
    expect(violations("runtime/compose.ts", 'import { x } from "./node/crypto.js";')).toHaveLength(1);
    expect(violations("runtime/node/main.ts", 'import { x } from "../workers/entry.js";')).toHaveLength(1);
    expect(violations("core/x.ts", "const b = Buffer.from([]);")).toHaveLength(1);
    // and allows what the list allows
    expect(violations("service/custody.ts", 'import { x } from "../core/rules/custody.js";')).toEqual([]);
    expect(violations("runtime/node/main.ts", 'import { x } from "../../store/sqlite/database.js";')).toEqual([]);
  });
});
