// Starts the Node service on a real HTTP server bound to 127.0.0.1 on a free port, through the
// same serveApp (and so the same timeouts) as `npm start`.
import { afterAll } from "vitest";
import { HTTP_TIMEOUTS, type HttpTimeouts, serveApp } from "../../src/runtime/http-server.js";
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
  timeouts: Partial<HttpTimeouts> = {},
): Promise<RunningServer> {
  const service = await openNodeService({ dataDir, origin, ...(logKey === undefined ? {} : { logKey }), ...extra });
  const server = await serveApp(service.app.fetch, "127.0.0.1", 0, { ...HTTP_TIMEOUTS, ...timeouts });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await server.close();
    await service.close();
  };
  afterAll(close);
  return { base: server.base, service, close };
}
