// Cooperative scheduling for long loops over a batch: one request's 10,000 items must not hold
// the event loop, and so every other request, for seconds. Runs on Node and on Workers alike.

/** Items handled between two yields: a few milliseconds of work per slice. */
export const SLICE = 100;

type Later = (resume: () => void) => unknown;
const immediate = (globalThis as { setImmediate?: Later }).setImmediate;
const later: Later = immediate ? (resume) => immediate(resume) : (resume) => setTimeout(resume, 0);

/**
 * Resolves on a later turn of the event loop, after pending I/O (a macrotask, not a microtask):
 * setImmediate where the runtime has it (Node), setTimeout(0) elsewhere (Workers).
 */
export function yieldToLoop(): Promise<void> {
  return new Promise((resume) => later(resume));
}

/** Maps a batch in slices, yielding to the event loop between them. */
export async function mapInSlices<T, R>(
  items: readonly T[],
  f: (item: T, index: number) => R,
  size = SLICE,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % size === 0) await yieldToLoop();
    out.push(f(items[i] as T, i));
  }
  return out;
}
