// No forks on Node: 16 concurrent writers over real HTTP against one server and SQLite file.
import { expect, it } from "vitest";
import { Client } from "./support/actors.js";
import { raceAndCheck } from "./support/race.js";
import { startServer } from "./support/server.js";
import { tempDir } from "./support/temp.js";

it("16 concurrent writers: one winner per prev, no duplicate index, every acknowledged write present", async () => {
  const server = await startServer(tempDir(), "race.example/log");
  const report = await raceAndCheck(new Client(server.base, server.runtime.adminToken), 16);
  expect(report.refusedWrongPrev).toBe(15);
  expect(report.acknowledged).toBe(4 + 16 * 5);
});
