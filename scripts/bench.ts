// `npm run bench`: every benchmark, each figure beside a baseline measured in the same run.
// Options: --leaves N (log size for proof and audit figures, default 1,000,000), --only SECTION.
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import { benchClaims } from "./bench/claims.js";
import { benchLog } from "./bench/log.js";
import { benchIngest, benchMint, benchVerify, benchWorkerWrites } from "./bench/service.js";

const { values } = parseArgs({
  options: { leaves: { type: "string", default: "1000000" }, only: { type: "string" } },
});
const leaves = z.coerce.number().int().min(200_000).max(50_000_000).parse(values.leaves);
const only = z.enum(["log", "mint", "ingest", "claims", "verify", "worker"]).optional().parse(values.only);

console.log(`tagtrail benchmarks — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`);
if (!only || only === "mint") benchMint();
if (!only || only === "ingest") await benchIngest();
if (!only || only === "claims") await benchClaims();
if (!only || only === "verify") await benchVerify();
if (!only || only === "worker") await benchWorkerWrites();
if (!only || only === "log") await benchLog(leaves);
