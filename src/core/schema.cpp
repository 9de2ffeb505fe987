// schema.cpp — see schema.h.
//
// Validation follows JSON Schema as Ajv (with ajv-formats) reads the spec's OpenAPI 3.0 schemas, and the
// differential test (tests/schema) holds it to that on every schema of the catalogue. Two readings of the
// OpenAPI dialect, the same on both sides: `nullable: true` lets null through the schema it is on, and a
// boolean exclusiveMinimum/Maximum makes its bound exclusive. `discriminator` picks which alternative's
// mismatches are reported; the verdict is plain oneOf (exactly one alternative matches), as Ajv gives it.
// Formats: date and email as ajv-formats' full mode checks them; uri likewise; date-time as its
// "iso-date-time" (the zone is optional: Pinterest writes "2020-01-01T20:10:40"); int32 and int64 bound
// numbers; other formats (double, float, password) accept anything. Patterns: core/pattern.h.
#include "core/schema.h"

#include <cctype>
#include <algorithm>
#include <cmath>
#include <optional>

#include "core/json_util.h"
#include "core/pattern.h"

namespace pinlab {

namespace {

bool digits(std::string_view s) {
    if (s.empty()) return false;
    for (char ch : s)
        if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
    return true;
}

// ajv-formats' full "date": YYYY-MM-DD naming a real day.
bool is_date(std::string_view s) {
    if (!(s.size() == 10 && s[4] == '-' && s[7] == '-' && digits(s.substr(0, 4)) && digits(s.substr(5, 2)) &&
          digits(s.substr(8, 2))))
        return false;
    int y = std::stoi(std::string(s.substr(0, 4))), m = std::stoi(std::string(s.substr(5, 2))),
        d = std::stoi(std::string(s.substr(8, 2)));
    static const int kDays[] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    return m >= 1 && m <= 12 && d >= 1 && d <= (m == 2 && leap ? 29 : kDays[m]);
}

// ajv-formats' time: hh:mm:ss[.frac][z|±hh[[:]mm]], the zone optional, with its leap-second rule.
bool is_time(std::string_view t) {
    if (t.size() < 8 || t[2] != ':' || t[5] != ':' || !digits(t.substr(0, 2)) || !digits(t.substr(3, 2)) ||
        !digits(t.substr(6, 2)))
        return false;
    size_t i = 8;
    if (i < t.size() && t[i] == '.') {
        size_t j = i + 1;
        while (j < t.size() && std::isdigit(static_cast<unsigned char>(t[j]))) ++j;
        if (j == i + 1) return false;
        i = j;
    }
    int tz_sign = 1, tz_h = 0, tz_m = 0;
    std::string_view zone = t.substr(i);
    if (zone == "z" || zone == "Z" || zone.empty()) {
    } else if (zone[0] == '+' || zone[0] == '-') {
        tz_sign = zone[0] == '-' ? -1 : 1;
        std::string_view rest = zone.substr(1);
        if (rest.size() < 2 || !digits(rest.substr(0, 2))) return false;
        tz_h = std::stoi(std::string(rest.substr(0, 2)));
        rest.remove_prefix(2);
        if (!rest.empty() && rest[0] == ':') rest.remove_prefix(1);
        if (!rest.empty()) {
            if (rest.size() != 2 || !digits(rest)) return false;
            tz_m = std::stoi(std::string(rest));
        } else if (zone.size() > 3 && zone[3] == ':') {
            return false;  // "+05:" has a colon and no minutes
        }
    } else {
        return false;
    }
    int hr = std::stoi(std::string(t.substr(0, 2))), mn = std::stoi(std::string(t.substr(3, 2)));
    double sec = std::stod(std::string(t.substr(6, i - 6)));
    if (tz_h > 23 || tz_m > 59) return false;
    if (hr <= 23 && mn <= 59 && sec < 60) return true;
    int utc_min = mn - tz_m * tz_sign;
    int utc_hr = hr - tz_h * tz_sign - (utc_min < 0 ? 1 : 0);
    return (utc_hr == 23 || utc_hr == -1) && (utc_min == 59 || utc_min == -1) && sec < 61;
}

// "date T time" split on t, T or white space into exactly two parts (ajv-formats' iso-date-time).
bool is_datetime(std::string_view s) {
    std::vector<std::string_view> parts;
    size_t from = 0;
    for (size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == 't' || s[i] == 'T' || std::isspace(static_cast<unsigned char>(s[i]))) {
            parts.push_back(s.substr(from, i - from));
            from = i + 1;
        }
    }
    return parts.size() == 2 && is_date(parts[0]) && is_time(parts[1]);
}

// ajv-formats' full "email" and "uri" patterns (the same text, so the same verdicts).
const char* const kEmail =
    "^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+"
    "[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$";
const char* const kUri =
    "^(?:[a-z][a-z0-9+\\-.]*:)(?:\\/?\\/(?:(?:[a-z0-9\\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\\[(?:(?:(?:(?:[0-9a-f]{"
    "1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]"
    "{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]"
    "{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a"
    "-f]{1,4}|(?:(?:25[0-5]|2[0-4]\\d|[01]?\\d\\d?)\\.){3}(?:25[0-5]|2[0-4]\\d|[01]?\\d\\d?))|(?:(?:[0-9a-f]{1,4}:){0"
    ",5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\\.[a-z0-9\\-._~!$&"
    "'()*+,;=:]+)\\]|(?:(?:25[0-5]|2[0-4]\\d|[01]?\\d\\d?)\\.){3}(?:25[0-5]|2[0-4]\\d|[01]?\\d\\d?)|(?:[a-z0-9\\-._~!"
    "$&'()*+,;=]|%[0-9a-f]{2})*)(?::\\d*)?(?:\\/(?:[a-z0-9\\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\\/(?:(?:[a-z0-9\\-."
    "_~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\\/(?:[a-z0-9\\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\\-._~!$&'()*"
    "+,;=:@]|%[0-9a-f]{2})+(?:\\/(?:[a-z0-9\\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\\?(?:[a-z0-9\\-._~!$&'()*+,;=:"
    "@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$";

// A pattern's verdict on a string; nullopt when it could not be decided (malformed, or over the matcher's bounds).
std::optional<bool> pattern_matches(const std::string& pattern, std::string_view v, bool ignore_case = false) {
    auto p = cached_pattern(pattern, ignore_case);
    if (!p) return std::nullopt;
    switch (p->search(v)) {
        case Pattern::Match::Yes: return true;
        case Pattern::Match::No: return false;
        case Pattern::Match::TooComplex: break;
    }
    return std::nullopt;
}


const char* value_type(const json& v) { return json_type_name(v); }

// A count limit (minItems, maxLength, ...): a non-negative integer, however the JSON stored it.
std::optional<size_t> limit(const json& s, const char* key) {
    const json* v = json_field(s, key);
    if (!v || !v->is_number_integer() || v->get<int64_t>() < 0) return std::nullopt;
    return static_cast<size_t>(v->get<int64_t>());
}

bool is_integer(const json& v) {
    return v.is_number_integer() || (v.is_number_float() && std::isfinite(v.get<double>()) &&
                                     std::floor(v.get<double>()) == v.get<double>());
}

bool type_matches(const std::string& type, const json& v) {
    if (type == "object") return v.is_object();
    if (type == "array") return v.is_array();
    if (type == "string") return v.is_string();
    if (type == "integer") return is_integer(v);
    if (type == "number") return v.is_number();
    if (type == "boolean") return v.is_boolean();
    if (type == "null") return v.is_null();
    return true;  // a type this dialect does not name: no constraint
}

std::string shown(const json& v) { return json_dump(v).substr(0, 80); }

struct Validator {
    const Catalogue& c;
    const SchemaOptions& o;
    std::vector<SchemaIssue>& out;

