// schema.h — JSON values against the catalogue's schemas (OpenAPI 3.0 subset, see catalogue.h):
// validation that lists every mismatch by JSON pointer (the emulator's 400s, the Explorer's body editor
// and its check of a response against the operation's schema), and a valid skeleton of a schema (the
// Explorer's pre-filled request body).
//
// Supported: $ref, allOf, oneOf/anyOf (with discriminator mappings), nullable, type, enum, required,
// properties, additionalProperties, items, min/maxItems, min/maxLength, minimum/maximum, pattern (the
// spec's own patterns: digit-only ids are checked; others are not, see schema.cpp), formats date and
// date-time, and readOnly (a request may omit it).
#pragma once

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

}  // namespace pinlab
