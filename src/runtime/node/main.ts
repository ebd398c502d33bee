#!/usr/bin/env node
// `npm start`: the service on its embedded default, a SQLite file under the data directory, and
// (unless TAGTRAIL_DEMO=off) a demo instance on the next port with its own database, reseeded
// at every start. Ports are taken first: a port in use stops the start before anything is created.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, type RuntimeConfig } from "../config.js";
import { DEMO_ORIGIN, seedDemo } from "./demo.js";
import { type RunningHttpServer, serveApp } from "./http-server.js";
import { type NodeRuntime, openNodeRuntime } from "./runtime.js";

type Fetch = (request: Request) => Response | Promise<Response>;

/**
 * Binds host:port before the service behind it exists (it answers 503 until `attach`), so a
 * port in use is found before a data directory, a database or a key is created.
 */
async function bind(host: string, port: number): Promise<RunningHttpServer & { attach(fetch: Fetch): void }> {
  let handler: Fetch | undefined;
  const starting = () =>
    new Response(
      JSON.stringify({ type: "urn:tagtrail:problem:starting", title: "Starting", status: 503, code: "starting" }),
      {
        status: 503,
        headers: { "content-type": "application/problem+json", "retry-after": "1" },
      },
    );
  const server = await serveApp((request) => (handler ? handler(request) : starting()), host, port);
  return {
    ...server,
    attach(fetch) {
      handler = fetch;
    },
  };
}

/** What to tell the operator when a port cannot be had. */
function portProblem(err: unknown, host: string, port: number, variable: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  const where = `${host}:${port}`;
  if (code === "EADDRINUSE") {
    return `cannot listen on ${where}: the port is in use (another tagtrail, or another program). Stop that, or start on another port: ${variable}=${port + 10} npm start`;
  }
  if (code === "EACCES") return `cannot listen on ${where}: ports below 1024 need privileges; use ${variable}=8080`;
  if (code === "EADDRNOTAVAIL") return `cannot listen on ${where}: this machine has no such address; set TAGTRAIL_HOST`;
  return `cannot listen on ${where}: ${err instanceof Error ? err.message : String(err)}`;
}

async function main(): Promise<number> {
  const config: RuntimeConfig = loadConfig(process.env);
  const log = config.accessLogEnabled ? (line: string) => console.log(line) : undefined;
  let front: Awaited<ReturnType<typeof bind>>;
  try {
    front = await bind(config.host, config.port);
  } catch (err) {
    console.error(`tagtrail: ${portProblem(err, config.host, config.port, "TAGTRAIL_PORT")}`);
    return 1;
  }
  let runtime: NodeRuntime;
  try {
    runtime = await openNodeRuntime({ ...config, ...(log ? { accessLog: log } : {}) });
  } catch (err) {
    await front.close();
    throw err;
  }
  front.attach(runtime.app.fetch);
  const base = front.base;
  console.log(`tagtrail listening on ${base}`);
  console.log(`  data directory:  ${config.dataDir}`);
  console.log(`  log origin:      ${runtime.log.origin}`);
  console.log(`  verifier key:    ${runtime.log.verifierKey()}`);
  console.log(`  checkpoint:      ${base}/v1/log/checkpoint`);
  console.log(`  API reference:   ${base}/docs  (OpenAPI: ${base}/openapi.json)`);
  if (runtime.adminTokenCreated)
    console.log(`  admin token (created now, kept in ${config.dataDir}/admin.token): ${runtime.adminToken}`);
  else if (config.adminToken === undefined) console.log(`  admin token:     in ${config.dataDir}/admin.token`);
  if (runtime.log.damage !== undefined)
    console.log("  WRITES STOPPED:  the log found damage (see above); run npx tagtrail fsck");

  const closers = [() => front.close().then(() => runtime.close())];
  if (config.demo) {
    const demoPort = config.port === 0 ? 0 : config.port + 1;
    let demoFront: Awaited<ReturnType<typeof bind>> | undefined;
    try {
      demoFront = await bind(config.host, demoPort);
    } catch (err) {
      // The service itself is up; only the demo could not have its port.
      console.log(
        `\ndemo not started: ${portProblem(err, config.host, demoPort, "TAGTRAIL_PORT")} (TAGTRAIL_DEMO=off skips the demo)`,
      );
    }
    if (demoFront) {
      // A fresh demo at every start: a newcomer's reloads never pile up into "may have been copied".
      const demoDir = join(config.dataDir, "demo");
      rmSync(demoDir, { recursive: true, force: true });
      const demo = await openNodeRuntime({
        dataDir: demoDir,
        origin: DEMO_ORIGIN,
        scanRetentionDays: config.scanRetentionDays,
        // The demo's NFC batch key is sealed under a key-encryption key that lives only in memory.
        nfcKek: globalThis.crypto.getRandomValues(new Uint8Array(32)),
        ...(log ? { accessLog: (line: string) => log(`demo ${line}`) } : {}),
      });
      const paths = await seedDemo(demo);
      demoFront.attach(demo.app.fetch);
      const running = demoFront;
      closers.push(() => running.close().then(() => demo.close()));
      console.log(`\ndemo (its own database in ${demoDir}, reseeded at every start; TAGTRAIL_DEMO=off to skip):`);
      console.log(`  open this verify URL for a demo tag (maker → distributor → retailer):`);
      console.log(`  ${running.base}${paths.verify}`);
      console.log(`  and claim it as its buyer would (the code from inside the packaging is in the link):`);
      console.log(`  ${running.base}${paths.claim}`);
      console.log(`  an NFC tag (NTAG 424 DNA TT) on the shop's shelf: two taps, the second later than the first`);
      console.log(`  (open each twice to see a reload; the first after the second to see a copied link):`);
      for (const p of paths.nfcTaps) console.log(`  ${running.base}${p}`);
    }
  }
  const stop = () => {
    Promise.all(closers.map((c) => c())).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(`tagtrail: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
