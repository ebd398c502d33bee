// `npm start` as a newcomer runs it: the real npm script (which builds only when a source file is
// newer than the last build), a banner with the URLs that matter, a root page, a demo that is
// fresh at every start, and a port in use reported before anything is created.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { stopper } from "./support/child.js";
import { tempDir } from "./support/temp.js";

const root = fileURLToPath(new URL("..", import.meta.url));

interface Started {
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<number>;
  close(): Promise<void>;
}

function npmStart(env: Record<string, string>): Started {
  const child = spawn("npm", ["start"], {
    cwd: root,
    env: { ...process.env, TAGTRAIL_HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // npm → node: stop the whole group
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
  return { child, output: () => output, exited, close: stopper(child, true) };
}

async function until<T>(what: string, get: () => T | undefined, started: Started, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (started.child.exitCode !== null) throw new Error(`npm start exited before ${what}:\n${started.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${what} within ${ms / 1000} s:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const demoUrl = (out: string) => /demo tag.*\n\s+(http:\/\/\S+)/.exec(out)?.[1];

async function scan(url: string): Promise<{ verdict: string; reasons: { code: string }[] }> {
  return (await fetch(url, { headers: { accept: "application/json" } })).json() as never;
}

describe("npm start", () => {
  it("serves the demo, the root page and the docs link; the demo is fresh at every start", async () => {
    const dataDir = join(tempDir(), "data");
    const t0 = performance.now();
    const first = npmStart({ TAGTRAIL_DATA_DIR: dataDir, TAGTRAIL_PORT: "0" });
    try {
      const url = await until("demo URL", () => demoUrl(first.output()), first);
      expect((await scan(url)).verdict).toBe("authentic");
      console.log(
        `npm start → demo URL served: ${Math.round(performance.now() - t0)} ms${/rebuilding|building/.test(first.output()) ? " (with a build)" : ""}`,
      );
      const base = /tagtrail listening on (\S+)/.exec(first.output())?.[1] as string;
      expect(first.output()).toContain(`API reference:   ${base}/docs`);

      const home = await fetch(`${base}/`, { headers: { accept: "text/html" } });
      expect(home.status).toBe(200);
      const html = await home.text();
      expect(html).toMatch(/<form action="\/check" method="get">/);
      expect(html).toMatch(/<dt>Entries<\/dt><dd>0<\/dd>/);
      expect(html).toContain('href="/docs"');
      expect(html).toContain('href="/openapi.json"');
      expect(home.headers.get("content-security-policy")).toMatch(/form-action 'self'/);
      const tagPath = new URL(url).pathname + new URL(url).search;
      const check = await fetch(`${base}/check?url=${encodeURIComponent(`https://elsewhere.example${tagPath}`)}`, {
        redirect: "manual",
      });
      expect(check.status).toBe(303);
      expect(check.headers.get("location")).toBe(tagPath);
      expect((await fetch(`${base}/check?url=nonsense`, { headers: { accept: "text/html" } })).status).toBe(400);

      // A newcomer reloads the demo page again and again: a note, never a warning (scan-bombing)...
      let last = await scan(url);
      for (let i = 0; i < 25; i++) last = await scan(url);
      expect([last.verdict, last.reasons.map((r) => r.code)]).toEqual(["authentic", ["sold", "often-checked"]]);
      // ...and the demo's claim page is printed too.
      const claimUrl = /claim it as its buyer would.*\n\s+(http:\/\/\S+)/.exec(first.output())?.[1] as string;
      expect(claimUrl).toMatch(/\/claim\/01\/\d{14}\/21\/\S+#[0-9A-Z-]{24}$/);
      expect((await fetch(claimUrl.replace(/#.*/, ""))).status).toBe(200);

      // ...and a port in use stops a second start before it creates anything.
      const port = new URL(base).port;
      const otherDir = join(tempDir(), "never-created");
      const second = npmStart({ TAGTRAIL_DATA_DIR: otherDir, TAGTRAIL_PORT: port });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`cannot listen on 127.0.0.1:${port}: the port is in use`);
      expect(second.output()).toMatch(/TAGTRAIL_PORT=\d+ npm start/);
      expect(second.output()).not.toMatch(/at .*\.js:\d+/); // no stack trace
      expect(existsSync(otherDir)).toBe(false);
    } finally {
      await first.close();
    }

    // The next start reseeds the demo: authentic again.
    const again = npmStart({ TAGTRAIL_DATA_DIR: dataDir, TAGTRAIL_PORT: "0" });
    try {
      const url = await until("demo URL", () => demoUrl(again.output()), again);
      expect(await scan(url)).toMatchObject({ verdict: "authentic" });
    } finally {
      await again.close();
    }
  }, 300_000);
});
