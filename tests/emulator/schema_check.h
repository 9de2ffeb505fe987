// schema_check.h — a small OpenAPI 3.0 schema validator for the conformance test: $ref, allOf, oneOf/anyOf
// (with discriminator mappings), nullable, required, properties, additionalProperties, items, types, enums,
// string lengths, the ^\d+$ pattern and date/date-time formats. Reports the JSON path of the first mismatch.
#pragma once

#include <string>

#include "core/json.h"

namespace pinlab::emu::test {

class SchemaChecker {
public:
    explicit SchemaChecker(const json& spec) : spec_(spec) {}
    // True if `value` matches `schema`; otherwise `error` says where and why ("$.items[3].media: ...").
    bool check(const json& schema, const json& value, std::string& error) const;

private:
    bool check_at(const json& schema, const json& value, const std::string& path, std::string& error, int depth) const;
    const json* resolve(const json& schema) const;
    const json& spec_;
};

}  // namespace pinlab::emu::test
