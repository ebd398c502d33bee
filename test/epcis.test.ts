// A tag's history as EPCIS 2.0 validates against GS1's EPCIS JSON Schema; the validator itself
// accepts GS1's example documents and rejects a broken one, so the check can fail.
import { readdirSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { niSha256 } from "../src/core/epcis.js";
import { contextPrefixes, epcisEventHash, hashLeaf } from "../src/index.js";
import { actor, Client } from "./support/actors.js";
import { EPCIS_DIR, epcisValidator } from "./support/epcis-schema.js";
import { startServer } from "./support/server.js";
import { tempDir } from "./support/temp.js";

const validate = epcisValidator();
let client: Client;
const maker = actor("maker");
const dist = actor("dist");
const shop = actor("shop");

describe("EPCIS 2.0 output", () => {
  beforeAll(async () => {
    const server = await startServer(tempDir(), "epcis.example/log");
    client = new Client(server.base, server.runtime.adminToken);
    expect((await client.register(maker, ["manufacturer"], { gln: "9506000000008" })).status).toBe(201);
    await client.register(dist, ["distributor"]);
    await client.register(shop, ["retailer"]);
  });

  it("the validator accepts GS1's examples and rejects a broken document", () => {
    const dir = new URL("JSON-Schema/test/", EPCIS_DIR);
    const examples = readdirSync(dir).filter((f) => f.endsWith(".json"));
    expect(examples.length).toBeGreaterThan(0);
    for (const f of examples) {
      const doc = JSON.parse(readFileSync(new URL(f, dir), "utf8"));
      expect(validate(doc), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(
      validate({
        type: "EPCISDocument",
        schemaVersion: "2.0",
        creationDate: "yesterday",
        epcisBody: { eventList: [{ type: "ObjectEvent" }] },
      }),
    ).toBe(false);
  });

  it("serves a full chain that validates against GS1's schema", async () => {
    const [tag] = client.mint(maker, 1, undefined, "LOT1");
    if (!tag) throw new Error("mint");
    let head = (await client.commission([tag])).body.results[0].leafHash as string;
    for (const [a, type, extra] of [
      [maker, "ship", { to: "dist" }],
      [dist, "receive", { country: "NL" }],
      [dist, "ship", { to: "shop" }],
      [shop, "receive", {}],
      [shop, "sell", {}],
      [maker, "recall", {}],
    ] as const) {
      head = (await client.events([client.signed(a, type, tag, head, extra)])).body.results[0].leafHash;
    }
    const res = await fetch(`${client.base}/v1/tags/${tag.tag.gtin}/${tag.tag.serial}/events?format=epcis`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/ld\+json/);
    const doc = (await res.json()) as {
      "@context": unknown;
      epcisBody: { eventList: ({ bizStep: string; disposition: string; eventID: string } & Record<string, unknown>)[] };
    };
    expect(validate(doc), JSON.stringify(validate.errors, null, 1)).toBe(true);
    const events = doc.epcisBody.eventList;
    expect(events.map((e) => e.bizStep)).toEqual([
      "commissioning",
      "shipping",
      "receiving",
      "shipping",
      "receiving",
      "retail_selling",
      "holding",
    ]);
    expect(events.map((e) => e.disposition)).toEqual([
      "active",
      "in_transit",
      "active",
      "in_transit",
      "active",
      "retail_sold",
      "recalled",
    ]);

    const plain = (await client.call("GET", `/v1/tags/${tag.tag.gtin}/${tag.tag.serial}/events`)).body;
    expect(plain.length).toBe(7);
    expect(plain.head).toBe(head);
    // Each eventID is the event's EPCIS Event Hash ID (CBV 2.0 §8.9), recomputed here from the
    // event without it; the tagtrail:leafHash extension names the entry's log leaf.
    const prefixes = contextPrefixes(doc["@context"]);
    expect(prefixes).toEqual({ tagtrail: "urn:tagtrail:epcis:" });
    for (const { eventID, ...event } of events) {
      expect(eventID).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
      expect(eventID).toBe(epcisEventHash(event, prefixes));
    }
    expect(new Set(events.map((e) => e.eventID)).size).toBe(events.length);
    const leaves = await Promise.all(
      plain.entries.map(
        async (e: { leafIndex: number }) =>
          (await client.call("GET", `/v1/log/entries/${e.leafIndex}`)).body.leafHash as string,
      ),
    );
    expect(events.map((e) => e["tagtrail:leafHash"])).toEqual(leaves.map((h) => niSha256(Buffer.from(h, "base64"))));
    expect(hashLeaf).toBeTypeOf("function");
  });

  it("answers an unknown tag with 404 and a malformed one with 400", async () => {
    expect((await client.call("GET", "/v1/tags/09506000134352/21nope/events")).status).toBe(404);
    expect((await client.call("GET", "/v1/tags/09506000134353/x/events")).status).toBe(400);
    expect((await client.call("GET", "/v1/tags/09506000134352/x/events?format=xml")).status).toBe(400);
  });
});