    bool full() const { return out.size() >= o.max_issues; }
    void add(const std::string& ptr, std::string msg) {
        if (!full()) out.push_back({ptr, std::move(msg)});
    }

    // Validates into a scratch list: alternatives of anyOf/oneOf and `not`. `cap` bounds the issues kept.
    std::vector<SchemaIssue> sub(const json& schema, const json& v, const std::string& ptr, int depth,
                                 size_t cap = 8) const {
        std::vector<SchemaIssue> scratch;
        SchemaOptions so = o;
        so.max_issues = cap;
        Validator{c, so, scratch}.check(schema, v, ptr, depth);
        return scratch;
    }

    void check(const json& schema_in, const json& v, const std::string& ptr, int depth) {
        if (full()) return;
        if (depth > 48) return add(ptr, "schema nested too deeply to check");
        const json* sp = c.resolve(schema_in);
        if (!sp) return add(ptr, "the schema has a dangling reference");
        const json& s = *sp;
        if (!s.is_object()) return;
        if (v.is_null() && (json_flag(s, "nullable") || json_flag(schema_in, "nullable"))) return;
        std::string type = json_string(s, "type");
        if (!type.empty() && !type_matches(type, v))
            return add(ptr, (v.is_null() ? std::string("null where a value is required: expected ")
                                         : std::string("expected ")) + type + ", got " + value_type(v));
        if (const json* e = json_field(s, "enum"); e && e->is_array()) check_enum(*e, v, ptr);
        if (const json* k = json_field(s, "const"); k && *k != v) add(ptr, shown(v) + " is not " + shown(*k));
        if (const json* all = json_field(s, "allOf"); all && all->is_array())
            for (const json& part : *all) check(part, v, ptr, depth + 1);
        if (const json* any = json_field(s, "anyOf"); any && any->is_array() && !any->empty())
            check_any(s, *any, v, ptr, depth);
        if (const json* one = json_field(s, "oneOf"); one && one->is_array() && !one->empty())
            check_one(s, *one, v, ptr, depth);
        if (const json* no = json_field(s, "not"); no && sub(*no, v, ptr, depth + 1, 1).empty())
            add(ptr, "matches the schema it must not match");
        if (v.is_string()) check_string(s, v.get_ref<const std::string&>(), ptr);
        if (v.is_number()) check_number(s, v, ptr);
        if (v.is_object()) check_object(s, v, ptr, depth);
        if (v.is_array()) check_array(s, v, ptr, depth);
    }

