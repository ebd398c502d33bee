// `tagtrail keygen`: a party's Ed25519 key pair. The seed is written to a file readable by its
// owner only; the public key and key ID are printed for registration with the operator.
import { existsSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { toBase64 } from "../core/bytes.js";
import { isValidOrigin } from "../core/checkpoint.js";
import { randomSeed } from "../core/crypto.js";
import { keyId } from "../core/keys.js";
import { formatSignerKey, formatVerifierKey, noteSigner } from "../core/note.js";
import { nodeCrypto } from "../runtime/node/crypto.js";

const HELP = `usage: tagtrail keygen --out FILE [--log ORIGIN]

Generates an Ed25519 key pair. Writes the private seed (base64) to FILE with mode 0600, and the
public key (base64) beside it, to FILE with .key replaced by .pub (or FILE.pub); refuses to
overwrite either. Prints the public key and its key ID. Send the .pub file to the operator;
the private key never leaves this machine.

With --log ORIGIN it makes a transparency-log signing key instead: FILE gets the C2SP signed-note
private key (PRIVATE+KEY+ORIGIN+...), the value of TAGTRAIL_LOG_KEY (on Workers:
\`wrangler secret put TAGTRAIL_LOG_KEY < FILE\`); the verifier key is printed.

options:
  --out FILE      where to write the private key (required)
  --log ORIGIN    a log signing key for the log named ORIGIN (e.g. example.com/tagtrail)
  --help          show this help`;

const Flags = z.object({
  out: z.string().min(1, "--out FILE is required"),
  log: z
    .string()
    .refine((o) => isValidOrigin(o) && !/[\s+]/.test(o), "--log needs an origin such as example.com/tagtrail")
    .optional(),
  help: z.boolean().optional(),
});

export async function runKeygen(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parseArgs>["values"];
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { out: { type: "string" }, log: { type: "string" }, help: { type: "boolean" } },
    }));
  } catch (err) {
    console.error(`tagtrail keygen: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const flags = Flags.safeParse(values);
  if (!flags.success) {
    console.error(`tagtrail keygen: ${flags.error.issues.map((i) => i.message).join("; ")}\n\n${HELP}`);
    return 2;
  }
  const seed = randomSeed();
  if (flags.data.log !== undefined) {
    const signer = noteSigner(nodeCrypto, flags.data.log, seed);
    writeFileSync(flags.data.out, `${formatSignerKey(signer)}\n`, { mode: 0o600, flag: "wx" });
    console.log(JSON.stringify({ verifierKey: formatVerifierKey(signer), privateKeyFile: flags.data.out }, null, 2));
    return 0;
  }
  const publicKey = nodeCrypto.ed25519.publicKey(seed);
  const out = flags.data.out;
  const pub = out.endsWith(".key") ? `${out.slice(0, -4)}.pub` : `${out}.pub`;
  // Both paths are checked before either is written: no private key without its public half.
  for (const path of [out, pub]) {
    if (existsSync(path)) {
      console.error(`tagtrail keygen: ${path} already exists; choose another --out (a key is never overwritten)`);
      return 1;
    }
  }
  writeFileSync(out, `${toBase64(seed)}\n`, { mode: 0o600, flag: "wx" });
  writeFileSync(pub, `${toBase64(publicKey)}\n`, { flag: "wx" });
  console.log(
    JSON.stringify(
      {
        publicKey: toBase64(publicKey),
        keyId: keyId(nodeCrypto.sha256, publicKey),
        privateKeyFile: out,
        publicKeyFile: pub,
      },
      null,
      2,
    ),
  );
  return 0;
}
