// /openapi.json says what each answer contains: no response is documented as "anything", and a
// real answer from every route validates against the schema the document gives its status and
// media type. OpenAPI 3.1 schemas are JSON Schema 2020-12, so ajv checks them as they are, with
// one addition: every documented object is closed, so an undocumented member fails too.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toBase64 } from "../src/core/bytes.js";
import { gtinWithCheckDigit } from "../src/core/gs1.js";
import { type NodeRuntime, openNodeRuntime } from "../src/runtime/node/runtime.js";
import { type Actor, actor, Client, rotate } from "./support/actors.js";
import { tempDir } from "./support/temp.js";

type Schema = { [key: string]: unknown };
type Operation = { responses: Record<string, { content?: Record<string, { schema: Schema }> }> };
interface OpenApi {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { readonly schemas: Record<string, Schema> };
}

const BASE = "http://tagtrail.test";
let service: NodeRuntime;
let client: Client;
let doc: OpenApi;
let validators: (template: string, method: string, status: number, mediaType: string) => ValidateFunction;

/** Where a schema says nothing about a value: no type, reference or composition. */
function vagueSchemas(schema: unknown, at: string, out: string[] = []): string[] {
  if (typeof schema !== "object" || schema === null) return out;
  const s = schema as Schema;
  if (!["type", "$ref", "oneOf", "anyOf", "allOf", "enum", "const"].some((k) => k in s)) out.push(at);
  for (const [key, sub] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) {
    vagueSchemas(sub, `${at}.${key}`, out);
  }
  if (typeof s.items === "object") vagueSchemas(s.items, `${at}[]`, out);
  if (typeof s.additionalProperties === "object") vagueSchemas(s.additionalProperties, `${at}{}`, out);
  for (const k of ["oneOf", "anyOf", "allOf"]) {
    for (const [i, sub] of ((s[k] ?? []) as unknown[]).entries()) vagueSchemas(sub, `${at}.${k}[${i}]`, out);
  }
  return out;
}

/** A copy with references into the document's components made absolute and every object closed. */
function forAjv(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(forAjv);
  if (typeof value !== "object" || value === null) return value;
  const out: Schema = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === "$ref" ? String(v).replace("#/components/schemas/", "urn:tagtrail:openapi#/$defs/") : forAjv(v);
  }
  if (out.type === "object" && out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

/** Asserts that `res` is a documented answer of the route and that its body matches the schema. */
async function expectDocumented(
  template: string,
  res: { status: number; body: unknown; headers: Headers },
  method = "get",
): Promise<void> {
  const mediaType = (res.headers.get("content-type") ?? "").split(";")[0] as string;
  const validate = validators(template, method, res.status, mediaType);
  expect(validate(res.body), `${method} ${template} ${res.status}: ${JSON.stringify(validate.errors)}`).toBe(true);
}

const gln = gtinWithCheckDigit("0950600000001").slice(1);
const maker = actor("acme");
const dist = actor("distco", "9506001");
const shop = actor("shop", "9506002");

beforeAll(async () => {
  service = await openNodeRuntime({ dataDir: tempDir(), origin: "openapi.example/log" });
  client = new Client(BASE, service.adminToken, async (url, init) => service.app.request(url, init));
  doc = (await (await service.app.request("/openapi.json")).json()) as OpenApi;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema({ $id: "urn:tagtrail:openapi", $defs: forAjv(doc.components.schemas) as Schema });
  const compiled = new Map<string, ValidateFunction>();
  validators = (template, method, status, mediaType) => {
    const key = `${method} ${template} ${status} ${mediaType}`;
    const schema = doc.paths[template]?.[method]?.responses[String(status)]?.content?.[mediaType]?.schema;
    if (!schema) throw new Error(`${key} is not documented`);
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(forAjv(schema) as Schema);
      compiled.set(key, validate);
    }
    return validate;
  };
});
afterAll(async () => service?.close());

