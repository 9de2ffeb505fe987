// generate.cpp — see generate.h.
#include "emulator/generate.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "core/dates.h"
#include "core/json_util.h"
#include "core/pattern.h"
#include "core/text.h"
#include "emulator/impl.h"

namespace pinlab::emu {

namespace {

constexpr int kMaxNodes = 4000;  // values in one generated answer
constexpr int kFullDepth = 5;    // below this, optional properties too; deeper, required only
constexpr int kMaxDepth = kMaxSchemaDepth;


std::string lower(std::string_view s) {
    return ascii_lower(s);
}

bool contains(std::string_view hay, std::string_view needle) {
    return hay.find(needle) != std::string_view::npos;
}

bool conforms(const Catalogue& c, const json& schema, const json& v, bool request = false) {
    SchemaOptions o;
    o.request = request;
    o.max_issues = 1;
    return validate_schema(c, schema, v, o).empty();
}

const char* const kNames[] = {"Spring Sale",       "Holiday Gift Guide", "Evergreen Prospecting", "Back to School",
                              "Summer Launch",     "Cart Abandoners",    "Brand Awareness Q3",    "Home Decor Ideas",
                              "Weeknight Recipes", "Outdoor Living",     "New Arrivals",          "Best Sellers"};

std::string two(int v) {
    return (v < 10 ? "0" : "") + std::to_string(v);
}

}  // namespace

uint64_t Generator::key_of(uint64_t key, std::string_view part) const {
    return mix64(key ^ hash64(part, seed));
}

std::string Generator::date(uint64_t key) const {
    return days_to_ymd(epoch_s / 86400 - static_cast<int64_t>(key % 90));
}

std::string Generator::datetime(uint64_t key) const {
    int64_t s = epoch_s - static_cast<int64_t>(key % (90 * 86400));
    int64_t sod = ((s % 86400) + 86400) % 86400;
    return days_to_ymd(s / 86400) + "T" + two(static_cast<int>(sod / 3600)) + ":" +
           two(static_cast<int>(sod / 60 % 60)) + ":" + two(static_cast<int>(sod % 60));
}

// Strings of the shapes the spec's patterns describe: digits, a date, a date-time with milliseconds and Z (where a
// pattern demands it), an hh:mm time, letters and digits, a URL. The first that conforms is used.
std::vector<std::string> Generator::pattern_candidates(uint64_t key) const {
    std::string hhmm = two(static_cast<int>(key % 24)) + ":" + two(static_cast<int>(key / 24 % 60));
    return {digits(key, 12),
            date(key),
            datetime(key) + ".000Z",
            hhmm,
            "a" + digits(key, 8),
            "https://www.example.com/" + digits(key, 6)};
}

std::string Generator::digits(uint64_t key, size_t len) const {
    if (len == 0) len = 1;
    std::string out;
    out += static_cast<char>('1' + key % 9);
    uint64_t k = mix64(key);
    while (out.size() < len) {
        out += static_cast<char>('0' + k % 10);
        k = k / 10 ? k / 10 : mix64(k + out.size());
    }
    return out;
}

json Generator::string_value(const json& s, uint64_t key, const std::string& name) {
    std::string fmt = json_string(s, "format"), pat = json_string(s, "pattern"), n = lower(name);
    const json* ex = json_field(s, "example");
    size_t max_len = SIZE_MAX, min_len = 0;
    if (const json* m = json_field(s, "maxLength"); m && m->is_number_unsigned()) max_len = m->get<size_t>();
    if (const json* m = json_field(s, "minLength"); m && m->is_number_unsigned()) min_len = m->get<size_t>();
    std::string out;
    bool date_pat = contains(pat, "\\d{4})-(\\d{2})") || contains(pat, "\\d{4}-\\d{2}");
    if (fmt == "date" || date_pat) {
        out = date(key);
    } else if (fmt == "date-time") {
        out = datetime(key);
    } else if (contains(pat, "\\d") || contains(pat, "[0-9]")) {
        out = digits(key, std::min<size_t>(max_len == SIZE_MAX ? 18 : max_len, 18));
    } else if (fmt == "uri" || fmt == "url" || pat.rfind("^(http", 0) == 0 || n == "url" || n == "link" ||
               ends_with(n, "_url") || ends_with(n, "_link")) {
        out = "https://www.example.com/" + std::string(n.empty() ? "item" : n) + "/" + digits(key, 6);
    } else if (fmt == "email" || contains(n, "email")) {
        out = "alex.morgan" + std::to_string(key % 100) + "@example.com";
    } else if (contains(n, "currency")) {
        out = "USD";
    } else if (n == "country" || contains(n, "country_code") || n == "country_id") {
        out = "US";
    } else if (contains(n, "locale")) {
        out = "en-US";
    } else if (n == "language" || contains(n, "language_code")) {
        out = "en";
    } else if (contains(n, "timezone") || contains(n, "time_zone")) {
        out = "America/New_York";
    } else if (contains(n, "color")) {
        out = "#E60023";
    } else if (n == "username") {
        out = "pinlab_demo";
    } else if (ex && ex->is_string() && !ex->get_ref<const std::string&>().empty()) {
        out = ex->get<std::string>();
    } else if (n == "id" || ends_with(n, "_id")) {
        out = digits(key, std::min<size_t>(max_len == SIZE_MAX ? 18 : max_len, 18));
    } else if (contains(n, "name") || contains(n, "title")) {
        out = kNames[key % (sizeof kNames / sizeof *kNames)];
    } else if (contains(n, "description")) {
        out = "Generated by the Pinlab emulator.";
    } else if (n == "status") {
        out = "ACTIVE";
    } else {
        out = n.empty() ? std::string("sample") : "sample " + n;
    }
    if (utf8_length(out) > max_len) out.resize(max_len);  // ASCII in every branch but the example
    while (out.size() < min_len && out.size() < 256) out += 'x';
    if (!utf8_valid(out)) out = std::string(std::min<size_t>(std::max<size_t>(min_len, 1), 256), 'x');
    return out;
}

json Generator::number_value(const json& s, uint64_t key, const std::string& name, bool integer) {
    std::string n = lower(name);
    const json* mn = json_field(s, "minimum");
    const json* mx = json_field(s, "maximum");
    double lo = mn && mn->is_number() ? mn->get<double>() : 0;
    double hi = mx && mx->is_number() ? mx->get<double>() : lo + 1000;
    if (hi < lo) hi = lo;
    if (json_flag(s, "exclusiveMinimum")) lo += integer ? 1 : 0.01;
    if (json_flag(s, "exclusiveMaximum")) hi -= integer ? 1 : 0.01;
    if (integer) {
        bool time_like = contains(n, "time") || contains(n, "timestamp") ||
                         ends_with(n, "_at");
        if (time_like && (!mx || hi >= static_cast<double>(epoch_s)) && lo <= static_cast<double>(epoch_s))
            return epoch_s - static_cast<int64_t>(key % (90 * 86400));
        const json* ex = json_field(s, "example");
        if (ex && ex->is_number_integer() && ex->get<double>() >= lo && ex->get<double>() <= hi && key % 2 == 0)
            return *ex;
        double span = std::min(hi - lo, 1e6);
        int64_t v =
            static_cast<int64_t>(std::ceil(lo)) + static_cast<int64_t>(key % (static_cast<uint64_t>(span) + 1));
        if (static_cast<double>(v) > hi) v = static_cast<int64_t>(std::floor(hi));
        return v;
    }
    if (contains(n, "rate") || contains(n, "ctr") || contains(n, "percent")) hi = std::min(hi, lo + 1);
    double span = std::min(hi - lo, 1e6);
    double v = lo + std::round(static_cast<double>(key % 10000) / 10000.0 * span * 100) / 100;
    return std::min(v, hi);
}

// What a server fills in a user's object for a required property the user did not send: nothing where the
// schema allows null; the schema's default; an enum's usual value (ACTIVE for a status, USD for a currency), else
// its first; "", 0, false or [] where the schema accepts them. No value (nullopt) for what must carry real
// content (a format, a pattern, an object's own required properties): the caller generates those.
std::optional<json> Generator::neutral_value(const json& s, const std::string& name) {
    if (json_flag(s, "nullable")) return json();
    if (const json* d = json_field(s, "default"); d && conforms(c, s, *d)) return *d;
    if (const json* e = json_field(s, "enum"); e && e->is_array() && !e->empty()) {
        static const char* const kUsual[][2] = {{"currency", "USD"}, {"country", "US"}, {"locale", "en-US"},
                                                {"language", "en"},  {"status", "ACTIVE"}, {"status", "PROCESSING"}};
        const std::string n = lower(name);
        for (const auto& u : kUsual)
            if (contains(n, u[0]) && std::find(e->begin(), e->end(), json(u[1])) != e->end()) return json(u[1]);
        for (const json& x : *e)
            if (!x.is_null()) return x;
        return std::nullopt;
    }
    std::string type = json_string(s, "type");
    json candidate = type == "string" ? json("") : type == "integer" || type == "number" ? json(0)
                   : type == "boolean" ? json(false) : type == "array" ? json::array() : json();
    if (!candidate.is_null() && conforms(c, s, candidate)) return candidate;
    return std::nullopt;
}

// An alternative of a oneOf/anyOf that conforms to the whole schema.
json Generator::alternative(const json& s, uint64_t key, const std::string& name, int depth) {
    const json* d = json_field(s, "discriminator");
    const json* mapping = d ? json_field(*d, "mapping") : nullptr;
    if (mapping && mapping->is_object() && !mapping->empty()) {
        // The variant the hint names (what the user sent) is kept as it is; else the variants are tried in turn
        // (from a key-picked one) and the first whose value matches exactly one oneOf branch wins: a spec's
        // branches can overlap (a value of one may satisfy another too), and oneOf means exactly one.
        const std::string prop = json_string(*d, "propertyName");
        const std::string* sent = nullptr;
        if (hint && depth == 0 && hint->is_object())
            if (auto h = hint->find(prop); h != hint->end() && h->is_string()) sent = &h->get_ref<const std::string&>();
        const json* alts = json_field(s, "oneOf");
        const json just = alts && alts->is_array() ? json{{"oneOf", *alts}} : json();
        std::vector<json::const_iterator> order;  // in the oneOf's order (the mapping's is by name)
        auto add = [&](const json* ref) {
            for (auto it = mapping->begin(); it != mapping->end(); ++it)
                if (it.value().is_string() && (!ref || it.value() == *ref) && (!sent || it.key() == *sent) &&
                    std::find(order.begin(), order.end(), it) == order.end())
                    order.push_back(it);
        };
        if (alts && alts->is_array())
            for (const json& a : *alts)
                if (const json* r = json_field(a, "$ref")) add(r);
        add(nullptr);
        // A user's object the user did not name a variant for: the first (the API's default, RETAIL for a feed).
        if (!minimal) std::rotate(order.begin(), order.begin() + (order.empty() ? 0 : key % order.size()), order.end());
        json first;
        for (const auto& it : order) {
            json v = value(json{{"$ref", it.value()}}, key, name, depth + 1);
            if (v.is_object()) v[prop] = it.key();
            if (first.is_null()) first = v;
            if (just.is_null() || conforms(c, just, v)) return v;
        }
        if (!first.is_null()) return first;  // the spec cannot tell the sent variant from another: kept as sent
    }
    for (const char* k : {"oneOf", "anyOf"}) {
        const json* alts = json_field(s, k);
        if (!alts || !alts->is_array() || alts->empty()) continue;
        // One alternative, satisfied alone: for oneOf, a value no other alternative also accepts. Checked against
        // the alternatives only (the schema's own properties are the caller's to fill), then the whole schema.
        size_t n = alts->size();
        const json just = {{k, *alts}};
        json first, fallback;
        for (size_t i = 0; i < n; ++i) {
            json v = value((*alts)[(key + i) % n], key, name, depth + 1);
            if (i == 0) first = v;
            if (!conforms(c, just, v)) continue;
            if (conforms(c, s, v)) return v;
            if (fallback.is_null()) fallback = v;
        }
        for (const json& alt : *alts) {
            json v = schema_skeleton(c, alt, false);
            if (!conforms(c, just, v)) continue;
            if (conforms(c, s, v)) return v;
            if (fallback.is_null()) fallback = v;
        }
        return fallback.is_null() ? first : fallback;
    }
    return nullptr;
}

json Generator::object_value(const json& s, uint64_t key, int depth, const json* alt) {
    SchemaShape shape;
    schema_flatten(c, s, shape);
    json out = json::object();
    bool full = !minimal && depth < kFullDepth && nodes < kMaxNodes / 2;
    for (const auto& name : shape.order) {
        bool req = shape.required.count(name) > 0;
        const json* def = shape.defs[name].back();
        const json* rs = c.resolve(*def);
        if (!req && (!full || json_flag(*def, "writeOnly") || (rs && json_flag(*rs, "writeOnly")))) continue;
        out[name] = value(*def, key_of(key, name), name, depth + 1);
    }
    if (shape.order.empty() && shape.additional && full) {
        // A map: a couple of entries with realistic keys.
        for (int i = 0; i < 2; ++i) {
            std::string k = i == 0 ? "IMPRESSION" : "CLICKTHROUGH";
            out[k] = value(*shape.additional, key_of(key, k), k, depth + 1);
        }
    }
    if (alt && alt->is_object())
        for (auto it = alt->begin(); it != alt->end(); ++it) out[it.key()] = it.value();
    repair(s, out, shape, key, depth);
    return out;
}

// skeleton; an optional property that fits none is dropped.
void Generator::repair(const json& s, json& obj, const SchemaShape& shape, uint64_t key, int depth) {
    for (int round = 0; round < 3; ++round) {
        SchemaOptions o;
        o.max_issues = 16;
        auto issues = validate_schema(c, s, obj, o);
        if (issues.empty()) return;
        std::set<std::string> bad;
        for (const auto& i : issues) bad.insert(pointer_first_token(i.pointer));
        bool changed = false;
        for (const auto& name : bad) {
            auto d = shape.defs.find(name);
            if (name.empty() || d == shape.defs.end()) continue;
            std::vector<json> candidates;
            for (const json* def : d->second)
                candidates.push_back(value(*def, key_of(key, name + "#"), name, depth + 1));
            for (const json* def : d->second) candidates.push_back(schema_skeleton(c, *def, false));
            bool fixed = false;
            for (auto& cand : candidates) {
                json trial = obj;
                trial[name] = cand;
                auto after = validate_schema(c, s, trial, o);
                bool clean = std::none_of(after.begin(), after.end(),
                                          [&](const SchemaIssue& i) { return pointer_first_token(i.pointer) == name; });
                if (clean) {
                    obj[name] = std::move(cand);
                    fixed = changed = true;
                    break;
                }
            }
            if (!fixed && !shape.required.count(name) && obj.contains(name)) {
                obj.erase(name);
                changed = true;
            }
        }
        if (!changed) return;
    }
}

json Generator::value(const json& schema_in, uint64_t key, const std::string& name, int depth) {
    ++nodes;
    const json* sp = c.resolve(schema_in);
    if (!sp || !sp->is_object()) return nullptr;
    if (depth > kMaxDepth || nodes > kMaxNodes) return schema_skeleton(c, *sp, false);
    json folded;
    if (json_field(*sp, "allOf")) folded = schema_merged(c, *sp);
    const json& s = folded.is_object() ? folded : *sp;
    if (minimal)
        if (std::optional<json> v = neutral_value(s, name)) return *v;
    if (const json* e = json_field(s, "enum"); e && e->is_array() && !e->empty()) {
        // The values most accounts have, where the enum offers them; else any value.
        static const char* const kUsual[][2] = {
            {"currency", "USD"}, {"country", "US"}, {"locale", "en-US"}, {"language", "en"}};
        std::string n_lower = lower(name);
        for (const auto& u : kUsual)
            if (contains(n_lower, u[0]) && std::find(e->begin(), e->end(), json(u[1])) != e->end()) return u[1];
        size_t n = e->size();
        for (size_t i = 0; i < n; ++i)
            if (!(*e)[(key + i) % n].is_null()) return (*e)[(key + i) % n];
        return (*e)[0];
    }
    bool has_alt = json_field(s, "oneOf") || json_field(s, "anyOf");
    json alt;
    if (has_alt) {
        alt = alternative(s, key, name, depth);
        if (!json_field(s, "properties") && !json_field(s, "allOf")) return alt;
    }
    std::string type = json_string(s, "type");
    if (type.empty() && json_field(s, "properties")) type = "object";
    if (type.empty() && json_field(s, "items")) type = "array";
    if (type == "object" || (type.empty() && alt.is_object()))
        return object_value(s, key, depth, has_alt ? &alt : nullptr);
    if (type == "array") {
        json out = json::array();
        size_t lo = 0, hi = 3;
        if (const json* m = json_field(s, "minItems"); m && m->is_number_unsigned()) lo = m->get<size_t>();
        if (const json* m = json_field(s, "maxItems"); m && m->is_number_unsigned())
            hi = std::min<size_t>(hi, m->get<size_t>());
        size_t n = std::max<size_t>(lo, std::min<size_t>(hi, 1 + key % 2));
        n = std::min<size_t>(n, std::max<size_t>(lo, 1) + 2);
        if (depth >= kFullDepth || nodes > kMaxNodes / 2) n = std::min<size_t>(n, std::max<size_t>(lo, 1));
        const json* items = json_field(s, "items");
        for (size_t i = 0; i < n && items; ++i) {
            json v = value(*items, mix64(key + i + 1), name, depth + 1);
            if (json_flag(s, "uniqueItems") && std::find(out.begin(), out.end(), v) != out.end()) continue;
            out.push_back(std::move(v));
        }
        if (out.size() < lo && items)  // unique enum values ran out: take them in order
            if (const json* ri = c.resolve(*items); ri)
                if (const json* e = json_field(*ri, "enum"); e && e->is_array())
                    for (const json& x : *e)
                        if (out.size() < lo && std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
        return out;
    }
    if (type == "string") {
        json v = string_value(s, key, name);
        if (conforms(c, s, v)) return v;
        if (const json* ex = json_field(s, "example"); ex && conforms(c, s, *ex)) return *ex;
        // A value the schema's own pattern accepts: the shapes the spec's patterns describe, from the same key.
        for (const std::string& candidate : pattern_candidates(key))
            if (conforms(c, s, candidate)) return candidate;
        return schema_skeleton(c, s, false);
    }
    if (type == "integer") return number_value(s, key, name, true);
    if (type == "number") return number_value(s, key, name, false);
    if (type == "boolean") return (key & 1) == 1;
    if (const json* ex = json_field(s, "example")) return *ex;
    return nullptr;
}

}  // namespace pinlab::emu
