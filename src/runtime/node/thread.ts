// Starts a worker thread from a module beside the caller, built (.js) or from source (.ts, in
// tests and benchmarks, where the worker is loaded through tsx's loader API).
import { Worker, type WorkerOptions } from "node:worker_threads";

export function startThread(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  if (!callerUrl.endsWith(".ts")) return new Worker(new URL(`./${name}.js`, callerUrl), options);
  const source = new URL(`./${name}.ts`, callerUrl).href;
  const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
