// The log's page (/v1/log/), in HTML and JSON: what a monitor, an auditor or a customs officer
// needs to check the log on their own: its origin and key, its policy (witnesses and quorum), the
// latest published checkpoint with who cosigned it and when, where the tiles and proofs are, and
// how long what is kept.
import { toBase64 } from "../core/bytes.js";
import { verifiedCosignatures } from "../core/cosignature.js";
import type { Crypto } from "../core/crypto.js";
import { formatVerifierKey } from "../core/note.js";
import { formatPolicy, type TlogPolicy } from "../core/policy.js";
import type { TransparencyLog } from "../log/transparency-log.js";
import { escapeHtml as esc, pageDocument } from "./verify-page.js";

export interface LogPage {
  readonly origin: string;
  readonly verifierKey: string;
  readonly policy: string;
  readonly quorum: string;
  readonly witnesses: readonly { readonly name: string; readonly vkey: string; readonly url?: string }[];
  /** The newest signed tree: appends are in it at once, witnessed at the next publication. */
  readonly latest: { readonly size: number };
  readonly published: {
    readonly size: number;
    readonly root: string;
    readonly publishedAt: string;
    readonly checkpoint: string;
    readonly cosignatures: readonly { readonly witness: string; readonly time: string }[];
  } | null;
  readonly endpoints: Readonly<Record<string, string>>;
  readonly retention: string;
}

export async function logPage(
  log: TransparencyLog,
  crypto: Crypto,
  policy: TlogPolicy | undefined,
  policyText: string,
): Promise<LogPage> {
  const [latest, published] = await Promise.all([log.checkpoint(), log.published()]);
  const witnesses = policy?.witnesses ?? [];
  const cosigned = published
    ? verifiedCosignatures(
        crypto,
        published.note,
        witnesses.map((w) => w.key),
      ).flatMap((c) => {
        const w = witnesses.find((x) => x.key.name === c.name && x.key.keyId === c.keyId);
        return w ? [{ witness: w.name, time: new Date(c.time * 1000).toISOString() }] : [];
      })
    : [];
  return {
    origin: log.origin,
    verifierKey: log.verifierKey(),
    policy: policy ? formatPolicy(policy) : policyText,
    quorum: policy?.quorum ?? "none",
    witnesses: witnesses.map((w) => ({
      name: w.name,
      vkey: formatVerifierKey(w.key),
      ...(w.url ? { url: w.url } : {}),
    })),
    latest: { size: latest.size },
    published: published
      ? {
          size: published.size,
          root: toBase64(published.root),
          publishedAt: new Date(published.publishedAt).toISOString(),
          checkpoint: published.note,
          cosignatures: cosigned,
        }
      : null,
    endpoints: {
      checkpoint: "/v1/log/checkpoint",
      key: "/v1/log/key",
      policy: "/v1/log/policy",
      tiles: "/v1/log/tile/<L>/<N>[.p/<W>] (C2SP tlog-tiles)",
      entryBundles: "/v1/log/tile/entries/<N>[.p/<W>]",
      entry: "/v1/log/entries/{index} (leaf with inclusion proof)",
      leaves: "/v1/log/leaves?start=&count=",
      consistency: "/v1/log/proof/consistency?from=&to=",
    },
    retention:
      "Log entries, tree nodes and checkpoints are kept for the life of the log and never pruned (C2SP tlog-tiles minimum index 0). Per-tag scan counts are deleted after TAGTRAIL_SCAN_RETENTION_DAYS (90 by default); they are not in the log.",
  };
}

export function renderLogPage(p: LogPage): string {
  const rows = (pairs: [string, string][]) =>
    `<dl>${pairs.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join("")}</dl>`;
  const code = (t: string) => `<code>${esc(t)}</code>`;
  const published = p.published
    ? rows([
        ["Tree size", code(String(p.published.size))],
        ["Root", code(p.published.root)],
        ["Published", esc(p.published.publishedAt)],
        [
          "Cosigned by",
          p.published.cosignatures.length
            ? `<ul>${p.published.cosignatures.map((c) => `<li>${esc(c.witness)}, ${esc(c.time)}</li>`).join("")}</ul>`
            : "no witness (the policy asks for none)",
        ],
      ]) + `<pre>${esc(p.published.checkpoint)}</pre>`
    : "<p>Nothing published yet.</p>";
  const main = `<h1>The log ${esc(p.origin)}</h1>
<p>Every statement tagtrail accepts is a leaf of this append-only Merkle log (RFC 9162). Its
checkpoints are published once the witnesses below have checked that each extends the last.</p>
<h2>Key and policy</h2>
${rows([
  ["Verifier key", code(p.verifierKey)],
  ["Quorum", code(p.quorum)],
  ["Newest tree", `${code(String(p.latest.size))} entries (witnessed at the next publication)`],
])}
<h2>Witnesses</h2>
${
  p.witnesses.length
    ? `<ul>${p.witnesses.map((w) => `<li>${esc(w.name)}: ${code(w.vkey)}${w.url ? ` at ${code(w.url)}` : ""}</li>`).join("")}</ul>`
    : "<p>This deployment names no witnesses.</p>"
}
<h2>Policy file</h2>
<pre>${esc(p.policy)}</pre>
<h2>Latest published checkpoint</h2>
${published}
<h2>Where to read it</h2>
<ul>${Object.entries(p.endpoints)
    .map(([k, v]) => `<li>${esc(k)}: ${code(v)}</li>`)
    .join("")}</ul>
<h2>What is kept</h2>
<p>${esc(p.retention)}</p>`;
  return pageDocument(`The log ${p.origin}`, main);
}
