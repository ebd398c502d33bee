// The part of autocannon's API the benchmarks use (it ships no types).
declare module "autocannon" {
  interface Result {
    requests: { average: number; total: number };
    throughput: { average: number };
    latency: { p50: number; p99: number; average: number };
    errors: number;
    non2xx: number;
    timeouts: number;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    headers?: Record<string, string>;
    /** Per-request hooks: setupRequest may change each request's path (distinct NFC taps). */
    requests?: { setupRequest?: (req: { path: string }) => { path: string } }[];
  }
  function autocannon(opts: Options): Promise<Result>;
  export default autocannon;
}
