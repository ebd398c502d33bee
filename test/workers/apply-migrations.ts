// Applies the repository's migrations/ (the very files wrangler applies to D1) to the test D1.
import { applyD1Migrations, env } from "cloudflare:test";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