    void check_enum(const json& e, const json& v, const std::string& ptr) {
        for (const json& x : e)
            if (x == v) return;
        std::string allowed;
        size_t count = 0;
        for (const json& x : e) {
            if (count++ == 12) {
                allowed += ", …";
                break;
            }
            allowed += (allowed.empty() ? "" : ", ") + json_dump(x);
        }
        add(ptr, shown(v) + " is not one of " + allowed);
    }

    // The alternative a discriminator names for `v` (its index in `alts`), if any.
    std::optional<size_t> tagged(const json& s, const json& alts, const json& v) const {
        const json* d = json_field(s, "discriminator");
        if (!d || !v.is_object()) return std::nullopt;
        const json* tag = json_field(v, json_string(*d, "propertyName"));
        const json* mapping = json_field(*d, "mapping");
        if (!tag || !tag->is_string() || !mapping) return std::nullopt;
        const json* target = json_field(*mapping, tag->get_ref<const std::string&>());
        if (!target || !target->is_string()) return std::nullopt;
        for (size_t i = 0; i < alts.size(); ++i) {
            const json* ref = json_field(alts[i], "$ref");
            if (ref && *ref == *target) return i;
        }
        return std::nullopt;
    }

    // None matched: the discriminator's alternative's mismatches, else the closest one's (they say what to change).
    void report_none(const char* key, const std::vector<std::vector<SchemaIssue>>& issues, std::optional<size_t> tag,
                     const std::string& ptr) {
        size_t best = tag.value_or(0);
        if (!tag)
            for (size_t i = 1; i < issues.size(); ++i)
                if (issues[i].size() < issues[best].size()) best = i;
        add(ptr, std::string("matches none of the ") + key + " alternatives; " +
                     (tag ? "the one its discriminator names" : "the closest") + " differs in:");
        for (const auto& i : issues[best]) add(i.pointer, i.message);
    }

    void check_any(const json& s, const json& alts, const json& v, const std::string& ptr, int depth) {
        std::vector<std::vector<SchemaIssue>> issues;
        for (const json& alt : alts) {
            issues.push_back(sub(alt, v, ptr, depth + 1));
            if (issues.back().empty()) return;
        }
        report_none("anyOf", issues, tagged(s, alts, v), ptr);
    }

