// The storage contract on the SQLite adapter, each case on a fresh database file; each extra
// writer opens its own connection to the same file.
import { join } from "node:path";
import { nodeCrypto } from "../src/runtime/node/crypto.js";
import { openDatabase } from "../src/store/sqlite/database.js";
import { SqliteDomainStore } from "../src/store/sqlite/domain-store.js";
import { SqliteLogStore } from "../src/store/sqlite/log-store.js";
import { type StoreUnderTest, storeContract } from "./support/store-contract.js";
import { tempDir } from "./support/temp.js";

const dir = tempDir();
let n = 0;

function connect(path: string, soleWriter = false): StoreUnderTest {
  const db = openDatabase(path);
  const log = new SqliteLogStore(db, nodeCrypto);
  return {
    log,
    domain: new SqliteDomainStore(db, log, { soleWriter }),
    writer: () => connect(path),
    sql: async (statement) => void db.exec(statement),
  };
}

storeContract("sqlite", async () => connect(join(dir, `contract-${n++}.db`)));
// As npm start opens it: the owner of the file caches scan tokens and forgets them on its commits.
storeContract("sqlite, sole writer", async () => connect(join(dir, `contract-${n++}.db`), true));
