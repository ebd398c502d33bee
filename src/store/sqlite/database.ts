// Opens a SQLite database file for tagtrail: durability pragmas and the shared migrations.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

export type SqliteDatabase = Database.Database;

/** The repository's migrations/ directory, found from this module whether run from src/ or dist/. */
export function migrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "migrations");
    if (existsSync(join(candidate, "0001_log.sql"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("migrations directory not found");
    dir = parent;
  }
}

/**
 * Applies every migrations/NNNN_*.sql file not yet applied, each in its own transaction, in name
 * order. The same files are applied to D1 by `wrangler d1 migrations apply`.
 */
export function migrate(db: SqliteDatabase, dir = migrationsDir()): string[] {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)");
  const applied = new Set(db.prepare("SELECT name FROM schema_migrations").pluck().all() as string[]);
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort();
  const ran: string[] = [];
  for (const file of files) {
    if (applied.has(file)) continue;
    const sql = readFileSync(join(dir, file), "utf8");
    db.transaction(() => {
      db.exec(sql);
      db.prepare("INSERT INTO schema_migrations (name) VALUES (?)").run(file);
    }).immediate();
    ran.push(file);
  }
  return ran;
}

export interface OpenOptions {
  readonly readonly?: boolean;
}

/**
 * WAL with synchronous=FULL: a commit returns only after its WAL frames are fsynced, so every
 * acknowledged append survives a process crash and a power loss alike.
 */
export function openDatabase(path: string, options: OpenOptions = {}): SqliteDatabase {
  const db = new Database(path, { readonly: options.readonly ?? false });
  db.pragma("busy_timeout = 5000");
  if (!options.readonly) {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    migrate(db);
  }
  return db;
}
