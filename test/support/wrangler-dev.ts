// wrangler dev for a test file: started on demand, stopped after the file (see ./wrangler-process.ts).
import { afterAll } from "vitest";
import { type RunningWorker, spawnWranglerDev } from "./wrangler-process.js";

export async function startWranglerDev(origin: string, vars: Record<string, string> = {}): Promise<RunningWorker> {
  const worker = await spawnWranglerDev(origin, vars);
  afterAll(worker.close);
  return worker;
}
