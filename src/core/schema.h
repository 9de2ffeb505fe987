// schema.h — JSON values against the catalogue's schemas (OpenAPI 3.0 subset, see catalogue.h):
// validation that lists every mismatch by JSON pointer (the emulator's 400s, the Explorer's body editor
// and its check of a response against the operation's schema), and a valid skeleton of a schema (the
// Explorer's pre-filled request body).
//
// Validation is JSON Schema for the OpenAPI 3.0 dialect the spec writes, held equal to Ajv + ajv-formats by a
// differential test: $ref, type, nullable, enum, const, allOf, anyOf, oneOf (exactly one), not, discriminator
// (which alternative's mismatches to report), properties, required, additionalProperties, min/maxProperties,
// items, min/maxItems, uniqueItems, min/maxLength, pattern (ECMA-262, core/pattern.h), minimum/maximum with
// OpenAPI's boolean or JSON Schema's numeric exclusive bounds, multipleOf, formats date, date-time (the zone
// optional, as Pinterest writes it), email, uri, int32, int64; readOnly (a request may omit it).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/json.h"

namespace pinlab {

struct SchemaIssue {
    std::string pointer;  // RFC 6901 JSON pointer of the value, "" for the whole document
    std::string message;  // "expected integer, got string", "missing required property 'name'", ...
};

struct SchemaOptions {
    bool request = false;   // validating a request: readOnly properties need not be present
    size_t max_issues = 50; // stop after this many
};

// Every mismatch of `value` against `schema` (empty when it conforms).
std::vector<SchemaIssue> validate_schema(const Catalogue& c, const json& schema, const json& value,
                                         const SchemaOptions& options = {});
// "/items/3/id: expected string, got integer" (a pointer "" reads "(root)").
std::string describe(const SchemaIssue& issue);
// A JSON pointer token: "~" and "/" escaped as RFC 6901 says.
std::string pointer_token(const std::string& key);

// A value that conforms to `schema` with only what is required filled in: the schema's example or
// default where it has one, else its first enum value, else a placeholder by type and format
// ("2025-01-31" for a date, "" for a string, 0 for a number). `all_properties` fills optional ones too.
json schema_skeleton(const Catalogue& c, const json& schema, bool all_properties = false);

// [SECTION] Reading a schema's structure (the emulator's generator and generic layer, the catalogue's shapes)

// How deep allOf parts and nested definitions are followed when a schema is read for its structure.
constexpr int kMaxSchemaDepth = 12;

// An object schema's properties, with every definition of each across its allOf parts, and its required names.
struct SchemaShape {
    std::vector<std::string> order;                        // property names, first definition first
    std::map<std::string, std::vector<const json*>> defs;  // name -> its schemas (pointers into the schema)
    std::set<std::string> required;
    const json* additional = nullptr;  // the additionalProperties schema, when it is an object
};
// Adds `schema`'s shape to `out` (pointers into `schema` and the catalogue: keep both alive).
void schema_flatten(const Catalogue& c, const json& schema, SchemaShape& out, int depth = 0);
// The schema with its allOf parts folded into one: properties and items defined twice become an allOf of both
// definitions, required names are joined, the schema's own keys win. What a generator can follow.
json schema_merged(const Catalogue& c, const json& schema, int depth = 0);
// Copies onto `dst` each property of `src` that the schema (or the alternative `dst` is) has and accepts:
// a property is kept only when it adds no mismatch.
void schema_overlay(const Catalogue& c, const json& schema, json& dst, const json& src);
// The first token of a JSON pointer ("/name/0" -> "name"), unescaped.
std::string pointer_first_token(const std::string& pointer);

}  // namespace pinlab
