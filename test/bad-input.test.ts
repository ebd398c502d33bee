// The bad-input sweep (test/support/bad-input-sweep.ts) over real HTTP against the Node service
// on a real SQLite file; "nothing written" is read from the database itself.

import { badInputSweep } from "./support/bad-input-sweep.js";
import { type RunningServer, startServer } from "./support/server.js";
import { tempDir } from "./support/temp.js";

badInputSweep("Node, SQLite", async () => {
  const server: RunningServer = await startServer(tempDir(), "sweep.example/log");
  const db = server.runtime.db;
  return {
    base: server.base,
    adminToken: server.runtime.adminToken,
    fetcher: fetch,
    counts: async () => ({
      leaves: db.prepare("SELECT count(*) FROM log_leaves").pluck().get(),
      tags: db.prepare("SELECT count(*) FROM tags").pluck().get(),
      parties: db.prepare("SELECT count(*) FROM parties").pluck().get(),
      keys: db.prepare("SELECT key_id, retired_at, compromised_at FROM party_keys ORDER BY key_id").all(),
    }),
  };
});
