// The storage contract on the D1 adapters, inside workerd, on the real migrations. Each extra
// writer is its own adapter object (its own write queue), as separate isolates would be.
import { env } from "cloudflare:test";
import { nobleCrypto } from "../../src/core/crypto.js";
import { D1DomainStore } from "../../src/store/d1/domain-store.js";
import { D1LogStore } from "../../src/store/d1/log-store.js";
import { type StoreUnderTest, storeContract } from "../support/store-contract.js";
import { emptyDatabase } from "./support.js";

function connect(): StoreUnderTest {
  const log = new D1LogStore(env.DB, nobleCrypto);
  return { log, domain: new D1DomainStore(log), writer: connect };
}

storeContract("d1", async () => {
  await emptyDatabase(env.DB);
  return connect();
});
