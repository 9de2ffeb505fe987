// schema_doc.cpp — see schema_doc.h.
#include "core/schema_doc.h"

#include <algorithm>

#include "core/json_util.h"
#include "core/schema.h"

namespace pinlab {

namespace {

constexpr int kMaxMerge = 12;      // allOf nesting followed when merging
constexpr int kMaxSkeleton = 16;   // nesting a skeleton fills
constexpr size_t kMaxItems = 4;    // items a skeleton's array gets (its minItems, at least one)
constexpr size_t kMaxValues = 4000;  // values one skeleton makes (a response example of every property)

// The keys a reader sees as constraints, in the order shown.
constexpr const char* kConstraints[] = {"minimum",  "maximum",  "exclusiveMinimum", "exclusiveMaximum", "minLength",
                                        "maxLength", "pattern", "minItems",         "maxItems",         "uniqueItems",
                                        "nullable", "readOnly", "writeOnly"};

// The schema with its allOf parts merged in: the schema's own keys win, properties are joined, required
// names concatenated. `parts` gets the component names of referenced parts.
json merged(const Catalogue& c, const json& s_in, std::vector<std::string>* parts, int depth) {
    const json* s = c.resolve(s_in);
    if (!s || !s->is_object()) return json::object();
    json out = *s;
    out.erase("allOf");
    const json* all = json_field(*s, "allOf");
    if (!all || !all->is_array() || depth > kMaxMerge) return out;
    for (const json& part : *all) {
        if (std::string ref = json_string(part, "$ref"); parts && !ref.empty()) parts->push_back(ref);
        json m = merged(c, part, nullptr, depth + 1);
        for (auto it = m.begin(); it != m.end(); ++it) {
            const std::string& k = it.key();
            if (k == "properties" && it->is_object()) {
                if (!out.contains(k) || !out[k].is_object()) out[k] = json::object();
                for (auto p = it->begin(); p != it->end(); ++p)
                    if (!out[k].contains(p.key())) out[k][p.key()] = p.value();
            } else if (k == "required" && it->is_array()) {
                if (!out.contains(k) || !out[k].is_array()) out[k] = json::array();
                for (const json& r : *it) out[k].push_back(r);
            } else if (!out.contains(k)) {
                out[k] = *it;
            }
        }
    }
    return out;
}

bool names_required(const json& s, const std::string& name) {
    if (const json* r = json_field(s, "required"); r && r->is_array())
        for (const json& n : *r)
            if (n.is_string() && n.get_ref<const std::string&>() == name) return true;
    return false;
}

const json* alternatives(const json& s, std::string* kind = nullptr) {
    for (const char* k : {"oneOf", "anyOf"})
        if (const json* a = json_field(s, k); a && a->is_array() && !a->empty()) {
            if (kind) *kind = k;
            return a;
        }
    return nullptr;
}

std::string type_of(const json& s) {
    std::string t = json_string(s, "type");
    if (!t.empty()) return t;
    if (json_field(s, "properties")) return "object";
    if (json_field(s, "items")) return "array";
    return alternatives(s) ? "" : "any";
}

// [SECTION] the tree

struct TreeWalk {
    const Catalogue& c;
    const SchemaTreeOptions& o;
    size_t nodes = 0;
    std::vector<std::string> open;  // components open on the way down (the cycle guard)

    bool is_open(const std::string& ref) const { return std::find(open.begin(), open.end(), ref) != open.end(); }

    // The discriminator's value that selects `option`: the mapping's key for its component, else the
    // option's own one-value enum for that property.
    static std::string tag_of(const json& disc, const json& option_in, const json& option) {
        std::string prop = json_string(disc, "propertyName"), ref = json_string(option_in, "$ref");
        if (const json* map = json_field(disc, "mapping"); map && map->is_object() && !ref.empty())
            for (auto it = map->begin(); it != map->end(); ++it)
                if (it->is_string() && it->get_ref<const std::string&>() == ref) return it.key();
        if (const json* props = json_field(option, "properties"))
            if (const json* p = json_field(*props, prop))
                if (const json* e = json_field(*p, "enum"); e && e->is_array() && e->size() == 1 && (*e)[0].is_string())
                    return (*e)[0].get<std::string>();
        return {};
    }

