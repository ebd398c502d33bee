// The dependency rule of STYLE.md: core/ is pure (no I/O, no Node-only modules, no adapters), and
// http/ and log/ never import a storage adapter or a runtime directly.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../src", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? files(join(dir, e.name))
      : e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")
        ? [join(dir, e.name)]
        : [],
  );
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:import|export)[^"']*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map(
    (m) => (m[1] ?? m[2]) as string,
  );
}

describe("architecture", () => {
  it("core/ imports only @noble/* and other core modules", () => {
    const bad: string[] = [];
    for (const file of files(join(src, "core"))) {
      for (const spec of imports(file)) {
        const ok =
          spec.startsWith("@noble/") ||
          (spec.startsWith(".") &&
            !spec.includes("../store") &&
            !spec.includes("../http") &&
            !spec.includes("../runtime") &&
            !spec.includes("../log"));
        if (!ok) bad.push(`${relative(src, file)} imports ${spec}`);
      }
      const text = readFileSync(file, "utf8");
      for (const global of ["process.", "Buffer.", "require("])
        if (text.includes(global)) bad.push(`${relative(src, file)} uses ${global}`);
    }
    expect(bad).toEqual([]);
  });

  it("http/, log/ and service/ never import an adapter or a runtime", () => {
    const bad: string[] = [];
    for (const layer of ["http", "log", "service"]) {
      for (const file of files(join(src, layer))) {
        for (const spec of imports(file)) {
          if (
            spec.includes("/sqlite/") ||
            spec.includes("/d1/") ||
            spec.includes("runtime/") ||
            spec.startsWith("node:") ||
            spec === "better-sqlite3"
          ) {
            bad.push(`${relative(src, file)} imports ${spec}`);
          }
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it("each storage adapter stands alone: sqlite/ and d1/ import neither each other nor a runtime", () => {
    const bad: string[] = [];
    for (const [adapter, other] of [
      ["sqlite", "/d1/"],
      ["d1", "/sqlite/"],
    ] as const) {
      for (const file of files(join(src, "store", adapter))) {
        for (const spec of imports(file)) {
          if (spec.includes(other) || spec.includes("runtime/")) bad.push(`${relative(src, file)} imports ${spec}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
