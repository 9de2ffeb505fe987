// spec_service.cpp — see spec_service.h.
#include "core/spec_service.h"

#include <map>
#include <string>

#include "core/json_util.h"
#include "core/practice.h"
#include "core/schema.h"
#include "core/schema_doc.h"
#include "core/url.h"

namespace pinlab {

namespace {

constexpr std::string_view kPrefix = "/_spec/";

// The path of a URL ("/_spec/op/x?y" or "http://host/_spec/op/x"), without query or fragment.
std::string_view url_path(std::string_view url) {
    size_t scheme = url.find("://");
    if (scheme != std::string_view::npos && scheme < url.find('/')) {
        size_t slash = url.find('/', scheme + 3);
        url = slash == std::string_view::npos ? std::string_view() : url.substr(slash);
    }
    size_t end = url.find_first_of("?#");
    return end == std::string_view::npos ? url : url.substr(0, end);
}

Response reply(int status, const json& body) {
    Response r;
    r.status = status;
    r.headers.set("Content-Type", "application/json");
    r.headers.set("Cache-Control", "no-store");
    r.body = json_dump(body);
    return r;
}

Response error(int status, const std::string& message) {
    return reply(status, json{{"code", status}, {"message", message}});
}

const json* ref_target(const Catalogue& c, const json& s) { return c.resolve(s); }

std::string ref_name(const json& s) { return json_string(s, "$ref"); }

// "string (date)", "array of Campaign", "Campaign", "integer" — what a reader needs to know of a schema.
std::string type_text(const Catalogue& c, const json& s, int depth = 0) {
    if (!s.is_object() || depth > 4) return "any";
    std::string ref = ref_name(s);
    if (!ref.empty()) return ref;
    for (const char* k : {"allOf", "oneOf", "anyOf"}) {
        const json* list = json_field(s, k);
        if (list && list->is_array() && !list->empty()) {
            if (list->size() == 1) return type_text(c, (*list)[0], depth + 1);
            std::string out = std::string(k) + " (";
            for (size_t i = 0; i < list->size() && i < 4; ++i)
                out += (i ? ", " : "") + type_text(c, (*list)[i], depth + 1);
            return out + (list->size() > 4 ? ", …)" : ")");
        }
    }
    std::string type = json_string(s, "type", "object");
    if (type == "array") {
        const json* items = json_field(s, "items");
        return "array of " + (items ? type_text(c, *items, depth + 1) : std::string("any"));
    }
    std::string format = json_string(s, "format");
    return format.empty() ? type : type + " (" + format + ")";
}

// The properties of an object schema, allOf merged (what a body editor's reader needs).
void collect_properties(const Catalogue& c, const json& s_in, json& props, json& required, int depth = 0) {
    const json* s = ref_target(c, s_in);
    if (!s || depth > 6) return;
    if (const json* all = json_field(*s, "allOf"); all && all->is_array())
        for (const json& part : *all) collect_properties(c, part, props, required, depth + 1);
    if (const json* req = json_field(*s, "required"); req && req->is_array())
        for (const json& r : *req)
            if (r.is_string()) required.push_back(r);
    const json* p = json_field(*s, "properties");
    if (!p || !p->is_object()) return;
    for (auto it = p->begin(); it != p->end(); ++it) {
        const json* ps = ref_target(c, it.value());
        json row{{"name", it.key()}, {"type", type_text(c, it.value())}};
        std::string d = ps ? json_string(*ps, "description") : "";
        if (d.empty()) d = json_string(it.value(), "description");
        if (d.size() > 300) d = d.substr(0, 300) + "…";
        if (!d.empty()) row["description"] = d;
        if (ps) {
            if (const json* e = json_field(*ps, "enum"); e && e->is_array()) row["enum"] = *e;
            if (json_field(*ps, "readOnly") && (*ps)["readOnly"] == true) row["read_only"] = true;
        }
        props.push_back(std::move(row));
    }
}

// A parameter's schema flattened for a form field.
json flatten_param(const Catalogue& c, const json& p) {
    json out{{"name", json_string(p, "name")}, {"in", json_string(p, "in")}};
    const json* req = json_field(p, "required");
    out["required"] = req && req->is_boolean() && req->get<bool>();
    std::string d = json_string(p, "description");
    if (!d.empty()) out["description"] = d;
    for (const char* k : {"style", "explode"})
        if (const json* v = json_field(p, k)) out[k] = *v;
    const json* sp = json_field(p, "schema");
    const json* s = sp ? ref_target(c, *sp) : nullptr;
    if (!s) {
        out["type"] = "string";
        return out;
    }
    // A oneOf/anyOf of scalars (rare in parameters): take the first branch that resolves.
    for (const char* k : {"allOf", "oneOf", "anyOf"})
        if (const json* list = json_field(*s, k); list && list->is_array() && !list->empty() && !json_field(*s, "type"))
            if (const json* first = ref_target(c, (*list)[0])) s = first;
    out["type"] = json_string(*s, "type", "string");
    for (const char* k : {"format", "enum", "default", "minimum", "maximum", "minLength", "maxLength", "pattern",
                          "example", "minItems", "maxItems"})
        if (const json* v = json_field(*s, k)) out[k] = *v;
    if (out["type"] == "array")
        if (const json* items_raw = json_field(*s, "items"))
            if (const json* items = ref_target(c, *items_raw)) {
                out["items"] = json{{"type", json_string(*items, "type", "string")}};
                if (const json* e = json_field(*items, "enum")) out["items"]["enum"] = *e;
                if (const json* f = json_field(*items, "format")) out["items"]["format"] = *f;
            }
    if (d.empty())
        if (std::string sd = json_string(*s, "description"); !sd.empty()) out["description"] = sd;
    return out;
}

json index_of(const Catalogue& c) {
    json ops = json::array();
    std::map<std::string, int> per_tag;
    for (size_t i = 0; i < c.size(); ++i) {
        const json& op = c.operation_at(i);
        json row{{"id", json_string(op, "id")},     {"method", json_string(op, "method")},
                 {"path", json_string(op, "path")}, {"tag", json_string(op, "tag")},
                 {"summary", json_string(op, "summary")}};
        if (const json* dep = json_field(op, "deprecated"); dep && *dep == true) row["deprecated"] = true;
        per_tag[row["tag"].get<std::string>()]++;
        ops.push_back(std::move(row));
    }
    // x-tagGroups in the spec's order; tags no group names go to "Other".
    json groups = json::array();
    std::map<std::string, bool> grouped;
    if (const json* tg = json_field(c.root(), "tag_groups"); tg && tg->is_array())
        for (const json& g : *tg) {
            json tags = json::array();
            if (const json* names = json_field(g, "tags"); names && names->is_array())
                for (const json& t : *names)
                    if (t.is_string() && per_tag.count(t.get<std::string>())) {
                        tags.push_back(json{{"name", t}, {"count", per_tag[t.get<std::string>()]}});
                        grouped[t.get<std::string>()] = true;
                    }
            if (!tags.empty()) groups.push_back(json{{"name", json_string(g, "name")}, {"tags", std::move(tags)}});
        }
    json other = json::array();
    for (const auto& [tag, n] : per_tag)
        if (!grouped.count(tag)) other.push_back(json{{"name", tag}, {"count", n}});
    if (!other.empty()) groups.push_back(json{{"name", "Other"}, {"tags", std::move(other)}});
    return json{{"version", c.version()}, {"count", c.size()}, {"groups", std::move(groups)}, {"ops", std::move(ops)}};
}

// What a body skeleton of `op` starts with: Pinterest's required-in-practice fields, the variants chosen
// ({"/media_source": 1}) and the account's ids ({"board_id": "…"}) given in `in`.
SkeletonRequest skeleton_request(const std::string& op, const json& in) {
    SkeletonRequest r;
    for (const PracticeRule* p : practice_rules_for(op)) r.also_required.push_back(p->field);
    if (const json* v = json_field(in, "variants"); v && v->is_object())
        for (auto it = v->begin(); it != v->end(); ++it)
            if (it->is_number_unsigned()) r.variants[it.key()] = it->get<size_t>();
    if (const json* ids = json_field(in, "ids"); ids && ids->is_object())
        for (auto it = ids->begin(); it != ids->end(); ++it)
            if (it->is_string() && it->get_ref<const std::string&>().size() <= 256) r.ids[it.key()] = it->get<std::string>();
    return r;
}

json op_detail(const Catalogue& c, const json& op) {
    json out{{"id", json_string(op, "id")},          {"method", json_string(op, "method")},
             {"path", json_string(op, "path")},      {"tag", json_string(op, "tag")},
             {"summary", json_string(op, "summary")}, {"description", json_string(op, "description")},
             {"ratelimit", json_string(op, "ratelimit")}};
    const json* sandbox = json_field(op, "sandbox");
    out["sandbox"] = sandbox && *sandbox == true;
    if (const json* dep = json_field(op, "deprecated"); dep && *dep == true) out["deprecated"] = true;
    json scopes = json::array();
    const json* all_scopes = json_field(c.root(), "scopes");
    if (const json* sc = json_field(op, "scopes"); sc && sc->is_array())
        for (const json& s : *sc)
            if (s.is_string())
                scopes.push_back(json{{"name", s}, {"description", all_scopes ? json_string(*all_scopes, s.get<std::string>()) : ""}});
    out["scopes"] = std::move(scopes);
    json params = json::array();
    if (const json* ps = json_field(op, "params"); ps && ps->is_array())
        for (const json& p : *ps) params.push_back(flatten_param(c, p));
    out["params"] = std::move(params);
    if (const json* body = json_field(op, "body"); body && body->is_object()) {
        json b{{"content_type", json_string(*body, "content_type", "application/json")},
               {"description", json_string(*body, "description")}};
        const json* req = json_field(*body, "required");
        b["required"] = req && *req == true;
        if (const json* s = json_field(*body, "schema")) {
            b["type"] = type_text(c, *s);
            json props = json::array(), required = json::array();
            const json* target = ref_target(c, *s);
            if (target && json_string(*target, "type") == "array") {
                if (const json* items = json_field(*target, "items")) collect_properties(c, *items, props, required);
                b["items_of"] = true;
            } else {
                collect_properties(c, *s, props, required);
            }
            for (json& p : props)
                for (const json& r : required)
                    if (p["name"] == r) p["required"] = true;
            b["properties"] = std::move(props);
            b["tree"] = schema_tree(c, *s, "body");
            json practice = json::array();
            for (const PracticeRule* r : practice_rules_for(json_string(op, "id")))
                practice.push_back(json{{"field", r->field}, {"message", r->message}, {"ids", r->ids}});
            b["practice"] = std::move(practice);
            Skeleton sk = body_skeleton(c, *s, skeleton_request(json_string(op, "id"), json::object()));
            b["skeleton"] = json_dump(sk.body, 2);
            b["placeholders"] = sk.placeholders;
        }
        out["body"] = std::move(b);
    }
    json responses = json::array();
    if (const json* rs = json_field(op, "responses"); rs && rs->is_array())
        for (const json& r : *rs) {
            json row{{"code", json_string(r, "code")}, {"description", json_string(r, "description")}};
            if (const json* s = json_field(r, "schema")) {
                row["type"] = type_text(c, *s);
                row["tree"] = schema_tree(c, *s, "response");
                SkeletonRequest example;
                example.all = true;
                example.request = false;
                row["example"] = json_dump(body_skeleton(c, *s, example).body, 2);
            }
            responses.push_back(std::move(row));
        }
    out["responses"] = std::move(responses);
    return out;
}

// A JSON parser that remembers where it failed (nlohmann's DOM parser, without exceptions).
struct PositionSax : nlohmann::detail::json_sax_dom_parser<json> {
    explicit PositionSax(json& j) : nlohmann::detail::json_sax_dom_parser<json>(j, false) {}
    size_t position = 0;
    std::string message;
    bool failed = false;
    template <class E>
    bool parse_error(std::size_t pos, const std::string&, const E& ex) {
        failed = true;
        position = pos;
        message = ex.what();
        return false;
    }
};

// Parses `text`; on a syntax error fills `syntax` with a message, line and column (1-based).
std::optional<json> parse_with_position(const std::string& text, json& syntax) {
    json doc;
    PositionSax sax(doc);
    json::sax_parse(text, &sax);
    if (!sax.failed) return doc;
    size_t pos = sax.position > 0 ? sax.position - 1 : 0;
    if (pos > text.size()) pos = text.size();
    int line = 1, column = 1;
    for (size_t i = 0; i < pos; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while parsing value -
    // invalid literal; last read: 'tru,'" -> the part after the position.
    std::string m = sax.message;
    if (size_t colon = m.find(": "); colon != std::string::npos && m.rfind("[json.exception", 0) == 0)
        m = m.substr(colon + 2);
    if (m.rfind("syntax error while parsing ", 0) == 0) m = m.substr(27);
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) m = "the body is empty";
    syntax = json{{"message", m}, {"line", line}, {"column", column}};
    return std::nullopt;
}

json issues_json(const std::vector<SchemaIssue>& issues) {
    json out = json::array();
    for (const auto& i : issues) out.push_back(json{{"pointer", i.pointer}, {"message", i.message}});
    return out;
}

Response validate(const Catalogue& c, const json& in) {
    const json* op = c.operation(json_string(in, "op"));
    if (!op) return error(404, "no operation '" + json_string(in, "op") + "' in the catalogue");
    const json* body = json_field(*op, "body");
    const json* schema = body ? json_field(*body, "schema") : nullptr;
    std::string text = json_string(in, "body");
    if (!schema) {
        bool empty = text.find_first_not_of(" \t\r\n") == std::string::npos;
        return reply(200, json{{"ok", empty}, {"issues", empty ? json::array() : json::array({json{
                                {"pointer", ""}, {"message", "this operation takes no request body"}}})}});
    }
    json syntax;
    std::optional<json> doc = parse_with_position(text, syntax);
    if (!doc) return reply(200, json{{"ok", false}, {"syntax", syntax}, {"issues", json::array()}});
    SchemaOptions o;
    o.request = true;
    auto issues = validate_schema(c, *schema, *doc, o);
    // "ok" is what the API would accept: the schema's verdict and Pinterest's required-in-practice fields.
    std::vector<std::string> missing = practice_missing(json_string(in, "op"), *doc);
    json out{{"ok", issues.empty() && missing.empty()}, {"schema_ok", issues.empty()}, {"issues", issues_json(issues)}};
    if (!missing.empty()) {
        out["practice_missing"] = missing;
        out["verdict"] = issues.empty() ? practice_verdict(missing)
                                        : "Pinterest also requires " + practice_list(missing);
    }
    return reply(200, out);
}

// POST /_spec/skeleton {"op", "variants"?, "ids"?} -> {"skeleton": text, "placeholders": [pointer]}
Response skeleton_answer(const Catalogue& c, const json& in) {
    std::string id = json_string(in, "op");
    const json* op = c.operation(id);
    if (!op) return error(404, "no operation '" + id + "' in the catalogue");
    const json* body = json_field(*op, "body");
    const json* schema = body ? json_field(*body, "schema") : nullptr;
    if (!schema) return error(400, "operation '" + id + "' takes no request body");
    Skeleton sk = body_skeleton(c, *schema, skeleton_request(id, in));
    return reply(200, json{{"skeleton", json_dump(sk.body, 2)}, {"placeholders", sk.placeholders}});
}

Response check(const Catalogue& c, const json& in) {
    const json* op = c.operation(json_string(in, "op"));
    if (!op) return error(404, "no operation '" + json_string(in, "op") + "' in the catalogue");
    const json* st = json_field(in, "status");
    if (!st || !st->is_number_integer()) return error(400, "'status' must be the response's HTTP status");
    const int status = st->get<int>();
    const std::string code = std::to_string(status);
    // The response the spec gives this status: its exact code, else "2XX"-style, else "default".
    const json* chosen = nullptr;
    if (const json* rs = json_field(*op, "responses"); rs && rs->is_array()) {
        for (const json& r : *rs)
            if (json_string(r, "code") == code) chosen = &r;
        for (const json& r : *rs)
            if (!chosen && json_string(r, "code") == code.substr(0, 1) + "XX") chosen = &r;
        for (const json& r : *rs)
            if (!chosen && json_string(r, "code") == "default") chosen = &r;
    }
    if (!chosen)
        return reply(200, json{{"conforms", false}, {"code", ""}, {"issues", json::array()},
                               {"note", "the spec lists no response " + code + " for this operation"}});
    json out{{"code", json_string(*chosen, "code")}};
    const json* schema = json_field(*chosen, "schema");
    std::string text = json_string(in, "body");
    bool empty = text.find_first_not_of(" \t\r\n") == std::string::npos;
    if (!schema) {
        out["conforms"] = true;
        out["issues"] = json::array();
        if (!empty) out["note"] = "the spec declares no body for this response";
        return reply(200, out);
    }
    out["schema"] = type_text(c, *schema);
    json syntax;
    std::optional<json> doc = parse_with_position(text, syntax);
    if (!doc) {
        out["conforms"] = false;
        out["issues"] = json::array({json{{"pointer", ""}, {"message", "not JSON: " + syntax.value("message", "")}}});
        return reply(200, out);
    }
    auto issues = validate_schema(c, *schema, *doc);
    out["conforms"] = issues.empty();
    out["issues"] = issues_json(issues);
    return reply(200, out);
}

}  // namespace

bool is_spec_request(std::string_view url) { return url_path(url).substr(0, kPrefix.size()) == kPrefix; }

Response spec_handle(const Catalogue* c, const Request& req, std::string_view load_error) {
    std::string_view path = url_path(req.url);
    if (path.substr(0, kPrefix.size()) != kPrefix) return error(404, "not a spec service path");
    if (!c)
        return error(503, "the API catalogue (catalogue.json) is not available" +
                              (load_error.empty() ? std::string() : ": " + std::string(load_error)));
    std::string_view rest = path.substr(kPrefix.size());
    if (rest == "index") {
        if (req.method != "GET") return error(405, "use GET for /_spec/index");
        return reply(200, index_of(*c));
    }
    if (rest.substr(0, 3) == "op/") {
        if (req.method != "GET") return error(405, "use GET for /_spec/op/<id>");
        std::optional<std::string> id = percent_decode(rest.substr(3));
        const json* op = id ? c->operation(*id) : nullptr;
        if (!op) return error(404, "no operation '" + (id ? *id : std::string(rest.substr(3))) + "' in the catalogue");
        return reply(200, op_detail(*c, *op));
    }
    if (rest.substr(0, 7) == "schema/") {
        if (req.method != "GET") return error(405, "use GET for /_spec/schema/<name>");
        std::optional<std::string> name = percent_decode(rest.substr(7));
        if (!name || !c->schema(*name)) return error(404, "no schema '" + std::string(rest.substr(7)) + "' in the catalogue");
        return reply(200, json{{"tree", schema_tree(*c, json{{"$ref", *name}}, *name)}});
    }
    if (rest == "validate" || rest == "check" || rest == "skeleton") {
        if (req.method != "POST") return error(405, "use POST for /_spec/" + std::string(rest));
        std::optional<json> in = json_parse(req.body);
        if (!in || !in->is_object()) return error(400, "the request body must be a JSON object");
        return rest == "validate" ? validate(*c, *in) : rest == "check" ? check(*c, *in) : skeleton_answer(*c, *in);
    }
    return error(404, "no spec service path '" + std::string(path) + "'");
}

}  // namespace pinlab