    void check_one(const json& s, const json& alts, const json& v, const std::string& ptr, int depth) {
        std::vector<std::vector<SchemaIssue>> issues;
        std::vector<size_t> matched;
        for (size_t i = 0; i < alts.size(); ++i) {
            issues.push_back(sub(alts[i], v, ptr, depth + 1));
            if (issues.back().empty()) matched.push_back(i);
        }
        if (matched.size() == 1) return;
        if (matched.empty()) return report_none("oneOf", issues, tagged(s, alts, v), ptr);
        add(ptr, "matches " + std::to_string(matched.size()) + " of the oneOf alternatives (#" +
                     std::to_string(matched[0] + 1) + " and #" + std::to_string(matched[1] + 1) +
                     "); exactly one must match");
    }

    void check_string(const json& s, const std::string& str, const std::string& ptr) {
        size_t chars = 0;  // code points, as JSON Schema counts length
        for (unsigned char ch : str) chars += (ch & 0xC0) != 0x80;
        if (auto mx = limit(s, "maxLength"); mx && chars > *mx)
            add(ptr, "is " + std::to_string(chars) + " characters, longer than the maximum " + std::to_string(*mx));
        if (auto mn = limit(s, "minLength"); mn && chars < *mn)
            add(ptr, "is " + std::to_string(chars) + " characters, shorter than the minimum " + std::to_string(*mn));
        if (const json* p = json_field(s, "pattern"); p && p->is_string()) {
            auto m = pattern_matches(p->get_ref<const std::string&>(), str);
            if (!m)
                add(ptr, "cannot be checked against the pattern " + p->get<std::string>());
            else if (!*m)
                add(ptr, "'" + str.substr(0, 60) + "' does not match " + p->get<std::string>());
        }
        std::string fmt = json_string(s, "format");
        std::string quoted = "'" + str.substr(0, 60) + "'";
        if (fmt == "date" && !is_date(str)) add(ptr, quoted + " is not a date (YYYY-MM-DD)");
        if (fmt == "date-time" && !is_datetime(str))
            add(ptr, quoted + " is not a date-time (YYYY-MM-DDThh:mm:ss, optionally with a fraction and a zone)");
        if (fmt == "email" && pattern_matches(kEmail, str, true) != true) add(ptr, quoted + " is not an email address");
        if (fmt == "uri" && !(str.find_first_of("/:") != std::string::npos && pattern_matches(kUri, str, true) == true))
            add(ptr, quoted + " is not an absolute URI");
    }

    void check_number(const json& s, const json& v, const std::string& ptr) {
        double x = v.get<double>();
        auto bound = [&](const char* key, const char* exclusive, bool below) {
            const json* b = json_field(s, key);
            const json* ex = json_field(s, exclusive);
            if (ex && ex->is_number()) {  // the JSON Schema form: the exclusive bound itself
                double e = ex->get<double>();
                if (below ? x <= e : x >= e)
                    add(ptr, shown(v) + (below ? " is not above " : " is not below ") + json_dump(*ex));
            }
            if (!b || !b->is_number()) return;
            double lim = b->get<double>();
            bool excl = ex && ex->is_boolean() && ex->get<bool>();  // OpenAPI 3.0: a flag on the bound
            bool bad = below ? (excl ? x <= lim : x < lim) : (excl ? x >= lim : x > lim);
            if (bad)
                add(ptr, shown(v) + (below ? " is below the minimum " : " is above the maximum ") + json_dump(*b) +
                             (excl ? " (exclusive)" : ""));
        };
        bound("minimum", "exclusiveMinimum", true);
        bound("maximum", "exclusiveMaximum", false);
        if (const json* m = json_field(s, "multipleOf"); m && m->is_number() && m->get<double>() > 0) {
            double q = x / m->get<double>();
            if (!std::isfinite(q) || std::fabs(q - std::round(q)) > 1e-9) add(ptr, shown(v) + " is not a multiple of " + json_dump(*m));
        }
        std::string fmt = json_string(s, "format");
        if (fmt == "int32" && !(is_integer(v) && x >= -2147483648.0 && x <= 2147483647.0))
            add(ptr, shown(v) + " is not a 32-bit integer");
        if (fmt == "int64" && !is_integer(v)) add(ptr, shown(v) + " is not an integer");
    }

