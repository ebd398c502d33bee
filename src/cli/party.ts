// `tagtrail party add`: the operator registers a party and its first key.

import { readFileSync } from "node:fs";
import { z } from "zod";
import { api, CliError, flags, ServerUrl } from "./common.js";

/** The public key from a .pub file written by tagtrail keygen. */
function readPublicKeyFile(path: string): string {
  if (path.endsWith(".key")) {
    throw new CliError(
      `${path} looks like a private key file: give the .pub file tagtrail keygen wrote beside it (the party keeps its .key)`,
      2,
    );
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8").trim();
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 2);
  }
  return text;
}

const HELP = `usage: tagtrail party add --id ID --name NAME --role ROLE [--role ROLE] --country CC
                          (--public-key BASE64 | --public-key-file FILE.pub) [--prefix DIGITS ...]
                          [--gln GLN]
                          [--hide-name] [--server URL] [--admin-token TOKEN]

Registers a party with the operator's admin token (--admin-token or $TAGTRAIL_ADMIN_TOKEN).

options:
  --id ID             stable party ID: lowercase letters, digits, dashes
  --name NAME         display name
  --role ROLE         manufacturer, distributor or retailer (repeatable)
  --country CC        ISO 3166-1 alpha-2 country
  --public-key B64    the party's Ed25519 public key (printed by tagtrail keygen), or
  --public-key-file F the .pub file tagtrail keygen wrote beside the party's private key
                      (the operator never needs a party's private key)
  --server URL        the tagtrail server (default: $TAGTRAIL_SERVER or http://127.0.0.1:8080)
  --admin-token TOK   the operator's token (default: $TAGTRAIL_ADMIN_TOKEN)
  --prefix DIGITS     GS1 company prefix (repeatable; required for manufacturers)
  --gln GLN           the party's GS1 Global Location Number
  --hide-name         consumers see only the role and country, not the name`;

const Flags = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  role: z.array(z.enum(["manufacturer", "distributor", "retailer"])).min(1),
  country: z.string().regex(/^[A-Z]{2}$/),
  "public-key": z.string().optional(),
  "public-key-file": z.string().optional(),
  prefix: z.array(z.string()).default([]),
  gln: z.string().optional(),
  "hide-name": z.boolean().default(false),
  server: ServerUrl,
  "admin-token": z.string().min(1).optional(),
});

export async function runParty(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "add") {
    if (sub === "--help" || sub === undefined) {
      console.log(HELP);
      return sub === undefined ? 2 : 0;
    }
    throw new CliError(`unknown party command "${sub}"\n\n${HELP}`, 2);
  }
  const parsed = flags(
    rest,
    {
      id: { type: "string" },
      name: { type: "string" },
      role: { type: "string", multiple: true },
      country: { type: "string" },
      "public-key": { type: "string" },
      "public-key-file": { type: "string" },
      prefix: { type: "string", multiple: true },
      gln: { type: "string" },
      "hide-name": { type: "boolean" },
      server: { type: "string" },
      "admin-token": { type: "string" },
    },
    Flags,
    HELP,
  );
  if (!parsed) return 0;
  const f = parsed.values;
  const publicKey = f["public-key"] ?? (f["public-key-file"] ? readPublicKeyFile(f["public-key-file"]) : undefined);
  if (!publicKey)
    throw new CliError("the party's public key is required: --public-key BASE64 or --public-key-file FILE.pub", 2);
  const token = f["admin-token"] ?? process.env.TAGTRAIL_ADMIN_TOKEN;
  if (!token) throw new CliError("an admin token is required: --admin-token or $TAGTRAIL_ADMIN_TOKEN", 2);
  const res = await api<{ party: { id: string }; key: { keyId: string } }>(
    f.server,
    "POST",
    "/v1/parties",
    {
      id: f.id,
      name: f.name,
      roles: f.role,
      country: f.country,
      companyPrefixes: f.prefix,
      showName: !f["hide-name"],
      publicKey,
      ...(f.gln ? { gln: f.gln } : {}),
    },
    token,
  );
  console.log(`registered party ${res.party.id} with key ${res.key.keyId}`);
  return 0;
}
