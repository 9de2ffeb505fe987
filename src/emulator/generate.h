// generate.h — values that conform to a catalogue schema, for the emulator's generic layer: realistic by
// format and property name, deterministic for a seed.
//
// Generated values come from hashes of a key (the caller's: seed, operation, path, query, JSON pointer), so
// the same request answers the same body for a seed. Strings follow their format, pattern and property name
// (ids as digit strings, dates, URLs, currencies, countries, emails, names), numbers their bounds, enums
// pick a value. Arrays hold one to three items, depth and node count are bounded. Each generated object is
// checked against its schema and a mismatching property is regenerated from the schema's other definitions
// or its skeleton (core/schema.h), so answers conform.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalogue.h"
#include "core/json.h"
#include "core/schema.h"

namespace pinlab::emu {

struct Generator {
    // Aggregate: Generator{catalogue, seed, epoch_s}.
    const Catalogue& c;
    uint64_t seed;
    int64_t epoch_s;  // "now" of generated times: the seed data's, so answers do not drift with the clock
    int nodes = 0;    // values made so far (bounded per answer)
    const json* hint = nullptr;  // an object the top-level value should match: its discriminator picks the variant
    // A user's object: objects get their required properties only, with neutral values (null, "", 0, false, [],
    // an enum's usual value) where the schema accepts one: nothing invented.
    bool minimal = false;

    // A value for `schema`: `key` drives every choice (the same key, the same value), `name` is the property
    // it is for (it picks realistic strings), `depth` how deep it lies in the answer.
    json value(const json& schema, uint64_t key, const std::string& name = "", int depth = 0);

private:
    uint64_t key_of(uint64_t key, std::string_view part) const;
    std::string date(uint64_t key) const;
    std::string datetime(uint64_t key) const;
    std::string digits(uint64_t key, size_t len) const;
    std::vector<std::string> pattern_candidates(uint64_t key) const;
    json string_value(const json& s, uint64_t key, const std::string& name);
    std::optional<json> neutral_value(const json& s, const std::string& name);
    json number_value(const json& s, uint64_t key, const std::string& name, bool integer);
    // An alternative of a oneOf/anyOf that conforms to the whole schema.
    json alternative(const json& s, uint64_t key, const std::string& name, int depth);
    json object_value(const json& s, uint64_t key, int depth, const json* alt);
    // Regenerates the properties of `obj` the schema refuses, trying each of their definitions, then their
    // skeleton; an optional property that fits none is dropped.
    void repair(const json& s, json& obj, const SchemaShape& shape, uint64_t key, int depth);
};

}  // namespace pinlab::emu