    void check_object(const json& s, const json& v, const std::string& ptr, int depth) {
        const json* props = json_field(s, "properties");
        if (const json* req = json_field(s, "required"); req && req->is_array()) {
            for (const json& r : *req) {
                if (!r.is_string() || v.contains(r.get_ref<const std::string&>())) continue;
                const json* ps = props ? json_field(*props, r.get_ref<const std::string&>()) : nullptr;
                const json* rs = ps ? c.resolve(*ps) : nullptr;
                if (o.request && ((ps && json_flag(*ps, "readOnly")) || (rs && json_flag(*rs, "readOnly")))) continue;
                add(ptr + "/" + pointer_token(r.get<std::string>()),
                    "missing required property '" + r.get<std::string>() + "'");
            }
        }
        if (auto mn = limit(s, "minProperties"); mn && v.size() < *mn)
            add(ptr, "has " + std::to_string(v.size()) + " properties, fewer than the minimum " + std::to_string(*mn));
        if (auto mx = limit(s, "maxProperties"); mx && v.size() > *mx)
            add(ptr, "has " + std::to_string(v.size()) + " properties, more than the maximum " + std::to_string(*mx));
        const json* extra = json_field(s, "additionalProperties");
        for (auto it = v.begin(); it != v.end() && !full(); ++it) {
            std::string child = ptr + "/" + pointer_token(it.key());
            if (const json* ps = props ? json_field(*props, it.key()) : nullptr) {
                check(*ps, it.value(), child, depth + 1);
            } else if (extra && extra->is_object()) {
                check(*extra, it.value(), child, depth + 1);
            } else if (extra && extra->is_boolean() && !extra->get<bool>()) {
                add(child, "property '" + it.key() + "' is not allowed here");
            }
        }
    }

