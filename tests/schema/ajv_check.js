#!/usr/bin/env node
// ajv_check.js — the reference validator for Pinlab's schema tests: reads cases {schema, value} whose schemas are
// in the catalogue's compact form (catalogue.json: a "$ref" is a bare component name) and writes Ajv's verdict on
// each. Used by tests/schema (the differential test of core/schema) and tests/emulator's conformance test.
//
//   node ajv_check.js CATALOGUE IN OUT     IN: {"cases": [{"schema": ..., "value": ...}, ...]}
//                                           OUT: [{"valid": bool, "error": "..."}, ...] in the same order
//
// The OpenAPI 3.0 schema is read as JSON Schema the usual way: `nullable: true` becomes anyOf [schema, null]; a
// boolean exclusiveMinimum/Maximum becomes the numeric bound; discriminator, example and the other annotations
// are dropped (Ajv ignores them: strict mode off). Formats: ajv-formats' full mode, except that "date-time" is
// its "iso-date-time" (the zone optional), because Pinterest writes zoneless date-times.
"use strict";
const fs = require("fs");
const Ajv = require("ajv");
const addFormats = require("ajv-formats");
const { fullFormats } = require("ajv-formats/dist/formats");

const SCHEMA_KEYS = new Set(["items", "additionalProperties", "not"]);
const ARRAY_KEYS = new Set(["allOf", "anyOf", "oneOf"]);
const DROPPED = new Set(["discriminator", "example", "default", "readOnly", "writeOnly", "description", "title",
                         "deprecated", "nullable", "xml", "externalDocs"]);

function convert(node) {
  if (Array.isArray(node)) return node.map(convert);
  if (!node || typeof node !== "object") return node;
  if (typeof node.$ref === "string") {
    const ref = { $ref: "cat#/definitions/" + encodeURIComponent(node.$ref.replace(/~/g, "~0").replace(/\//g, "~1")) };
    return node.nullable === true ? { anyOf: [ref, { type: "null" }] } : ref;
  }
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (DROPPED.has(k)) continue;
    if (k === "properties" && v && typeof v === "object") {
      out.properties = {};
      for (const [name, s] of Object.entries(v)) out.properties[name] = convert(s);
    } else if (SCHEMA_KEYS.has(k) && v && typeof v === "object") {
      out[k] = convert(v);
    } else if (ARRAY_KEYS.has(k) && Array.isArray(v)) {
      out[k] = v.map(convert);
    } else {
      out[k] = v;
    }
  }
  for (const [ex, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]]) {
    if (typeof out[ex] !== "boolean") continue;
    if (out[ex] && typeof out[bound] === "number") {
      out[ex] = out[bound];
      delete out[bound];
    } else {
      delete out[ex];
    }
  }
  return node.nullable === true ? { anyOf: [out, { type: "null" }] } : out;
}

function main() {
  const [catPath, inPath, outPath] = process.argv.slice(2);
  if (!outPath) {
    console.error("usage: node ajv_check.js CATALOGUE IN OUT");
    process.exit(2);
  }
  const catalogue = JSON.parse(fs.readFileSync(catPath, "utf8"));
  const input = JSON.parse(fs.readFileSync(inPath, "utf8"));
  const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false });
  addFormats(ajv, { mode: "full" });
  ajv.addFormat("date-time", fullFormats["iso-date-time"]);
  const definitions = {};
  for (const [name, s] of Object.entries(catalogue.schemas)) definitions[name] = convert(s);
  ajv.addSchema({ $id: "cat", definitions });
  const compiled = new Map();
  const results = input.cases.map((c) => {
    const key = JSON.stringify(c.schema);
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(convert(c.schema));
      compiled.set(key, validate);
    }
    const valid = validate(c.value);
    return valid ? { valid } : { valid, error: ajv.errorsText(validate.errors) };
  });
  fs.writeFileSync(outPath, JSON.stringify(results));
}

main();
