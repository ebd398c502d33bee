// Small helpers for benchmark output: every figure is printed beside its same-run baseline.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function rate(count: number, ms: number): number {
  return (count * 1000) / ms;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function line(label: string, value: string, note = ""): void {
  console.log(`  ${label.padEnd(46)} ${value.padStart(16)}  ${note}`);
}

export function section(title: string): void {
  console.log(`\n${title}`);
}

export function verdict(ok: boolean, goal: string): string {
  return `${ok ? "meets" : "MISSES"} goal ${goal}`;
}

/** A scratch directory under the OS temp dir, removed when `fn` finishes. */
export async function withScratch<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "tagtrail-bench-"));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const out = fn();
  return [out, performance.now() - start];
}
