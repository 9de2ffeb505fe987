// generic.cpp — Impl::generic, the answer to every operation without a modelled handler (see generic.h).
//
// Each operation is classified from the catalogue by its method and path:
//   create  POST P, where P is a collection (some GET/PATCH/DELETE P/{x} exists, or GET P is a list)
//   list    GET P answering a paginated `items` list (page_size or bookmark parameter)
//   get / update / delete   GET / PATCH / DELETE P/{x} of such a collection
//   bulk update             PATCH P of such a collection with an array of {id, ...} (the ads endpoints)
//   generated               everything else: a conforming body made from the response schema
// Collections are concrete paths ("/ad_accounts/1/campaigns") per account (the token's user). An id a
// collection never created answers 404, except the modelled ad account (account.cpp lists it) and ids in
// collections nothing can create (order lines, invoices, ...): those answer a generated object with that
// id, since the API would have it. A created object is what the create answer's schema describes, with the
// request's fields it accepts; other answers render it through their own schema (a GET's, a list item's).
// Lists page newest first (order=ASCENDING: oldest first) with bookmarks; their filters are validated but
// not applied. Bounds: Quotas::max_generic_objects and max_generic_bytes per account (429 / 413, checked
// before anything is made), request bodies up to 1 MB.
//
// Generated values: from hashes of (seed, operation, concrete path, query, JSON pointer), so the same
// request answers the same body for a seed. Strings follow their format, pattern and property name
// (ids as digit strings, dates, URLs, currencies, countries, emails, names), numbers their bounds,
// enums pick a value. Arrays hold one to three items, depth and node count are bounded. Each generated
// object is checked against its schema and a mismatching property is regenerated from the schema's
// other definitions or its skeleton (core/schema.h), so answers conform.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "core/catalogue.h"
#include "core/json_util.h"
#include "core/schema.h"
#include "emulator/impl.h"

