// The storage contract on the SQLite adapter, each case on a fresh database file.
import { join } from "node:path";
import { nodeCrypto } from "../src/runtime/node-crypto.js";
import { openDatabase } from "../src/store/sqlite/database.js";
import { SqliteDomainStore } from "../src/store/sqlite/domain-store.js";
import { SqliteLogStore } from "../src/store/sqlite/log-store.js";
import { storeContract } from "./support/store-contract.js";
import { tempDir } from "./support/temp.js";

const dir = tempDir();
let n = 0;

storeContract("sqlite", async () => {
  const db = openDatabase(join(dir, `contract-${n++}.db`));
  const log = new SqliteLogStore(db, nodeCrypto);
  return { log, domain: new SqliteDomainStore(db, log) };
});
