// GS1's EPCIS 2.0 JSON Schema (draft-07) from ../shared, compiled with ajv and ajv-formats as
// GS1's own validate.sh does.
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

export const EPCIS_DIR = new URL("../../../shared/vectors/epcis/", import.meta.url);

export function epcisValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(new URL("EPCIS-JSON-Schema.json", EPCIS_DIR), "utf8"));
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv.compile(schema);
}
