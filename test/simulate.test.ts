// The simulation behind `npm run simulate`, on a small population: every scenario runs through the
// real service, and both goals of the verdict issue hold (≤ 1 % of genuine products ever shown a
// warning or worse, ≥ 95 % of copied codes on claimed products caught at the first shelf scan).
import { describe, expect, it } from "vitest";
import { goals, type ScenarioRow, simulate, table } from "../scripts/simulate.js";

describe("npm run simulate", () => {
  it("runs every scenario through the service and meets both goals", async () => {
    const rows = await simulate({ products: 220, seed: 7 });
    const genuine = rows.filter((r) => r.kind === "genuine");
    expect(genuine.length).toBeGreaterThanOrEqual(7);
    expect(rows.filter((r) => r.kind === "copy").length).toBeGreaterThanOrEqual(5);
    for (const r of rows) {
      expect(r.products, r.scenario).toBeGreaterThan(0);
      expect(r.scans, r.scenario).toBeGreaterThanOrEqual(r.products);
    }
    // Scan-bombing reached the notes, and never more than a note.
    const bombed = rows.find((r) => r.scenario.startsWith("scan-bombed")) as ScenarioRow;
    expect(bombed.scans).toBeGreaterThan(1000 * bombed.products);
    expect(bombed.notes).toBeGreaterThan(0);
    expect(bombed.hits).toBe(0);
    // A claimed product never carries the note; a genuine product on its own shelf never reads as a copy.
    expect(rows.find((r) => r.scenario.startsWith("bought and claimed"))?.notes).toBe(0);
    for (const r of genuine) expect(r.misread, r.scenario).toBe(0);
    const g = goals(rows);
    expect(g.genuineWarned).toBeLessThanOrEqual(0.01);
    expect(g.claimedCopiesCaught).toBeGreaterThanOrEqual(0.95);
    expect(table(rows)).toMatch(/^\| scenario \| products \| scans \|/);
  }, 120_000);
});
