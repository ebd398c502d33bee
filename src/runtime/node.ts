#!/usr/bin/env node
// `npm start`: the service on its embedded default, a SQLite file under the data directory.
import { serve } from "@hono/node-server";
import { loadConfig } from "./config.js";
import { openNodeService } from "./node-service.js";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const service = await openNodeService(config);
  const server = serve({ fetch: service.app.fetch, hostname: config.host, port: config.port }, (info) => {
    const base = `http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}`;
    console.log(`tagtrail listening on ${base}`);
    console.log(`  data directory: ${config.dataDir}`);
    console.log(`  log origin:     ${service.log.origin}`);
    console.log(`  verifier key:   ${service.log.verifierKey()}`);
    console.log(`  checkpoint:     ${base}/v1/log/checkpoint`);
    console.log(`  API description: ${base}/openapi.json`);
    if (service.adminTokenCreated)
      console.log(`  admin token (created now, kept in ${config.dataDir}/admin.token): ${service.adminToken}`);
    else if (config.adminToken === undefined) console.log(`  admin token: in ${config.dataDir}/admin.token`);
  });
  const stop = () => {
    server.close(() => {
      service.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(`tagtrail: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
