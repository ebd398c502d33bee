#!/usr/bin/env node
// `npm start`: the service on its embedded default, a SQLite file under the data directory, and
// (unless TAGTRAIL_DEMO=off) a demo instance on the next port with its own database.
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { loadConfig, type RuntimeConfig } from "./config.js";
import { DEMO_ORIGIN, seedDemo } from "./demo.js";
import { type NodeService, openNodeService } from "./node-service.js";

function listen(
  service: NodeService,
  host: string,
  port: number,
): Promise<{ base: string; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: service.app.fetch, hostname: host, port }, (info) => {
      const base = `http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}`;
      resolve({
        base,
        close: () => new Promise<void>((done) => server.close(() => done())).then(() => service.close()),
      });
    });
    server.once("error", reject); // e.g. EADDRINUSE
  });
}

async function main(): Promise<void> {
  const config: RuntimeConfig = loadConfig(process.env);
  const log = config.accessLogEnabled ? (line: string) => console.log(line) : undefined;
  const service = await openNodeService({ ...config, ...(log ? { accessLog: log } : {}) });
  const main = await listen(service, config.host, config.port);
  console.log(`tagtrail listening on ${main.base}`);
  console.log(`  data directory:  ${config.dataDir}`);
  console.log(`  log origin:      ${service.log.origin}`);
  console.log(`  verifier key:    ${service.log.verifierKey()}`);
  console.log(`  checkpoint:      ${main.base}/v1/log/checkpoint`);
  console.log(`  API description: ${main.base}/openapi.json`);
  if (service.adminTokenCreated)
    console.log(`  admin token (created now, kept in ${config.dataDir}/admin.token): ${service.adminToken}`);
  else if (config.adminToken === undefined) console.log(`  admin token:     in ${config.dataDir}/admin.token`);

  const closers = [main.close];
  if (config.demo) {
    const demoDir = join(config.dataDir, "demo");
    const demo = await openNodeService({
      dataDir: demoDir,
      origin: DEMO_ORIGIN,
      scanRetentionDays: config.scanRetentionDays,
      ...(log ? { accessLog: (line: string) => log(`demo ${line}`) } : {}),
    });
    const path = await seedDemo(demo, demoDir);
    const demoPort = config.port === 0 ? 0 : config.port + 1;
    try {
      const running = await listen(demo, config.host, demoPort);
      closers.push(running.close);
      console.log(`\ndemo (its own database, ${demoDir}/tagtrail.db; TAGTRAIL_DEMO=off to skip):`);
      console.log(`  open this verify URL for a demo tag (maker → distributor → retailer):`);
      console.log(`  ${running.base}${path}`);
    } catch (err) {
      // The service itself is up; only the demo could not have its port.
      await demo.close();
      console.log(
        `\ndemo not started (port ${demoPort}: ${err instanceof Error ? err.message : String(err)}); TAGTRAIL_DEMO=off silences this`,
      );
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
}

main().catch((err: unknown) => {
  console.error(`tagtrail: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
