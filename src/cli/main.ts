#!/usr/bin/env node
// The `tagtrail` command line. Thin: parses flags, calls core/ or the HTTP API, prints.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runAudit } from "./audit.js";
import { runCommission } from "./commission.js";
import { CliError } from "./common.js";
import { eventCommand } from "./events.js";
import { runFsck } from "./fsck.js";
import { runKeygen } from "./keygen.js";
import { runLogCheck } from "./log-check.js";
import { runMint } from "./mint.js";
import { runNfc } from "./nfc.js";
import { runParty } from "./party.js";
import { runPolicy } from "./policy.js";
import { runRecall } from "./recall.js";
import { runVerify } from "./verify.js";
import { runWitness } from "./witness.js";

const COMMANDS: Record<string, { summary: string; run: (argv: string[]) => Promise<number> }> = {
  keygen: {
    summary: "generate an Ed25519 key pair for a party (the private key never leaves this machine)",
    run: runKeygen,
  },
  party: { summary: "party add: register a party and its key (operator)", run: runParty },
  mint: { summary: "mint signed tags offline: CSV and QR codes", run: runMint },
  commission: { summary: "commission minted tags from their CSV", run: runCommission },
  nfc: {
    summary: "NFC tags (NTAG 424 DNA): batch keys, personalisation for the encoding station, revocation",
    run: runNfc,
  },
  ship: { summary: "sign and record a shipment to another party", run: eventCommand("ship") },
  receive: { summary: "sign and record receipt of a shipment", run: eventCommand("receive") },
  sell: { summary: "sign and record a retail sale", run: eventCommand("sell") },
  recall: {
    summary: "recall a GTIN, a lot or serials with instructions, or lift a recall (manufacturer)",
    run: runRecall,
  },
  "report-stolen": { summary: "sign and record a theft", run: eventCommand("report-stolen") },
  destroy: { summary: "sign and record destruction", run: eventCommand("destroy") },
  return: {
    summary: "sign and record a return to the shop that sold it (optionally with a fresh claim code)",
    run: eventCommand("return"),
  },
  repair: { summary: "sign and record a repair (manufacturer or registered repairer)", run: eventCommand("repair") },
  verify: { summary: "verify a tag URL and re-check its proofs locally", run: runVerify },
  audit: { summary: "replay the whole log: root, consistency and every chain rule", run: runAudit },
  fsck: {
    summary: "locate damaged rows in a Node deployment's log database (read-only)",
    run: runFsck,
  },
  policy: { summary: "print the deployment's tlog-policy: log key, witnesses, quorum", run: runPolicy },
  witness: {
    summary: "run a transparency-log witness (C2SP tlog-witness) for the logs a policy lists",
    run: runWitness,
  },
  "log-check": {
    summary: "fetch a log's signed checkpoint, verify it and its consistency with the last one seen",
    run: runLogCheck,
  },
};

/** This package's version, from the package.json above this module (run from src/ or dist/). */
function version(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "tagtrail") return pkg.version ?? "unknown";
    }
    if (dirname(dir) === dir) return "unknown";
  }
}

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`);
  return `usage: tagtrail <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun 'tagtrail <command> --help' for a command's options, 'tagtrail --version' for the version.\nCommands that talk to a server use --server URL or $TAGTRAIL_SERVER (default http://127.0.0.1:8080).`;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "--") argv = argv.slice(1);
  // The first word is the command, or a top-level flag (parseArgs would drop a flag as no command).
  const name = argv[0];
  if (name === "--version" || name === "-v" || name === "version") {
    console.log(`tagtrail ${version()}`);
    return 0;
  }
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`tagtrail: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(argv.slice(1));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`tagtrail: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(err instanceof CliError ? err.exitCode : 1);
  },
);
