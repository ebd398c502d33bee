// The whole product through the `tagtrail` CLI, as its users run it, against a real server:
// keys, parties, minting with QR codes, commissioning, custody, verify with local re-checks, and
// an independent audit that catches a rewritten leaf.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../src/cli/common.js";
import { hashLeaf } from "../src/index.js";
import { type RunningServer, startServer } from "./support/server.js";
import { tempDir } from "./support/temp.js";

const main = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
// Absolute, so the CLI can run with its working directory in a scratch folder.
const tsx = createRequire(import.meta.url).resolve("tsx");
let server: RunningServer;
let dir: string;

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", pathToFileURL(tsx).href, main, ...args],
      {
        cwd: dir,
        env: { ...process.env, TAGTRAIL_SERVER: server.base, TAGTRAIL_ADMIN_TOKEN: server.runtime.adminToken },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("tagtrail CLI, end to end", () => {
  beforeAll(async () => {
    dir = tempDir("tagtrail-cli-");
    server = await startServer(tempDir(), "cli-flow.example/log");
  });

  it("prints --help for every command", async () => {
    const top = await cli("--help");
    const commands = [...top.stdout.matchAll(/^ {2}([a-z-]+) /gm)].map((m) => m[1] as string);
    expect(commands).toEqual(
      expect.arrayContaining([
        "keygen",
        "party",
        "mint",
        "commission",
        "ship",
        "receive",
        "sell",
        "recall",
        "verify",
        "audit",
      ]),
    );
    for (const c of commands) {
      const res = await cli(c, "--help");
      expect([c, res.code, res.stdout.startsWith("usage: tagtrail")]).toEqual([c, 0, true]);
    }
  }, 120_000);

  it("takes a tag from minting to a verified, audited sale", async () => {
    for (const who of ["maker", "dist", "shop"]) expect((await cli("keygen", "--out", `${who}.key`)).code).toBe(0);
    for (const args of [
      [
        "--id",
        "maker",
        "--name",
        "Maker AG",
        "--role",
        "manufacturer",
        "--country",
        "CH",
        "--prefix",
        "9506000",
        "--public-key-file",
        "maker.pub",
      ],
      [
        "--id",
        "dist",
        "--name",
        "Dist GmbH",
        "--role",
        "distributor",
        "--country",
        "DE",
        "--public-key-file",
        "dist.pub",
      ],
      [
        "--id",
        "shop",
        "--name",
        "Shop SA",
        "--role",
        "retailer",
        "--country",
        "FR",
        "--public-key-file",
        "shop.pub",
        "--hide-name",
      ],
    ]) {
      const res = await cli("party", "add", ...args);
      expect(res.code, res.stderr).toBe(0);
    }

    const mint = await cli(
      "mint",
      "--key",
      "maker.key",
      "--gtin",
      "9506000134352",
      "--count",
      "3",
      "--lot",
      "B7",
      "--base",
      server.base,
      "--out",
      "tags.csv",
      "--qr",
      "svg",
      "--qr-dir",
      "qr",
      "--claim-codes",
      "claims.csv",
    );
    expect(mint.code, mint.stderr).toBe(0);
    const rows = parseCsv(readFileSync(join(dir, "tags.csv"), "utf8"));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ gtin: "09506000134352", lot: "B7", claim: expect.stringMatching(/^[\w-]{64}$/) });
    // The claim codes are apart from the tags, readable by the maker only, one QR each beside the tag's.
    const claims = parseCsv(readFileSync(join(dir, "claims.csv"), "utf8"));
    expect(claims.map((c) => c.serial)).toEqual(rows.map((r) => r.serial));
    expect(claims[0]?.claim_code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    expect(claims[0]?.claim_url).toBe(
      `${server.base}/claim/01/09506000134352/21/${rows[0]?.serial}#${claims[0]?.claim_code}`,
    );
    expect(statSync(join(dir, "claims.csv")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, "tags.csv"), "utf8")).not.toContain(claims[0]?.claim_code as string);
    expect(readdirSync(join(dir, "qr")).sort()).toEqual(
      rows.flatMap((r) => [`${r.serial}.svg`, `${r.serial}.claim.svg`]).sort(),
    );
    expect(readFileSync(join(dir, "qr", `${rows[0]?.serial}.svg`), "utf8")).toMatch(/^<svg/);
    const png = await cli(
      "mint",
      "--key",
      "maker.key",
      "--gtin",
      "9506000134352",
      "--count",
      "1",
      "--base",
      server.base,
      "--out",
      "one.csv",
      "--qr",
      "png",
      "--qr-dir",
      "png",
    );
    expect(png.code).toBe(0);
    expect(
      readFileSync(join(dir, "png", readdirSync(join(dir, "png"))[0] as string))
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");

    // The lot in the URL's path too (GS1 Digital Link /01/…/10/…/21/…), only when there is a lot.
    const lotPath = await cli(
      "mint",
      "--key",
      "maker.key",
      "--gtin",
      "9506000134352",
      "--count",
      "1",
      "--lot",
      "B7",
      "--lot-in-path",
      "--base",
      server.base,
      "--out",
      "lot-path.csv",
    );
    expect(lotPath.code, lotPath.stderr).toBe(0);
    expect(parseCsv(readFileSync(join(dir, "lot-path.csv"), "utf8"))[0]?.url).toMatch(
      /\/01\/09506000134352\/10\/B7\/21\/[^/?]+\?s=/,
    );
    const noLot = await cli(
      "mint",
      "--key",
      "maker.key",
      "--gtin",
      "9506000134352",
      "--count",
      "1",
      "--lot-in-path",
      "--base",
      server.base,
    );
    expect([noLot.code, noLot.stderr]).toEqual([2, expect.stringMatching(/--lot-in-path needs --lot/)]);

    expect((await cli("commission", "--csv", "tags.csv")).stdout).toMatch(/commissioned 3 tags \(0 already were\)/);
    expect((await cli("commission", "--csv", "tags.csv")).stdout).toMatch(/commissioned 0 tags \(3 already were\)/);
    const url = rows[0]?.url as string;
    expect((await cli("verify", url)).code).toBe(5); // caution: genuine, not in a shop yet

    for (const args of [
      ["ship", "--key", "maker.key", "--csv", "tags.csv", "--to", "dist", "--country", "CH"],
      ["receive", "--key", "dist.key", "--csv", "tags.csv", "--country", "DE"],
      ["ship", "--key", "dist.key", "--tag", url, "--to", "shop"],
      ["receive", "--key", "shop.key", "--tag", url],
      ["sell", "--key", "shop.key", "--tag", url, "--country", "FR"],
    ]) {
      const res = await cli(...args);
      expect(res.code, `${args.join(" ")}: ${res.stderr}`).toBe(0);
    }
    const refused = await cli("sell", "--key", "dist.key", "--tag", rows[1]?.url as string);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not-retailer|not-custodian/);

    const logKey = server.runtime.log.verifierKey();
    const verified = await cli("verify", url, "--log-key", logKey);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/verdict: authentic/);
    expect(verified.stdout).toMatch(/6 entries, signatures, hash links and log inclusion re-checked locally: ok/);

    const audit = await cli("audit", "--log-key", logKey);
    expect(audit.code, audit.stderr).toBe(0);
    expect(audit.stdout, audit.stdout).toMatch(/18 entries: root matches; 3 parties, 3 keys, 3 tags, every rule holds/);

    // A return: the shop takes the sold product back, with a fresh claim code for its next buyer.
    const returned = await cli("return", "--key", "shop.key", "--tag", url, "--new-claim-code");
    expect(returned.code, returned.stderr).toBe(0);
    expect(returned.stdout).toMatch(/new claim code: [0-9A-Z]{4}(-[0-9A-Z]{4}){4}\n/);
    const back = await cli("verify", url, "--log-key", logKey);
    expect([back.code, back.stdout]).toEqual([0, expect.stringMatching(/at-retailer/)]);
    // A recall of the lot by the maker, and its lifting.
    const recall = await cli(
      "recall",
      "--key",
      "maker.key",
      "--gtin",
      "09506000134352",
      "--lot",
      "B7",
      "--instructions",
      "Bring it back.",
    );
    expect(recall.code, recall.stderr).toBe(0);
    const recalled = await cli("verify", url, "--log-key", logKey);
    expect([recalled.code, recalled.stdout]).toEqual([6, expect.stringMatching(/the maker says: Bring it back\./)]);
    const lift = /--lift (\S+)/.exec(recall.stdout)?.[1] as string;
    expect((await cli("recall", "--key", "maker.key", "--gtin", "09506000134352", "--lift", lift)).code).toBe(0);
    expect((await cli("verify", url, "--log-key", logKey)).code).toBe(0);
    const notMaker = await cli("recall", "--key", "shop.key", "--gtin", "09506000134352", "--instructions", "x");
    expect([notMaker.code, notMaker.stderr]).toEqual([1, expect.stringMatching(/not-maker/)]);

    // An operator who rewrites history is caught: the leaves no longer hash to the signed root.
    // (A dishonest one rewrites the stored leaf hash too, so the server's own checks pass.)
    const db = server.runtime.db;
    const last = db.prepare("SELECT max(idx) FROM log_leaves").pluck().get() as number;
    const forged = Buffer.concat([
      db.prepare("SELECT data FROM log_leaves WHERE idx = ?").pluck().get(last) as Buffer,
      Buffer.from(" "),
    ]);
    db.prepare("UPDATE log_leaves SET data = ? WHERE idx = ?").run(forged, last);
    db.prepare("UPDATE log_nodes SET hash = ? WHERE level = 0 AND idx = ?").run(hashLeaf(forged), last);
    const tampered = await cli("audit", "--log-key", logKey, "--state", "fresh-state");
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/do not hash to the signed root/);
  }, 180_000);
});
