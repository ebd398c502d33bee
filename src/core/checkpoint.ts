// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the note body that commits to a log's
// origin, tree size and root hash. Signed and opened with ./note.ts.

import { fromBase64, toBase64 } from "./bytes.js";
import { CodedError } from "./errors.js";
import { HASH_SIZE } from "./merkle/hash.js";

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
  /** Optional extension lines, without their newlines. */
  readonly extensions?: readonly string[];
}

export class CheckpointError extends CodedError<"malformed-checkpoint"> {
  constructor(message: string) {
    super("malformed-checkpoint", message);
  }
}

/** An origin is a non-empty line with no control characters, conventionally a schema-less URL. */
export function isValidOrigin(origin: string): boolean {
  return origin.length > 0 && origin.length <= 255 && !/[\p{Cc}]/u.test(origin) && origin.trim() === origin;
}

export function formatCheckpoint(c: Checkpoint): string {
  if (!isValidOrigin(c.origin)) throw new CheckpointError("invalid origin");
  if (!Number.isSafeInteger(c.size) || c.size < 0) throw new CheckpointError("invalid tree size");
  if (c.root.length !== HASH_SIZE) throw new CheckpointError("invalid root hash");
  const ext = (c.extensions ?? []).map((line) => `${line}\n`).join("");
  return `${c.origin}\n${c.size}\n${toBase64(c.root)}\n${ext}`;
}

export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith("\n")) throw new CheckpointError("checkpoint must end with a newline");
  const lines = text.slice(0, -1).split("\n");
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (origin === undefined || sizeText === undefined || rootText === undefined || !isValidOrigin(origin)) {
    throw new CheckpointError("checkpoint needs origin, size and root lines");
  }
  if (!/^(0|[1-9][0-9]{0,15})$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw new CheckpointError("tree size must be a decimal integer without leading zeros");
  }
  const root = fromBase64(rootText);
  if (!root || root.length !== HASH_SIZE) throw new CheckpointError("root must be a base64 SHA-256 hash");
  if (extensions.some((l) => l.length === 0)) throw new CheckpointError("empty extension line");
  return { origin, size: Number(sizeText), root, extensions };
}