describe("the OpenAPI description", () => {
  it("gives every response a schema that says what it contains", () => {
    const vague: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(op.responses)) {
          for (const [type, { schema }] of Object.entries(response.content ?? {})) {
            vagueSchemas(schema, `${method} ${path} ${status} ${type}`, vague);
          }
        }
      }
    }
    for (const [name, schema] of Object.entries(doc.components.schemas)) vagueSchemas(schema, name, vague);
    expect(vague).toEqual([]);
  });

  it("documents the operator's answers: parties and keys", async () => {
    for (const [a, roles, extra] of [
      [maker, ["manufacturer"], { gln }],
      [dist, ["distributor"], {}],
      [shop, ["retailer"], { showName: false }],
    ] as [Actor, string[], Record<string, unknown>][]) {
      const res = await client.register(a, roles, extra);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      await expectDocumented("/v1/parties", res, "post");
    }
    const again = await client.register(maker, ["manufacturer"]);
    expect(again.body.code).toBe("party-exists");
    await expectDocumented("/v1/parties", again, "post");

    const invalid = await client.admin("POST", `/v1/parties/${dist.id}/keys`, { publicKey: "not a key" });
    expect(invalid.status).toBe(400);
    await expectDocumented("/v1/parties/{id}/keys", invalid, "post");

    // A retired and a revoked key, so the party's answer shows both.
    for (const action of ["retire", "revoke"]) {
      const { old, fresh } = rotate(dist);
      const added = await client.admin("POST", `/v1/parties/${dist.id}/keys`, { publicKey: toBase64(fresh.publicKey) });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
      await expectDocumented("/v1/parties/{id}/keys", added, "post");
      const body = action === "revoke" ? { compromisedAt: "2020-01-01T00:00:00Z" } : undefined;
      const changed = await client.admin("POST", `/v1/parties/${dist.id}/keys/${old.keyId}/${action}`, body);
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      await expectDocumented(`/v1/parties/{id}/keys/{keyId}/${action}`, changed, "post");
    }
    const party = await client.admin("GET", `/v1/parties/${dist.id}`);
    expect(party.body.keys.map((k: object) => Object.keys(k).length)).toEqual([3, 3, 2]);
    await expectDocumented("/v1/parties/{id}", party);
    await expectDocumented("/v1/parties/{id}", await client.admin("GET", "/v1/parties/nobody"));
  });

  it("documents commissioning, events, a tag's chain in both forms and the log's answers", async () => {
    const tags = client.mint(maker, 2, undefined, "L1");
    const [tag, other] = tags as [(typeof tags)[number], (typeof tags)[number]];
    await expectDocumented("/v1/tags", await client.commission([tag]), "post");
    const commissioned = await client.commission(tags); // one existing, one created
    await expectDocumented("/v1/tags", commissioned, "post");

    let head = commissioned.body.results[0].leafHash as string;
    for (const [a, type, extra] of [
      [maker, "ship", { to: dist.id, country: "DE" }],
      [dist, "receive", {}],
      [dist, "ship", { to: shop.id }],
      [shop, "receive", {}],
      [shop, "sell", { country: "FR" }],
    ] as [Actor, Parameters<Client["signed"]>[1], object][]) {
      const res = await client.events([client.signed(a, type, tag, head, extra)]);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      await expectDocumented("/v1/events", res, "post");
      head = res.body.results[0].leafHash;
    }
    const stale = await client.events([client.signed(shop, "destroy", other, head)]);
    expect(stale.body.code).toBe("wrong-prev");
    await expectDocumented("/v1/events", stale, "post");

    const path = `/v1/tags/${tag.tag.gtin}/${encodeURIComponent(tag.tag.serial)}/events`;
    const chain = await client.call("GET", path);
    expect(chain.body.entries).toHaveLength(6);
    await expectDocumented("/v1/tags/{gtin}/{serial}/events", chain);
    const epcis = await client.call("GET", `${path}?format=epcis`);
    expect(epcis.headers.get("content-type")).toMatch(/^application\/ld\+json/);
    // The maker registered a GLN: its two entries name a business location.
    const located = epcis.body.epcisBody.eventList.map((e: object) => "bizLocation" in e);
    expect(located).toEqual([true, true, false, false, false, false]);
    await expectDocumented("/v1/tags/{gtin}/{serial}/events", epcis);
    const unknown = await client.call("GET", `/v1/tags/${tag.tag.gtin}/never-minted/events`);
    expect(unknown.status).toBe(404);
    await expectDocumented("/v1/tags/{gtin}/{serial}/events", unknown);

    const leafIndex = commissioned.body.results[0].leafIndex as number;
    await expectDocumented("/v1/log/entries/{index}", await client.call("GET", `/v1/log/entries/${leafIndex}`));
    await expectDocumented("/v1/log/leaves", await client.call("GET", "/v1/log/leaves?start=0&count=3"));
    await expectDocumented(
      "/v1/log/proof/consistency",
      await client.call("GET", "/v1/log/proof/consistency?from=1&to=5"),
    );
  });

  it("documents the verify answer: authentic, counterfeit and unknown", async () => {
    const [tag] = client.mint(maker, 1);
    if (!tag) throw new Error("mint");
    let head = (await client.commission([tag])).body.results[0].leafHash as string;
    for (const [a, type, extra] of [
      [maker, "ship", { to: shop.id }],
      [shop, "receive", {}],
      [shop, "sell", {}],
    ] as [Actor, Parameters<Client["signed"]>[1], object][]) {
      head = (await client.events([client.signed(a, type, tag, head, extra)])).body.results[0].leafHash;
    }
    const authentic = await client.verify(tag);
    expect(authentic.body.verdict).toBe("authentic");
    expect(authentic.body.proofs.entries).toHaveLength(4);
    await expectDocumented("/01/{gtin}/21/{serial}", authentic);

    const counterfeit = await client.verify(tag, "A".repeat(86));
    expect([counterfeit.body.verdict, counterfeit.body.proofs]).toEqual(["counterfeit", undefined]);
    await expectDocumented("/01/{gtin}/21/{serial}", counterfeit);

    const [unknown] = client.mint(maker, 1);
    if (!unknown) throw new Error("mint");
    expect((await client.verify(unknown, null)).body.reasons).toHaveLength(2);
    await expectDocumented("/01/{gtin}/21/{serial}", await client.verify(unknown, null));
    await expectDocumented("/01/{gtin}/21/{serial}", await client.call("GET", "/01/123/21/x?format=json"));
  });
});