    void check_array(const json& s, const json& v, const std::string& ptr, int depth) {
        if (auto mn = limit(s, "minItems"); mn && v.size() < *mn)
            add(ptr, "has " + std::to_string(v.size()) + " items, fewer than the minimum " + std::to_string(*mn));
        if (auto mx = limit(s, "maxItems"); mx && v.size() > *mx)
            add(ptr, "has " + std::to_string(v.size()) + " items, more than the maximum " + std::to_string(*mx));
        if (json_flag(s, "uniqueItems") && v.size() <= 2000)  // pairwise: bounded
            for (size_t i = 0; i < v.size() && !full(); ++i)
                for (size_t j = i + 1; j < v.size(); ++j)
                    if (v[i] == v[j]) {
                        add(ptr, "items " + std::to_string(i) + " and " + std::to_string(j) + " are equal; they must be unique");
                        i = v.size();
                        break;
                    }
        if (const json* items = json_field(s, "items"))
            for (size_t i = 0; i < v.size() && !full(); ++i) check(*items, v[i], ptr + "/" + std::to_string(i), depth + 1);
    }
};

json skeleton(const Catalogue& c, const json& schema_in, bool all, int depth) {
    const json* sp = c.resolve(schema_in);
    if (!sp || !sp->is_object() || depth > kMaxSchemaDepth) return nullptr;
    const json& s = *sp;
    // The spec's example or default, when it is itself valid (some examples are partial).
    for (const char* key : {"example", "default"}) {
        const json* ex = json_field(s, key);
        if (!ex || ex->is_null()) continue;
        SchemaOptions o;
        o.request = true;
        o.max_issues = 1;
        if (validate_schema(c, s, *ex, o).empty()) return *ex;
    }
    if (const json* e = json_field(s, "enum"); e && e->is_array() && !e->empty()) return (*e)[0];
    // oneOf/anyOf: with a discriminator, the first mapped schema with its discriminator set to the mapping's
    // key; else the first alternative whose skeleton conforms to the whole schema. An object schema that also
    // has properties of its own merges them in below.
    json alt_value;
    bool has_alt = false;
    for (const char* key : {"oneOf", "anyOf"}) {
        const json* alts = json_field(s, key);
        if (has_alt || !alts || !alts->is_array() || alts->empty()) continue;
        has_alt = true;
        const json* d = json_field(s, "discriminator");
        const json* mapping = d ? json_field(*d, "mapping") : nullptr;
        if (mapping && mapping->is_object() && !mapping->empty() && mapping->begin()->is_string()) {
            alt_value = skeleton(c, json{{"$ref", *mapping->begin()}}, all, depth + 1);
            if (alt_value.is_object()) alt_value[json_string(*d, "propertyName")] = mapping->begin().key();
            continue;
        }
        alt_value = skeleton(c, (*alts)[0], all, depth + 1);
        for (const json& alt : *alts) {
            json candidate = skeleton(c, alt, all, depth + 1);
            SchemaOptions o;
            o.request = true;
            o.max_issues = 1;
            if (validate_schema(c, s, candidate, o).empty()) {
                alt_value = candidate;
                break;
            }
        }
    }
    if (has_alt && !json_field(s, "properties") && !json_field(s, "allOf")) return alt_value;
    std::string type = json_string(s, "type");
    const json* allof = json_field(s, "allOf");
    if (type != "object" && allof && allof->is_array() && !allof->empty() && !json_field(s, "properties")) {
        // "allOf: [X]" is X (often with nullable or a description); scalars take the first part's value.
        json first = skeleton(c, (*allof)[0], all, depth + 1);
        if (allof->size() == 1 || !first.is_object()) return first;
    }
    if (type.empty() && (json_field(s, "properties") || allof)) type = "object";
    if (type == "object") {
        SchemaShape shape;
        json out = json::object();
        schema_flatten(c, s, shape);
        for (const std::string& name : shape.order) {
            const json& def = *shape.defs[name].back();  // the last definition wins, as a merged object's would
            const json* rs = c.resolve(def);
            bool read_only = json_flag(def, "readOnly") || (rs && json_flag(*rs, "readOnly"));
            if ((shape.required.count(name) || all) && !read_only) out[name] = skeleton(c, def, all, depth + 1);
        }
        if (alt_value.is_object())
            for (auto it = alt_value.begin(); it != alt_value.end(); ++it) out[it.key()] = it.value();
        return out;
    }
    if (type == "array") {
        json out = json::array();
        size_t n = limit(s, "minItems").value_or(0);
        if (const json* items = json_field(s, "items"))
            for (size_t i = 0; i < std::max<size_t>(n, 1) && i < 4; ++i) out.push_back(skeleton(c, *items, all, depth + 1));
        return out;
    }
    if (type == "integer" || type == "number") {
        const json* mn = json_field(s, "minimum");
        return mn && mn->is_number() ? *mn : json(0);
    }
    if (type == "boolean") return false;
    if (type == "string") {
        std::string fmt = json_string(s, "format"), pat = json_string(s, "pattern");
        std::string out;
        if (fmt == "date" || pat.find("(\\d{4})-(\\d{2})-(\\d{2})$") != std::string::npos) out = "2025-01-31";
        else if (fmt == "date-time") out = "2025-01-31T12:00:00";
        else if (fmt == "uri" || fmt == "url" || pat.rfind("^(http|https", 0) == 0) out = "https://example.com/";
        else if (fmt == "email") out = "name@example.com";
        else if (pat.find("\\d") != std::string::npos || pat.find("[0-9]") != std::string::npos) out = "1";
        if (size_t mn = limit(s, "minLength").value_or(0); out.size() < mn) out.resize(std::min<size_t>(mn, 64), 'a');
        return out;
    }
    return nullptr;
}

}  // namespace

std::string pointer_token(const std::string& key) {
    std::string out;
    for (char ch : key) {
        if (ch == '~') out += "~0";
        else if (ch == '/') out += "~1";
        else out += ch;
    }
    return out;
}

std::vector<SchemaIssue> validate_schema(const Catalogue& c, const json& schema, const json& value,
                                         const SchemaOptions& options) {
    std::vector<SchemaIssue> out;
    Validator{c, options, out}.check(schema, value, "", 0);
    return out;
}

std::string describe(const SchemaIssue& issue) {
    return (issue.pointer.empty() ? std::string("(root)") : issue.pointer) + ": " + issue.message;
}

json schema_skeleton(const Catalogue& c, const json& schema, bool all_properties) {
    return skeleton(c, schema, all_properties, 0);
}

