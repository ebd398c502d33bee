// The Node HTTP server every Node entry point uses (npm start and the tests alike), with the
// timeouts that cut off slow clients: a client that trickles its headers or its body (slowloris)
// is closed once the time is up, instead of holding a socket and a pending request for ever.
import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";

export interface HttpTimeouts {
  /** Milliseconds to receive the complete request head (Node answers 408 and closes after). */
  readonly headersTimeout: number;
  /** Milliseconds to receive the complete request, head and body (Node answers 408 and closes after). */
  readonly requestTimeout: number;
  /** Milliseconds an idle keep-alive connection stays open between requests. */
  readonly keepAliveTimeout: number;
  /** How often Node checks the two timeouts above; they fire up to this much late. */
  readonly checkInterval: number;
}

/**
 * The largest body (8 MiB, a batch of 10,000) in 30 s needs 280 KB/s from a client; headers,
 * a few hundred bytes, get 10 s.
 */
export const HTTP_TIMEOUTS: HttpTimeouts = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  checkInterval: 1_000,
};

export interface RunningHttpServer {
  readonly server: ServerType;
  /** e.g. http://127.0.0.1:8080 or http://[::1]:8080 */
  readonly base: string;
  readonly port: number;
  /** Stops accepting connections and resolves once the open ones are closed. */
  close(): Promise<void>;
}

export function serveApp(
  fetch: (request: Request) => Response | Promise<Response>,
  hostname: string,
  port: number,
  timeouts: HttpTimeouts = HTTP_TIMEOUTS,
): Promise<RunningHttpServer> {
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch,
        hostname,
        port,
        serverOptions: {
          headersTimeout: timeouts.headersTimeout,
          requestTimeout: timeouts.requestTimeout,
          keepAliveTimeout: timeouts.keepAliveTimeout,
          connectionsCheckingInterval: timeouts.checkInterval,
        },
      },
      () => {
        const { address, port } = server.address() as AddressInfo;
        resolve({
          server,
          base: `http://${address.includes(":") ? `[${address}]` : address}:${port}`,
          port,
          close: () => new Promise<void>((done) => server.close(() => done())),
        });
      },
    );
    server.once("error", reject); // e.g. EADDRINUSE
  });
}