    void describe(json& n, const json& s) {
        for (const char* k : {"title", "format", "description"})
            if (std::string v = json_string(s, k); !v.empty()) n[k] = v;
        for (const char* k : {"enum", "default", "example"})
            if (const json* v = json_field(s, k)) n[k] = *v;
        json constraints = json::object();
        for (const char* k : kConstraints)
            if (const json* v = json_field(s, k); v && !(v->is_boolean() && !v->get<bool>())) constraints[k] = *v;
        if (!constraints.empty()) n["constraints"] = std::move(constraints);
    }

    json node(const json& s_in, const std::string& name, const std::string& path, int depth) {
        ++nodes;
        json n{{"name", name}, {"path", path}};
        std::string ref = json_string(s_in, "$ref");
        if (!ref.empty()) n["ref"] = ref;
        std::vector<std::string> parts;
        json s = merged(c, s_in, &parts, 0);
        n["type"] = type_of(s);
        if (!ref.empty() && is_open(ref)) {
            n["cycle"] = true;
            return n;
        }
        describe(n, s);
        if (!parts.empty()) n["all_of"] = parts;
        std::string kind;
        const json* props = json_field(s, "properties");
        const json* items = json_field(s, "items");
        const json* extra = json_field(s, "additionalProperties");
        const json* alts = alternatives(s, &kind);
        bool nested = (props && props->is_object() && !props->empty()) || items || alts || (extra && extra->is_object());
        if (!nested) return n;
        if (depth >= o.max_depth || nodes >= o.max_nodes) {
            n["truncated"] = true;
            return n;
        }
        size_t opened = open.size();
        if (!ref.empty()) open.push_back(ref);
        for (const std::string& p : parts) open.push_back(p);
        if (props && props->is_object()) {
            json list = json::array();
            for (auto it = props->begin(); it != props->end(); ++it) {
                json child = node(it.value(), it.key(), path + "/" + pointer_token(it.key()), depth + 1);
                if (names_required(s, it.key())) child["required"] = true;
                list.push_back(std::move(child));
            }
            n["properties"] = std::move(list);
        }
        if (items) n["items"] = node(*items, "items", path + "/0", depth + 1);
        if (extra && extra->is_object()) n["additional"] = node(*extra, "(any name)", path + "/*", depth + 1);
        if (alts) {
            json v{{"kind", kind}}, options = json::array();
            const json* disc = json_field(s, "discriminator");
            if (disc) v["discriminator"] = json_string(*disc, "propertyName");
            for (size_t i = 0; i < alts->size(); ++i) {
                const json& alt = (*alts)[i];
                json m = merged(c, alt, nullptr, 0);
                std::string label = json_string(alt, "$ref");
                if (label.empty()) label = json_string(m, "title");
                if (label.empty()) label = "option " + std::to_string(i + 1);
                json opt = node(alt, label, path, depth + 1);
                if (disc)
                    if (std::string tag = tag_of(*disc, alt, m); !tag.empty()) opt["tag"] = tag;
                options.push_back(std::move(opt));
            }
            v["options"] = std::move(options);
            n["variants"] = std::move(v);
        }
        open.resize(opened);
        return n;
    }
};

// [SECTION] the skeleton

struct SkeletonWalk {
    const Catalogue& c;
    const SkeletonRequest& r;
    Skeleton& out;
    std::vector<std::string> open;
    size_t made = 0;

    json placeholder(json v, const std::string& path) {
        out.placeholders.push_back(path);
        return v;
    }

    json scalar(const json& s, const std::string& type, const std::string& path) {
        const json* ex = json_field(s, "example");
        if (ex && !ex->is_object() && !ex->is_array() && !ex->is_null() && *ex != "string") return placeholder(*ex, path);
        if (type == "integer" || type == "number") {
            const json* mn = json_field(s, "minimum");
            return placeholder(mn && mn->is_number() ? *mn : json(0), path);
        }
        if (type == "boolean") return placeholder(false, path);
        if (type != "string") return placeholder(nullptr, path);
        std::string fmt = json_string(s, "format"), pat = json_string(s, "pattern"), v;
        if (fmt == "date" || pat.find("(\\d{4})-(\\d{2})-(\\d{2})$") != std::string::npos) v = "2025-01-31";
        else if (fmt == "date-time") v = "2025-01-31T12:00:00";
        else if (fmt == "uri" || fmt == "url" || pat.rfind("^(http|https", 0) == 0) v = "https://example.com/";
        else if (fmt == "email") v = "name@example.com";
        else if (pat.find("\\d") != std::string::npos || pat.find("[0-9]") != std::string::npos) v = "1";
        if (const json* mn = json_field(s, "minLength"); mn && mn->is_number_unsigned() && v.size() < mn->get<size_t>())
            v.resize(std::min<size_t>(mn->get<size_t>(), 64), 'a');
        return placeholder(v, path);
    }

