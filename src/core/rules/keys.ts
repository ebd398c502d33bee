// When a key may sign: the one rule the server (at ingest), the auditor's replay and the client
// re-check share. A key is usable before its retirement and before its compromise time; the
// server measures "before" in milliseconds, the auditor in log positions; the rule is the same.

export type KeyRuleCode = "unknown-key" | "key-revoked" | "key-retired";

/** A registered key's lifetime, in the caller's unit of time (ms, or log index for an auditor). */
export interface KeyLifetime {
  readonly retiredAt?: number;
  readonly compromisedAt?: number;
}

export interface RuleRefusal<C extends string> {
  readonly code: C;
  readonly detail: string;
}

/** Why `key` may not sign a statement made at `at`, if it may not; `what` names the statement. */
export function keyRefusal(
  key: KeyLifetime | undefined,
  at: number,
  what: string,
): RuleRefusal<KeyRuleCode> | undefined {
  if (!key) return { code: "unknown-key", detail: `${what} is signed with an unregistered key` };
  if (key.compromisedAt !== undefined && key.compromisedAt <= at) {
    return { code: "key-revoked", detail: `${what} is signed with a revoked key` };
  }
  if (key.retiredAt !== undefined && key.retiredAt <= at) {
    return { code: "key-retired", detail: `${what} is signed with a retired key` };
  }
  return undefined;
}
