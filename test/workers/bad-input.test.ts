// The bad-input sweep (test/support/bad-input-sweep.ts) inside workerd: the Worker entry, its
// D1 sessions and the Sequencer; "nothing written" is read from the D1 database itself.
import { env } from "cloudflare:test";
import { badInputSweep } from "../support/bad-input-sweep.js";
import { callWorker } from "./support.js";

badInputSweep("Workers, D1", async () => ({
  base: "https://tagtrail.test",
  adminToken: env.TAGTRAIL_ADMIN_TOKEN,
  fetcher: callWorker,
  counts: async () => {
    const one = async (sql: string) => (await env.DB.prepare(sql).all()).results;
    return {
      leaves: await one("SELECT count(*) AS n FROM log_leaves"),
      tags: await one("SELECT count(*) AS n FROM tags"),
      parties: await one("SELECT count(*) AS n FROM parties"),
      keys: await one("SELECT key_id, retired_at, compromised_at FROM party_keys ORDER BY key_id"),
    };
  },
}));