namespace pinlab::emu {

namespace {

constexpr size_t kMaxGenericBody = 1u << 20;  // request bodies of generic operations
constexpr int kMaxNodes = 4000;               // values in one generated answer
constexpr int kFullDepth = 5;                 // below this, optional properties too; deeper, required only
constexpr int kMaxDepth = 12;
constexpr uint64_t kGenericIdBase = 689446400000000000ull;  // 18 digits: the spec caps most ids at 18

bool flag(const json& s, const char* key) {
    const json* v = json_field(s, key);
    return v && v->is_boolean() && v->get<bool>();
}

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

// An object schema's properties (with every definition of each, across allOf parts) and required names.
struct Shape {
    std::vector<std::string> order;                        // property names, first definition first
    std::map<std::string, std::vector<const json*>> defs;  // name -> its schemas
    std::set<std::string> required;
    const json* additional = nullptr;  // additionalProperties schema, when an object
};

void flatten(const Catalogue& c, const json& schema_in, Shape& out, int depth) {
    const json* sp = c.resolve(schema_in);
    if (!sp || !sp->is_object() || depth > 12) return;
    if (const json* all = json_field(*sp, "allOf"); all && all->is_array())
        for (const json& part : *all) flatten(c, part, out, depth + 1);
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

// A schema with its allOf parts folded into one (properties and items defined twice become an allOf of
// both definitions, required names are joined, the schema's own keys win): what a generator can follow.
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

json merged(const Catalogue& c, const json& schema_in, int depth = 0) {
    const json* sp = c.resolve(schema_in);
    if (!sp || !sp->is_object()) return json::object();
    const json* all = json_field(*sp, "allOf");
    if (!all || !all->is_array() || depth > 12) return *sp;
    json out = json::object();
    for (auto it = sp->begin(); it != sp->end(); ++it)
        if (it.key() != "allOf") out[it.key()] = it.value();
    for (const json& part : *all) combine(out, merged(c, part, depth + 1));
    return out;
}

// The first token of a JSON pointer ("/name/0" -> "name"), unescaped.
std::string first_token(const std::string& ptr) {
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

const char* const kNames[] = {"Spring Sale",       "Holiday Gift Guide", "Evergreen Prospecting", "Back to School",
                              "Summer Launch",     "Cart Abandoners",    "Brand Awareness Q3",    "Home Decor Ideas",
                              "Weeknight Recipes", "Outdoor Living",     "New Arrivals",          "Best Sellers"};

std::string two(int v) {
    return (v < 10 ? "0" : "") + std::to_string(v);
}

// [SECTION] Generation ---------------------------------------------------------------------------

struct Gen {
    const Catalogue& c;
    uint64_t seed;
    int64_t epoch_s;  // "now" of generated times: the seed data's, so answers do not drift with the clock
    int nodes = 0;
    const json* hint = nullptr;  // an object the top-level value should match: its discriminator picks the variant

    uint64_t key_of(uint64_t key, std::string_view part) const { return mix64(key ^ hash64(part, seed)); }

    std::string date(uint64_t key) const { return days_to_ymd(epoch_s / 86400 - static_cast<int64_t>(key % 90)); }
    std::string datetime(uint64_t key) const {
        int64_t s = epoch_s - static_cast<int64_t>(key % (90 * 86400));
        int64_t sod = ((s % 86400) + 86400) % 86400;
        return days_to_ymd(s / 86400) + "T" + two(static_cast<int>(sod / 3600)) + ":" +
               two(static_cast<int>(sod / 60 % 60)) + ":" + two(static_cast<int>(sod % 60));
    }

    std::string digits(uint64_t key, size_t len) const {
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

    json string_value(const json& s, uint64_t key, const std::string& name) {
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
                   (n.size() > 4 &&
                    (n.compare(n.size() - 4, 4, "_url") == 0 || n.compare(n.size() - 5, 5, "_link") == 0))) {
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
        } else if (n == "id" || (n.size() > 3 && n.compare(n.size() - 3, 3, "_id") == 0)) {
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

    json number_value(const json& s, uint64_t key, const std::string& name, bool integer) {
        std::string n = lower(name);
        const json* mn = json_field(s, "minimum");
        const json* mx = json_field(s, "maximum");
        double lo = mn && mn->is_number() ? mn->get<double>() : 0;
        double hi = mx && mx->is_number() ? mx->get<double>() : lo + 1000;
        if (hi < lo) hi = lo;
        if (flag(s, "exclusiveMinimum")) lo += integer ? 1 : 0.01;
        if (flag(s, "exclusiveMaximum")) hi -= integer ? 1 : 0.01;
        if (integer) {
            bool time_like = contains(n, "time") || contains(n, "timestamp") ||
                             (n.size() > 3 && n.compare(n.size() - 3, 3, "_at") == 0);
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

    // An alternative of a oneOf/anyOf that conforms to the whole schema.
    json alternative(const json& s, uint64_t key, const std::string& name, int depth) {
        const json* d = json_field(s, "discriminator");
        const json* mapping = d ? json_field(*d, "mapping") : nullptr;
        if (mapping && mapping->is_object() && !mapping->empty()) {
            size_t pick = key % mapping->size(), i = 0;
            std::string prop = json_string(*d, "propertyName");
            if (hint && depth == 0 && hint->is_object())
                if (auto h = hint->find(prop); h != hint->end() && h->is_string()) {
                    size_t j = 0;
                    for (auto it = mapping->begin(); it != mapping->end(); ++it, ++j)
                        if (it.key() == h->get_ref<const std::string&>()) pick = j;
                }
            for (auto it = mapping->begin(); it != mapping->end(); ++it, ++i) {
                if (i != pick || !it.value().is_string()) continue;
                json v = value(json{{"$ref", it.value()}}, key, name, depth + 1);
                if (v.is_object()) v[json_string(*d, "propertyName")] = it.key();
                return v;
            }
        }
        for (const char* k : {"oneOf", "anyOf"}) {
            const json* alts = json_field(s, k);
            if (!alts || !alts->is_array() || alts->empty()) continue;
            size_t n = alts->size();
            json first;
            for (size_t i = 0; i < n; ++i) {
                json v = value((*alts)[(key + i) % n], key, name, depth + 1);
                if (i == 0) first = v;
                if (conforms(c, s, v)) return v;
            }
            for (const json& alt : *alts) {
                json v = schema_skeleton(c, alt, false);
                if (conforms(c, s, v)) return v;
            }
            return first;
        }
        return nullptr;
    }

    json object_value(const json& s, uint64_t key, int depth, const json* alt) {
        Shape shape;
        flatten(c, s, shape, 0);
        json out = json::object();
        bool full = depth < kFullDepth && nodes < kMaxNodes / 2;
        for (const auto& name : shape.order) {
            bool req = shape.required.count(name) > 0;
            const json* def = shape.defs[name].back();
            const json* rs = c.resolve(*def);
            if (!req && (!full || flag(*def, "writeOnly") || (rs && flag(*rs, "writeOnly")))) continue;
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

    // Regenerates the properties of `obj` the schema refuses, trying each of their definitions, then their
    // skeleton; an optional property that fits none is dropped.
    void repair(const json& s, json& obj, const Shape& shape, uint64_t key, int depth) {
        for (int round = 0; round < 3; ++round) {
            SchemaOptions o;
            o.max_issues = 16;
            auto issues = validate_schema(c, s, obj, o);
            if (issues.empty()) return;
            std::set<std::string> bad;
            for (const auto& i : issues) bad.insert(first_token(i.pointer));
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
                                              [&](const SchemaIssue& i) { return first_token(i.pointer) == name; });
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

    json value(const json& schema_in, uint64_t key, const std::string& name, int depth) {
        ++nodes;
        const json* sp = c.resolve(schema_in);
        if (!sp || !sp->is_object()) return nullptr;
        if (depth > kMaxDepth || nodes > kMaxNodes) return schema_skeleton(c, *sp, false);
        json folded;
        if (json_field(*sp, "allOf")) folded = merged(c, *sp);
        const json& s = folded.is_object() ? folded : *sp;
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
                if (flag(s, "uniqueItems") && std::find(out.begin(), out.end(), v) != out.end()) continue;
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
            return schema_skeleton(c, s, false);
        }
        if (type == "integer") return number_value(s, key, name, true);
        if (type == "number") return number_value(s, key, name, false);
        if (type == "boolean") return (key & 1) == 1;
        if (const json* ex = json_field(s, "example")) return *ex;
        return nullptr;
    }
};

// [SECTION] Operations from the catalogue --------------------------------------------------------

enum class Kind { Generated, Create, List, Get, Update, Delete, BulkUpdate };

const json* find_op(const Catalogue& c, std::string_view method, std::string_view path) {
    for (size_t i = 0; i < c.size(); ++i) {
        const json& op = c.operation_at(i);
        if (op["method"].get_ref<const std::string&>() == method && op["path"].get_ref<const std::string&>() == path)
            return &op;
    }
    return nullptr;
}

// The object schema of a paginated list's items, or null when the operation is not a list.
const json* list_item_schema(const Catalogue& c, const json& op) {
    if (json_string(op, "method") != "GET") return nullptr;
    bool paged = false;
    if (const json* ps = json_field(op, "params"); ps && ps->is_array())
        for (const json& p : *ps) {
            std::string n = json_string(p, "name");
            paged = paged || (json_string(p, "in") == "query" && (n == "bookmark" || n == "page_size"));
        }
    const json* s = c.success_schema(op);
    if (!paged || !s) return nullptr;
    Shape shape;
    flatten(c, *s, shape, 0);
    auto it = shape.defs.find("items");
    if (it == shape.defs.end()) return nullptr;
    const json* items = c.resolve(*it->second.back());
    const json* item = items ? json_field(*items, "items") : nullptr;
    return item;
}

// Path patterns with an item below them: "/a/{x}" for collection "/a".
bool has_item_ops(const Catalogue& c, const std::string& collection) {
    for (size_t i = 0; i < c.size(); ++i) {
        const std::string& p = c.operation_at(i)["path"].get_ref<const std::string&>();
        if (p.size() > collection.size() + 2 && p.compare(0, collection.size(), collection) == 0 &&
            p[collection.size()] == '/' && p[collection.size() + 1] == '{' && p.back() == '}' &&
            p.find('/', collection.size() + 1) == std::string::npos)
            return true;
    }
    return false;
}

bool creatable(const Catalogue& c, const std::string& collection) {
    const json* post = find_op(c, "POST", collection);
    if (!post || !json_field(*post, "body")) return false;
    if (has_item_ops(c, collection)) return true;
    const json* get = find_op(c, "GET", collection);
    return get && list_item_schema(c, *get);
}

std::string parent_of(const std::string& path) {
    size_t slash = path.rfind('/');
    return slash == std::string::npos || slash == 0 ? std::string() : path.substr(0, slash);
}

bool ends_with_placeholder(const std::string& path) {
    size_t slash = path.rfind('/');
    return slash != std::string::npos && path.size() > slash + 2 && path[slash + 1] == '{' && path.back() == '}';
}

Kind classify(const Catalogue& c, const json& op) {
    const std::string& m = op["method"].get_ref<const std::string&>();
    const std::string& p = op["path"].get_ref<const std::string&>();
    if (m == "POST" && creatable(c, p)) return Kind::Create;
    if (m == "GET" && list_item_schema(c, op)) return Kind::List;
    if (ends_with_placeholder(p) && creatable(c, parent_of(p))) {
        if (m == "GET") return Kind::Get;
        if (m == "PATCH") return Kind::Update;
        if (m == "DELETE") return Kind::Delete;
    }
    if (m == "PATCH" && creatable(c, p)) {
        const json* b = json_field(op, "body");
        const json* s = b ? json_field(*b, "schema") : nullptr;
        const json* rs = s ? c.resolve(*s) : nullptr;
        if (rs && json_string(*rs, "type") == "array") return Kind::BulkUpdate;
    }
    return Kind::Generated;
}

// Placeholder names of a path pattern, in order.
std::vector<std::string> placeholders(const std::string& pattern) {
    std::vector<std::string> out;
    for (size_t i = pattern.find('{'); i != std::string::npos; i = pattern.find('{', i + 1)) {
        size_t close = pattern.find('}', i);
        if (close == std::string::npos) break;
        out.push_back(pattern.substr(i + 1, close - i - 1));
    }
    return out;
}

// How a create answers: {items: [{data, exceptions}]} (the ads endpoints), {items: [object]}, or the object.
struct CreateShape {
    enum { Single, Items, DataItems } form = Single;
    const json* object = nullptr;  // the created object's schema
};

CreateShape create_shape(const Catalogue& c, const json* success) {
    CreateShape out;
    out.object = success;
    if (!success) return out;
    Shape shape;
    flatten(c, *success, shape, 0);
    auto it = shape.defs.find("items");
    if (it == shape.defs.end() || shape.defs.count("id")) return out;
    const json* arr = c.resolve(*it->second.back());
    const json* item = arr ? json_field(*arr, "items") : nullptr;
    if (!item) return out;
    Shape inner;
    flatten(c, *item, inner, 0);
    auto data = inner.defs.find("data");
    if (data != inner.defs.end() && inner.defs.count("exceptions")) {
        out.form = CreateShape::DataItems;
        out.object = data->second.back();
    } else {
        out.form = CreateShape::Items;
        out.object = item;
    }
    return out;
}

// Copies onto `dst` each property of `src` that the schema (or the alternative `dst` is) has and accepts.
void overlay(const Catalogue& c, const json& schema, json& dst, const json& src) {
    if (!dst.is_object() || !src.is_object()) return;
    Shape shape;
    const json whole = merged(c, schema);  // flatten keeps pointers into it
    flatten(c, whole, shape, 0);
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
                      return first_token(i.pointer) == k;
                  });
        if (ok) {
            dst = std::move(trial);
            before = issues.size();
        }
    }
}

// Pinterest's 400 for a parameter or the body: "Invalid parameters. <where>: <what>".
Response invalid(const std::string& what) {
    return error_response(400, 1, "Invalid parameters. " + what);
}

// A query or path value as the JSON its schema describes ("5" -> 5, "a,b" -> ["a","b"]); nullopt when it is
// not of the schema's type (the message says why).
std::optional<json> typed(const Catalogue& c, const json& schema, const std::vector<std::string>& raw,
                          std::string& why) {
    const json* sp = c.resolve(schema);
    std::string type = sp ? json_string(*sp, "type") : "";
    if (type == "array") {
        json out = json::array();
        const json* items = json_field(*sp, "items");
        for (const auto& r : raw)
            for (const auto& part : split(r, ',')) {
                if (out.size() >= 1000) break;
                auto v = items ? typed(c, *items, {part}, why) : std::optional<json>(json(part));
                if (!v) return std::nullopt;
                out.push_back(std::move(*v));
            }
        return out;
    }
    const std::string& v = raw.back();
    if (type == "object") {
        auto parsed = json_parse(v);
        if (!parsed || !parsed->is_object()) {
            why = "expected a JSON object";
            return std::nullopt;
        }
        return *parsed;
    }
    if (type == "integer") {
        std::string_view d = v;
        if (!d.empty() && d[0] == '-') d.remove_prefix(1);
        if (!is_digits(d) || d.size() > 18) {
            why = "'" + v.substr(0, 40) + "' is not an integer";
            return std::nullopt;
        }
        return json(std::strtoll(v.c_str(), nullptr, 10));
    }
    if (type == "number") {
        char* end = nullptr;
        double x = std::strtod(v.c_str(), &end);
        if (v.empty() || end != v.c_str() + v.size() || !std::isfinite(x)) {
            why = "'" + v.substr(0, 40) + "' is not a number";
            return std::nullopt;
        }
        return json(x);
    }
    if (type == "boolean") {
        if (v != "true" && v != "false") {
            why = "'" + v.substr(0, 40) + "' is not true or false";
            return std::nullopt;
        }
        return json(v == "true");
    }
    return json(v);
}

}  // namespace

// [SECTION] The generic answer -------------------------------------------------------------------

Response Emulator::Impl::generic(Ctx& c) {
    const Catalogue* cat = opts.catalogue.get();
    if (!cat)
        return error_response(501, 501,
                              std::string("The emulator does not model ") + c.op->operation_id +
                                  " and has no catalogue (catalogue.json) to answer it from. Start pinlab-server "
                                  "with --catalogue FILE or a web root holding catalogue.json.");
    const json* op = cat->operation(c.op->operation_id);
    if (!op)
        return error_response(501, 501, std::string("The catalogue does not describe ") + c.op->operation_id + ".");
    const std::string& pattern = (*op)["path"].get_ref<const std::string&>();
    const std::string path = c.path.substr(3);  // without "/v5"
    std::vector<std::string> names = placeholders(pattern);

    // Parameters: path and query, by the spec's schemas.
    std::map<std::string, json> path_values;
    std::string query_key;  // the query as it matters to a generated answer
    if (const json* ps = json_field(*op, "params"); ps && ps->is_array()) {
        for (const json& p : *ps) {
            std::string name = json_string(p, "name"), in = json_string(p, "in");
            const json* schema = json_field(p, "schema");
            std::vector<std::string> raw;
            if (in == "path") {
                auto at = std::find(names.begin(), names.end(), name);
                if (at != names.end() && static_cast<size_t>(at - names.begin()) < c.params.size())
                    raw.push_back(c.params[at - names.begin()]);
            } else if (in == "query") {
                for (const auto& [k, v] : c.query)
                    if (k == name) raw.push_back(v);
            } else {
                continue;
            }
            if (raw.empty()) {
                if (flag(p, "required"))
                    return invalid(name + ": missing required " + in + " parameter '" + name + "'");
                continue;
            }
            if (!schema) continue;
            std::string why;
            auto v = typed(*cat, *schema, raw, why);
            if (!v) return invalid(name + ": " + why);
            SchemaOptions o;
            o.request = true;
            o.max_issues = 3;
            auto issues = validate_schema(*cat, *schema, *v, o);
            if (!issues.empty()) {
                std::string msg;
                for (const auto& i : issues) msg += (msg.empty() ? "" : "; ") + name + i.pointer + ": " + i.message;
                return invalid(msg);
            }
            if (in == "path") path_values[name] = *v;
            if (in == "query" && name != "bookmark" && name != "page_size")
                query_key += name + "=" + json_dump(*v) + "&";
        }
    }

    // The body, by the spec's schema.
    json body;
    bool has_body = false;
    if (const json* b = json_field(*op, "body")) {
        if (c.req.body.size() > kMaxGenericBody) return error_response(413, 413, "Request body too large.");
        std::string_view ct = c.req.headers.get("Content-Type");
        bool empty = c.req.body.find_first_not_of(" \t\r\n") == std::string::npos;
        if (empty) {
            if (flag(*b, "required")) return invalid("The request body is required (application/json).");
        } else {
            if (!ct.empty() && !starts_with(ascii_lower(ct), "application/json"))
                return error_response(415, 415, "Unsupported Content-Type: expected application/json.");
            auto parsed = json_parse(c.req.body);
            if (!parsed) return invalid("The request body is not valid JSON.");
            body = std::move(*parsed);
            has_body = true;
            if (const json* s = json_field(*b, "schema")) {
                SchemaOptions o;
                o.request = true;
                o.max_issues = 4;
                auto issues = validate_schema(*cat, *s, body, o);
                if (!issues.empty()) {
                    std::string msg;
                    for (size_t i = 0; i < issues.size() && i < 3; ++i) msg += (i ? "; " : "") + describe(issues[i]);
                    return invalid(msg);
                }
            }
        }
    }

    int status = 200;
    const json* success = cat->success_schema(*op, &status);
    Gen gen{*cat, opts.seed, store.seed_epoch_ms / 1000};
    const uint64_t op_key = hash64(std::string(c.op->operation_id) + " " + path, opts.seed);
    auto answer = [&](const json& v) {
        if (status == 204 || !success) {
            Response r = no_content();
            r.status = status;
            return r;
        }
        return json_response(status, v);
    };
    // A generated object with the path's values where the schema has them (an order line answers its id).
    auto generated = [&](const json& schema, uint64_t key) {
        json v = gen.value(schema, key, "", 0);
        json echo = json::object();
        for (const auto& [n, val] : path_values) echo[n] = val;
        if (ends_with_placeholder(pattern) && path_values.count(names.back())) echo["id"] = path_values[names.back()];
        overlay(*cat, schema, v, echo);
        return v;
    };

    Kind kind = classify(*cat, *op);
    GenericAccount& acct = store.generic.accounts[store.user_id];
    const std::string collection =
        (kind == Kind::Get || kind == Kind::Update || kind == Kind::Delete) ? parent_of(path) : path;
    const std::string item_id = names.empty() || c.params.empty() ? std::string() : c.params.back();
    // The property that names an object: the item placeholder when the objects carry it ("batch_id"), else "id".
    std::string item_ph;
    const std::string col_pattern =
        kind == Kind::Get || kind == Kind::Update || kind == Kind::Delete ? parent_of(pattern) : pattern;
    for (size_t i = 0; i < cat->size() && item_ph.empty(); ++i) {
        const std::string& p = cat->operation_at(i)["path"].get_ref<const std::string&>();
        if (ends_with_placeholder(p) && parent_of(p) == col_pattern) item_ph = placeholders(p).back();
    }
    auto key_prop = [&](const json& obj) {
        return !item_ph.empty() && obj.is_object() && obj.contains(item_ph) ? item_ph : std::string("id");
    };
    // A stored object as `schema` describes it: generated for that schema, with the stored values it accepts.
    auto render = [&](const json& schema, const std::string& id, const GenericObject& obj) {
        gen.hint = &obj.value;
        json v = gen.value(schema, hash64(collection + "/" + id, opts.seed), "", 0);
        gen.hint = nullptr;
        overlay(*cat, schema, v, obj.value);
        return v;
    };
    auto too_big = [] {
        return error_response(
            413, 413, "This account has reached its limit of bytes stored in the emulator's generic resources.");
    };
    auto not_found_here = [&](const std::string& id) {
        return error_response(404, 404, "Not found: no object " + id.substr(0, 40) + " in " + collection + ".");
    };
    auto find = [&](const std::string& id) -> GenericObject* {
        auto col = acct.collections.find(collection);
        if (col == acct.collections.end()) return nullptr;
        auto it = col->second.find(id);
        return it == col->second.end() ? nullptr : &it->second;
    };

    // One {data, exceptions} item of the ads endpoints: exceptions is an array in some schemas, one object in others.
    auto data_item = [&](const json& data, const json* error) {
        bool list = true;
        if (success) {
            Shape outer, inner;
            const json whole = merged(*cat, *success);  // flatten keeps pointers into it
            flatten(*cat, whole, outer, 0);
            const json arr = outer.defs.count("items") ? merged(*cat, *outer.defs["items"].back()) : json::object();
            if (const json* item = json_field(arr, "items")) {
                const json item_schema = merged(*cat, *item);
                flatten(*cat, item_schema, inner, 0);
                if (inner.defs.count("exceptions"))
                    list = json_string(merged(*cat, *inner.defs["exceptions"].back()), "type") == "array";
            }
        }
        json out = json::object();
        if (!data.is_null()) out["data"] = data;
        if (list)
            out["exceptions"] = error ? json::array({*error}) : json::array();
        else if (error)
            out["exceptions"] = *error;
        return out;
    };

    switch (kind) {
        case Kind::Create: {
            CreateShape shape = create_shape(*cat, success);
            std::vector<json> requests;
            if (has_body && body.is_array()) {
                for (const auto& x : body) requests.push_back(x);
            } else {
                requests.push_back(has_body ? body : json::object());
            }
            if (shape.form == CreateShape::Single) requests.resize(1);
            const Quotas& q = opts.quotas;
            const size_t room = static_cast<size_t>(std::max(q.max_generic_objects, 0));
            auto full = [&] {
                return error_response(429, 8,
                                      "This account has reached its limit of " + std::to_string(q.max_generic_objects) +
                                          " objects created in the emulator's generic resources.");
            };
            if (acct.objects + requests.size() > room) return full();  // before generating any of them
            std::vector<std::pair<std::string, json>> made;
            size_t add_bytes = 0;
            for (size_t i = 0; i < requests.size(); ++i) {
                uint64_t seq = store.generic.next_seq + i;
                gen.hint = &requests[i];
                json obj = shape.object ? gen.value(*shape.object,
                                                    hash64(collection + "#" + std::to_string(seq), opts.seed), "", 0)
                                        : json::object();
                gen.hint = nullptr;
                if (!obj.is_object()) obj = json::object();
                json fields = requests[i].is_object() ? requests[i] : json::object();
                for (const auto& [n, val] : path_values) fields[n] = val;
                std::string kp = key_prop(obj);
                std::string id;
                if (auto it = fields.find(kp);
                    kp != "id" && it != fields.end() && it->is_string() && !it->get_ref<const std::string&>().empty())
                    id = it->get<std::string>();
                else
                    id = std::to_string(kGenericIdBase + seq);
                fields[kp] = id;
                if (shape.object) overlay(*cat, *shape.object, obj, fields);
                obj[kp] = id;  // even where the schema has no such property: the store needs it
                add_bytes += json_dump(obj).size();
                made.emplace_back(id, std::move(obj));
            }
            if (acct.bytes + add_bytes > q.max_generic_bytes) return too_big();
            GenericCollection& col = acct.collections[collection];
            json items = json::array();
            for (auto& [id, obj] : made) {
                if (col.count(id))
                    return error_response(409, 409,
                                          "An object " + id.substr(0, 40) + " already exists in " + collection + ".");
            }
            for (auto& [id, obj] : made) {
                GenericObject g;
                g.seq = store.generic.next_seq++;
                g.bytes = json_dump(obj).size();
                g.value = obj;
                acct.objects += 1;
                acct.bytes += g.bytes;
                if (shape.form == CreateShape::DataItems)
                    items.push_back(data_item(obj, nullptr));
                else
                    items.push_back(obj);
                col[id] = std::move(g);
            }
            if (shape.form == CreateShape::Single) {
                return answer(items.empty() ? json::object() : items[0]);
            }
            json v = success ? gen.value(*success, op_key, "", 0) : json::object();
            if (!v.is_object()) v = json::object();
            v["items"] = std::move(items);
            return answer(v);
        }
        case Kind::List: {
            const json* item_schema = list_item_schema(*cat, *op);
            json v = success ? gen.value(*success, hash64(query_key, op_key), "", 0) : json::object();
            if (!v.is_object()) v = json::object();
            if (!creatable(*cat, pattern)) {
                // Nothing can create these: a generated page (the API would have some), and no next page.
                if (v.contains("bookmark")) v["bookmark"] = nullptr;
                return answer(v);
            }
            int page_size = 25;
            if (auto ps = param(c.query, "page_size"); ps && is_digits(*ps) && ps->size() < 4)
                page_size = std::stoi(*ps);
            bool ascending = param(c.query, "order").value_or("") == "ASCENDING";
            std::vector<std::pair<uint64_t, std::string>> order;
            if (auto col = acct.collections.find(collection); col != acct.collections.end())
                for (const auto& [id, g] : col->second) order.emplace_back(g.seq, id);
            std::sort(order.begin(), order.end());
            if (!ascending) std::reverse(order.begin(), order.end());
            std::string kind_name = "g" + std::to_string(hash64(collection) & 0xFFFFFF) + (ascending ? "a" : "d");
            size_t start = 0;
            if (auto bm = param(c.query, "bookmark"); bm && !bm->empty()) {
                uint64_t last = 0;
                if (!decode_bookmark(*bm, kind_name, opts.seed, last))
                    return invalid("The bookmark is not valid for this request.");
                while (start < order.size() && (ascending ? order[start].first <= last : order[start].first >= last))
                    ++start;
            }
            json items = json::array();
            size_t i = start;
            for (; i < order.size() && static_cast<int>(items.size()) < page_size; ++i) {
                const GenericObject& g = acct.collections[collection][order[i].second];
                items.push_back(item_schema ? render(*item_schema, order[i].second, g) : g.value);
            }
            v["items"] = std::move(items);
            if (i < order.size())
                v["bookmark"] = encode_bookmark(kind_name, order[i - 1].first, opts.seed);
            else
                v["bookmark"] = nullptr;
            return answer(v);
        }
        case Kind::Get: {
            GenericObject* g = find(item_id);
            bool known_account = collection == "/ad_accounts" && item_id == "549755885175";  // the modelled ad account
            if (!g && !known_account) return not_found_here(item_id);
            if (!success) return answer(json());
            if (!g) {
            json v = generated(*success, hash64(path, opts.seed));
            // As the modelled list (account.cpp) shows it.
            overlay(*cat, *success, v,
                    json{{"name", "Pinlab Demo Ads"},
                         {"owner", {{"id", store.user_id}, {"username", store.username}}},
                         {"currency", "USD"},
                         {"country", "US"}});
            return answer(v);
        }
            return answer(render(*success, item_id, *g));
        }
        case Kind::Update: {
            GenericObject* g = find(item_id);
            if (!g) return not_found_here(item_id);
            if (has_body && body.is_object()) {
                json next = g->value;
                for (auto it = body.begin(); it != body.end(); ++it)
                    if (it.key() != "id" && it.key() != item_ph) next[it.key()] = it.value();
                size_t bytes = json_dump(next).size();
                if (acct.bytes - g->bytes + bytes > opts.quotas.max_generic_bytes) return too_big();
                acct.bytes = acct.bytes - g->bytes + bytes;
                g->bytes = bytes;
                g->value = std::move(next);
            }
            if (!success) return answer(json());
            return answer(render(*success, item_id, *g));
        }
        case Kind::Delete: {
            auto col = acct.collections.find(collection);
            if (col == acct.collections.end() || !col->second.count(item_id)) return not_found_here(item_id);
            acct.objects -= 1;
            acct.bytes -= col->second[item_id].bytes;
            col->second.erase(item_id);
            if (col->second.empty()) acct.collections.erase(col);
            return answer(success ? generated(*success, op_key) : json());
        }
        case Kind::BulkUpdate: {
            CreateShape shape = create_shape(*cat, success);
            // All or nothing: the new values are checked against the byte quota before any is kept.
            std::vector<std::pair<GenericObject*, json>> changes;  // null object: an id this collection never made
            std::vector<std::string> ids;
            size_t bytes = acct.bytes;
            for (const auto& req : body) {
                std::string kp = key_prop(req);
                std::string id = req.is_object() ? json_string(req, kp.c_str()) : std::string();
                GenericObject* g = id.empty() ? nullptr : find(id);
                json next;
                if (g) {
                    next = g->value;
                    for (auto it = req.begin(); it != req.end(); ++it)
                        if (it.key() != kp) next[it.key()] = it.value();
                    bytes = bytes - g->bytes + json_dump(next).size();
                }
                changes.emplace_back(g, std::move(next));
                ids.push_back(id);
            }
            if (bytes > opts.quotas.max_generic_bytes) return too_big();
            json items = json::array();
            for (size_t i = 0; i < changes.size(); ++i) {
                GenericObject* g = changes[i].first;
                if (!g) {
                    json e = {{"code", 404},
                              {"message", "Not found: no object " + ids[i].substr(0, 40) + " in " + collection + "."}};
                    if (shape.form == CreateShape::DataItems) items.push_back(data_item(nullptr, &e));
                    continue;
                }
                size_t b = json_dump(changes[i].second).size();
                acct.bytes = acct.bytes - g->bytes + b;
                g->bytes = b;
                g->value = std::move(changes[i].second);
                json obj = shape.object ? render(*shape.object, ids[i], *g) : g->value;
                if (shape.form == CreateShape::DataItems)
                    items.push_back(data_item(obj, nullptr));
                else
                    items.push_back(obj);
            }
            if (shape.form == CreateShape::Single)
                return answer(items.empty() ? generated(*success, op_key) : items[0]);
            json v = success ? gen.value(*success, op_key, "", 0) : json::object();
            if (!v.is_object()) v = json::object();
            v["items"] = std::move(items);
            return answer(v);
        }
        case Kind::Generated:
            break;
    }
    return answer(success ? generated(*success, hash64(query_key + (has_body ? json_dump(body) : ""), op_key))
                          : json());
}

}  // namespace pinlab::emu
