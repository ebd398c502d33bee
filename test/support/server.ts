// Starts the Node service on a real HTTP server bound to 127.0.0.1 on a free port.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll } from "vitest";
import { type NodeService, openNodeService } from "../../src/runtime/node-service.js";

export interface RunningServer {
  readonly base: string;
  readonly service: NodeService;
  close(): Promise<void>;
}

export async function startServer(
  dataDir: string,
  origin = "test.example/log",
  logKey?: string,
  extra: Partial<Parameters<typeof openNodeService>[0]> = {},
): Promise<RunningServer> {
  const service = await openNodeService({ dataDir, origin, ...(logKey === undefined ? {} : { logKey }), ...extra });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: service.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await service.close();
  };
  afterAll(close);
  return { base: `http://127.0.0.1:${port}`, service, close };
}
