// Starts the Node service on a real HTTP server bound to 127.0.0.1 on a free port, through the
// same serveApp (and so the same timeouts) as `npm start`.
import { afterAll } from "vitest";
import { HTTP_TIMEOUTS, type HttpTimeouts, serveApp } from "../../src/runtime/node/http-server.js";
import { type NodeRuntime, openNodeRuntime } from "../../src/runtime/node/runtime.js";

export interface RunningServer {
  readonly base: string;
  readonly runtime: NodeRuntime;
  close(): Promise<void>;
}

export async function startServer(
  dataDir: string,
  origin = "test.example/log",
  logKey?: string,
  extra: Partial<Parameters<typeof openNodeRuntime>[0]> = {},
  timeouts: Partial<HttpTimeouts> = {},
): Promise<RunningServer> {
  const runtime = await openNodeRuntime({ dataDir, origin, ...(logKey === undefined ? {} : { logKey }), ...extra });
  const server = await serveApp(runtime.app.fetch, "127.0.0.1", 0, { ...HTTP_TIMEOUTS, ...timeouts });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await server.close();
    await runtime.close();
  };
  afterAll(close);
  return { base: server.base, runtime, close };
}