    json object(const json& s, const std::string& path, int depth) {
        json o = json::object();
        const json* props = json_field(s, "properties");
        if (!props || !props->is_object()) return o;
        for (auto it = props->begin(); it != props->end(); ++it) {
            bool wanted = r.all || names_required(s, it.key()) ||
                          (path.empty() && std::find(r.also_required.begin(), r.also_required.end(), it.key()) !=
                                               r.also_required.end());
            json ps = merged(c, it.value(), nullptr, 0);
            if (wanted && !(r.request && json_flag(ps, "readOnly")))
                o[it.key()] = value(it.value(), path + "/" + pointer_token(it.key()), it.key(), depth + 1);
        }
        return o;
    }

    json value(const json& s_in, const std::string& path, const std::string& field, int depth) {
        std::string ref = json_string(s_in, "$ref");
        if (++made > kMaxValues || depth > kMaxSkeleton || (!ref.empty() && std::find(open.begin(), open.end(), ref) != open.end()))
            return placeholder(nullptr, path);
        json s = merged(c, s_in, nullptr, 0);
        std::string type = type_of(s);
        if (auto id = r.ids.find(field); id != r.ids.end() && (type == "string" || type == "any")) return id->second;
        if (const json* d = json_field(s, "default"); d && !d->is_object() && !d->is_array() && !d->is_null()) return *d;
        if (const json* e = json_field(s, "enum"); e && e->is_array() && !e->empty()) return (*e)[0];
        if (!ref.empty()) open.push_back(ref);
        json v;
        if (const json* alts = alternatives(s)) {
            auto chosen = r.variants.find(path);
            size_t i = chosen == r.variants.end() ? 0 : std::min(chosen->second, alts->size() - 1);
            v = value((*alts)[i], path, field, depth + 1);
            if (v.is_object() && json_field(s, "properties")) {
                json own = object(s, path, depth);
                for (auto it = own.begin(); it != own.end(); ++it)
                    if (!v.contains(it.key())) v[it.key()] = it.value();
            }
        } else if (type == "object") {
            v = object(s, path, depth);
        } else if (type == "array") {
            v = json::array();
            const json* mn = json_field(s, "minItems");
            size_t n = mn && mn->is_number_unsigned() ? std::max<size_t>(mn->get<size_t>(), 1) : 1;
            if (const json* items = json_field(s, "items"))
                for (size_t i = 0; i < std::min(n, kMaxItems); ++i)
                    v.push_back(value(*items, path + "/" + std::to_string(i), "", depth + 1));
        } else {
            v = scalar(s, type, path);
        }
        if (!ref.empty()) open.pop_back();
        return v;
    }
};

}  // namespace

json schema_tree(const Catalogue& c, const json& schema, const std::string& name, const SchemaTreeOptions& options) {
    TreeWalk w{c, options, 0, {}};
    return w.node(schema, name, "", 0);
}

Skeleton body_skeleton(const Catalogue& c, const json& schema, const SkeletonRequest& request) {
    Skeleton out;
    SkeletonWalk w{c, request, out, {}, 0};
    out.body = w.value(schema, "", "", 0);
    if (request.all || !out.placeholders.empty()) return out;
    // The required fields alone may fit several oneOf options at once ({"catalog_type": "RETAIL"} is a retail,
    // a hotel and a creative-assets feed update), which is no option at all: then the chosen options' other
    // properties too, which tell them apart.
    SchemaOptions so;
    so.request = request.request;
    so.max_issues = 1;
    if (validate_schema(c, schema, out.body, so).empty()) return out;
    SkeletonRequest fuller = request;
    fuller.all = true;
    Skeleton more;
    SkeletonWalk w2{c, fuller, more, {}, 0};
    more.body = w2.value(schema, "", "", 0);
    return more;
}

}  // namespace pinlab
