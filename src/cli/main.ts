#!/usr/bin/env node
// The `tagtrail` command line. Thin: parses flags, calls core/ or the HTTP API, prints.
import { parseArgs } from "node:util";
import { runKeygen } from "./keygen.js";
import { runLogCheck } from "./log-check.js";

const COMMANDS: Record<string, { summary: string; run: (argv: string[]) => Promise<number> }> = {
  keygen: {
    summary: "generate an Ed25519 key pair for a party (the private key never leaves this machine)",
    run: runKeygen,
  },
  "log-check": {
    summary: "fetch a log's signed checkpoint, verify it and its consistency with the last one seen",
    run: runLogCheck,
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return `usage: tagtrail <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun 'tagtrail <command> --help' for a command's options.`;
}

async function main(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv.slice(0, 1), allowPositionals: true, strict: false });
  const name = positionals[0];
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
    process.exit(1);
  },
);
