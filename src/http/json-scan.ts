// A linear pre-scan of a JSON text that bounds what JSON.parse would build, before it runs.
// Attacker-controlled input: JSON.parse has no limits of its own, and one 300,000-member object
// or a 1,000,000-deep array holds the event loop for a second. The scan only counts structure
// (RFC 8259 §2: the six structural characters, outside strings); JSON.parse still judges syntax.

export interface JsonLimits {
  /** Nesting of objects and arrays. */
  readonly depth: number;
  /** Members of one object. */
  readonly members: number;
  /** Elements of one array. */
  readonly elements: number;
  /** `{`, `[`, `,` and `:` in all: about one per value or member name. */
  readonly tokens: number;
}

export interface JsonExcess {
  readonly limit: keyof JsonLimits;
  readonly max: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/**
 * Scans a text in consecutive ranges (so a caller may yield between them) and reports the first
 * limit exceeded. A string may span ranges; the scanner keeps its place.
 */
export class JsonScanner {
  readonly #limits: JsonLimits;
  /** Per open container: commas seen so far (members or elements minus one); negative for objects. */
  readonly #commas: Int32Array;
  #depth = 0;
  #tokens = 0;
  #inString = false;

  constructor(limits: JsonLimits) {
    this.#limits = limits;
    this.#commas = new Int32Array(limits.depth + 1);
  }

  scan(text: string, from = 0, to = text.length): JsonExcess | undefined {
    const { depth: maxDepth, members, elements, tokens: maxTokens } = this.#limits;
    const commas = this.#commas;
    let i = from;
    while (i < to) {
      if (this.#inString) {
        // Skip to the closing quote: one not preceded by an odd run of backslashes.
        let q = text.indexOf('"', i);
        while (q !== -1 && q < to) {
          let b = q - 1;
          while (b >= 0 && text.charCodeAt(b) === BACKSLASH) b--;
          if ((q - 1 - b) % 2 === 0) break;
          q = text.indexOf('"', q + 1);
        }
        if (q === -1 || q >= to) return undefined; // the string continues in the next range
        this.#inString = false;
        i = q + 1;
        continue;
      }
      const c = text.charCodeAt(i++);
      switch (c) {
        case QUOTE:
          this.#inString = true;
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          if (++this.#tokens > maxTokens) return { limit: "tokens", max: maxTokens };
          if (this.#depth >= maxDepth) return { limit: "depth", max: maxDepth };
          commas[++this.#depth] = c === OPEN_OBJECT ? -1 : 0;
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          if (this.#depth > 0) this.#depth--;
          break;
        case COMMA: {
          if (++this.#tokens > maxTokens) return { limit: "tokens", max: maxTokens };
          const d = this.#depth;
          const n = commas[d] as number;
          if (n < 0) {
            commas[d] = n - 1;
            if (1 - n > members) return { limit: "members", max: members };
          } else {
            commas[d] = n + 1;
            if (n + 2 > elements) return { limit: "elements", max: elements };
          }
          break;
        }
        case COLON:
          if (++this.#tokens > maxTokens) return { limit: "tokens", max: maxTokens };
          break;
      }
    }
    return undefined;
  }
}

/** Scans a whole text at once. */
export function scanJson(text: string, limits: JsonLimits): JsonExcess | undefined {
  return new JsonScanner(limits).scan(text);
}
