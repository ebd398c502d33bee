// A witness's state on better-sqlite3, in its own database file (not the log's): the latest
// cosigned checkpoint per origin, advanced in IMMEDIATE transactions, and kept evidence.
import type Database from "better-sqlite3";
import type { WitnessedState } from "../../core/witness.js";
import type { WitnessStore } from "../witness-store.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS witnessed (
  origin TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  root BLOB NOT NULL,
  note TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS evidence (
  id INTEGER PRIMARY KEY,
  origin TEXT NOT NULL,
  status INTEGER NOT NULL,
  request TEXT NOT NULL,
  at INTEGER NOT NULL
);`;

export class SqliteWitnessStore implements WitnessStore {
  readonly #db: Database.Database;
  readonly #get;
  readonly #put;
  readonly #evidence;

  constructor(db: Database.Database) {
    this.#db = db;
    db.exec(SCHEMA);
    this.#get = db.prepare<[string], { size: number; root: Uint8Array }>(
      "SELECT size, root FROM witnessed WHERE origin = ?",
    );
    this.#put = db.prepare(
      `INSERT INTO witnessed (origin, size, root, note) VALUES (?, ?, ?, ?)
       ON CONFLICT (origin) DO UPDATE SET size = excluded.size, root = excluded.root, note = excluded.note`,
    );
    this.#evidence = db.prepare("INSERT INTO evidence (origin, status, request, at) VALUES (?, ?, ?, ?)");
  }

  latest(origin: string): WitnessedState | undefined {
    const r = this.#get.get(origin);
    return r && { size: r.size, root: new Uint8Array(r.root) };
  }

  advance<T>(
    origin: string,
    decide: (latest: WitnessedState | undefined) => { next?: WitnessedState & { note: string }; result: T },
  ): T {
    return this.#db
      .transaction(() => {
        const { next, result } = decide(this.latest(origin));
        if (next) this.#put.run(origin, next.size, next.root, next.note);
        return result;
      })
      .immediate();
  }

  keepEvidence(origin: string, status: number, request: string, at: number): void {
    this.#evidence.run(origin, status, request, at);
  }
}