// [SECTION] Structure

void schema_flatten(const Catalogue& c, const json& schema_in, SchemaShape& out, int depth) {
    const json* sp = c.resolve(schema_in);
    if (!sp || !sp->is_object() || depth > kMaxSchemaDepth) return;
    if (const json* all = json_field(*sp, "allOf"); all && all->is_array())
        for (const json& part : *all) schema_flatten(c, part, out, depth + 1);
    if (const json* p = json_field(*sp, "properties"); p && p->is_object())
        for (auto it = p->begin(); it != p->end(); ++it) {
            auto& d = out.defs[it.key()];
            if (d.empty()) out.order.push_back(it.key());
            d.push_back(&it.value());
        }
    if (const json* r = json_field(*sp, "required"); r && r->is_array())
        for (const json& n : *r)
            if (n.is_string()) out.required.insert(n.get<std::string>());
    if (const json* ap = json_field(*sp, "additionalProperties"); ap && ap->is_object() && !out.additional)
        out.additional = ap;
}

namespace {

void combine(json& out, const json& part) {
    for (auto it = part.begin(); it != part.end(); ++it) {
        const std::string& k = it.key();
        if (!out.contains(k)) {
            out[k] = it.value();
        } else if (k == "properties" && out[k].is_object() && it.value().is_object()) {
            for (auto p = it.value().begin(); p != it.value().end(); ++p) {
                if (!out[k].contains(p.key()))
                    out[k][p.key()] = p.value();
                else
                    out[k][p.key()] = json{{"allOf", json::array({out[k][p.key()], p.value()})}};
            }
        } else if (k == "required" && out[k].is_array() && it.value().is_array()) {
            for (const json& r : it.value())
                if (std::find(out[k].begin(), out[k].end(), r) == out[k].end()) out[k].push_back(r);
        } else if (k == "items") {
            out[k] = json{{"allOf", json::array({out[k], it.value()})}};
        } else if (k == "type" && out[k].is_string() && out[k].get_ref<const std::string&>().empty()) {
            out[k] = it.value();
        }
    }
}

}  // namespace

json schema_merged(const Catalogue& c, const json& schema_in, int depth) {
    const json* sp = c.resolve(schema_in);
    if (!sp || !sp->is_object()) return json::object();
    const json* all = json_field(*sp, "allOf");
    if (!all || !all->is_array() || depth > kMaxSchemaDepth) return *sp;
    json out = json::object();
    for (auto it = sp->begin(); it != sp->end(); ++it)
        if (it.key() != "allOf") out[it.key()] = it.value();
    for (const json& part : *all) combine(out, schema_merged(c, part, depth + 1));
    return out;
}

std::string pointer_first_token(const std::string& ptr) {
    if (ptr.size() < 2 || ptr[0] != '/') return {};
    size_t end = ptr.find('/', 1);
    std::string t = ptr.substr(1, end == std::string::npos ? std::string::npos : end - 1);
    std::string out;
    for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '~' && i + 1 < t.size()) {
            out += t[i + 1] == '1' ? '/' : '~';
            ++i;
        } else {
            out += t[i];
        }
    }
    return out;
}

void schema_overlay(const Catalogue& c, const json& schema, json& dst, const json& src) {
    if (!dst.is_object() || !src.is_object()) return;
    SchemaShape shape;
    const json whole = schema_merged(c, schema);  // the shape points into it
    schema_flatten(c, whole, shape);
    SchemaOptions o;
    o.max_issues = 64;
    size_t before = validate_schema(c, schema, dst, o).size();
    for (auto it = src.begin(); it != src.end(); ++it) {
        const std::string& k = it.key();
        if (!dst.contains(k) && !shape.defs.count(k)) continue;
        if (dst.contains(k) && dst[k] == it.value()) continue;
        json trial = dst;
        trial[k] = it.value();
        auto issues = validate_schema(c, schema, trial, o);
        bool ok = issues.size() <= before && std::none_of(issues.begin(), issues.end(), [&](const SchemaIssue& i) {
                      return pointer_first_token(i.pointer) == k;
                  });
        if (ok) {
            dst = std::move(trial);
            before = issues.size();
        }
    }
}

}  // namespace pinlab
