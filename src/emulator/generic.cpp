// generic.cpp — Impl::generic, the answer to every operation without a modelled handler (see generic.h).
//
// Each operation's kind (create, list, get, update, delete, bulk update, generated) is read from the
// catalogue once when it loads (OpShape, core/catalogue.h); one function below answers each kind.
// Collections are concrete paths ("/ad_accounts/1/campaigns") per account (the token's user). An id a
// collection never created answers 404, except the modelled ad account (account.cpp lists it) and ids in
// collections nothing can create (order lines, invoices, ...): those answer a generated object with that
// id, since the API would have it. A created object is what was sent (the fields the create answer's schema,
// or the variant it names, accepts), what the server sets (its id, created/updated times by the clock) and
// neutral values for required properties nobody sent (generate.h: minimal); other answers render it through
// their own schema (a GET's, a list item's).
// Lists page newest first (order=ASCENDING: oldest first) with bookmarks; their filters are validated but
// not applied. Bounds: Quotas::max_generic_objects and max_generic_bytes per account (429 / 413, checked
// before anything is made), request bodies up to 1 MB. Generated values: generate.h.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/catalogue.h"
#include "core/dates.h"
#include "core/json_util.h"
#include "core/schema.h"
#include "emulator/generate.h"
#include "emulator/impl.h"

namespace pinlab::emu {

namespace {

constexpr size_t kMaxGenericBody = 1u << 20;                // request bodies of generic operations
constexpr uint64_t kGenericIdBase = 689446400000000000ull;  // 18 digits: the spec caps most ids at 18


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
    SchemaShape shape;
    schema_flatten(c, *success, shape);
    auto it = shape.defs.find("items");
    if (it == shape.defs.end() || shape.defs.count("id")) return out;
    const json* arr = c.resolve(*it->second.back());
    const json* item = arr ? json_field(*arr, "items") : nullptr;
    if (!item) return out;
    SchemaShape inner;
    schema_flatten(c, *item, inner);
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

// [SECTION] One call ---------------------------------------------------------------------------------

// One request to a generic operation: its parameters and body read by the spec's schemas, then answered
// by the function of its kind.
class GenericCall {
public:
    GenericCall(Store& store, const Options& opts, const Catalogue& cat, const json& op, const OpShape& shape,
                Ctx& c)
        : store_(store), opts_(opts), cat_(cat), op_(op), shape_(shape), c_(c),
          pattern_(op["path"].get_ref<const std::string&>()), path_(c.path.substr(3)),  // without "/v5"
          names_(placeholders(pattern_)), gen_{cat, opts.seed, store.seed_epoch_ms / 1000},
          op_key_(hash64(std::string(c.op->operation_id) + " " + path_, opts.seed)) {
        success_ = cat.success_schema(op, &status_);
        bool on_item = shape.kind == OpKind::Get || shape.kind == OpKind::Update || shape.kind == OpKind::Delete;
        collection_ = on_item ? parent_of(path_) : path_;
        item_id_ = names_.empty() || c.params.empty() ? std::string() : c.params.back();
    }

    Outcome<> read_params();
    Outcome<> read_body();
    Response answer() {
        switch (shape_.kind) {
            case OpKind::Create: return create();
            case OpKind::List: return list();
            case OpKind::Get: return get();
            case OpKind::Update: return update();
            case OpKind::Delete: return remove();
            case OpKind::BulkUpdate: return bulk_update();
            case OpKind::Generated: break;
        }
        return reply(success_ ? generated(*success_, hash64(query_key_ + (has_body_ ? json_dump(body_) : ""), op_key_))
                              : json());
    }

private:
    Response create();
    Response list();
    Response get();
    Response update();
    Response remove();
    Response bulk_update();

    static bool ends_with_placeholder(const std::string& path) {
        size_t slash = path.rfind('/');
        return slash != std::string::npos && path.size() > slash + 2 && path[slash + 1] == '{' && path.back() == '}';
    }
    static std::string parent_of(const std::string& path) {
        size_t slash = path.rfind('/');
        return slash == std::string::npos || slash == 0 ? std::string() : path.substr(0, slash);
    }
    Response reply(const json& v) const {
        if (status_ == 204 || !success_) {
            Response r = no_content();
            r.status = status_;
            return r;
        }
        return json_response(status_, v);
    }
    // A generated object with the path's values where the schema has them (an order line answers its id).
    json generated(const json& schema, uint64_t key) {
        json v = gen_.value(schema, key);
        json echo = json::object();
        for (const auto& [n, val] : path_values_) echo[n] = val;
        if (ends_with_placeholder(pattern_) && path_values_.count(names_.back()))
            echo["id"] = path_values_[names_.back()];
        schema_overlay(cat_, schema, v, echo);
        return v;
    }
    // The property that names an object: the item placeholder when the objects carry it ("batch_id"), else "id".
    std::string key_prop(const json& obj) const {
        const std::string& k = shape_.item_key;
        return !k.empty() && obj.is_object() && obj.contains(k) ? k : std::string("id");
    }
    // A stored object as `schema` describes it: generated for that schema, with the stored values it accepts.
    json render(const json& schema, const std::string& id, const GenericObject& obj) {
        const json stored = obj.value();
        gen_.hint = &stored;
        gen_.minimal = true;  // the stored object is all there is: only what the schema requires is added
        json v = gen_.value(schema, hash64(collection_ + "/" + id, opts_.seed));
        gen_.hint = nullptr;
        gen_.minimal = false;
        schema_overlay(cat_, variant_of(schema, v), v, stored);
        return v;
    }
    // Sets the times a server sets on a new object, in the form the schema (or the variant `obj` is) accepts:
    // a zoneless date-time as Pinterest writes it, else seconds. Names a variant declares count too (a feed's
    // created_at lies in a oneOf branch), so each is offered as text, then as a number, and kept where accepted.
    void set_server_times(const json& schema, json& obj) const {
        const int64_t s = c_.now / 1000;
        const int64_t sod = ((s % 86400) + 86400) % 86400;
        char hms[16];
        std::snprintf(hms, sizeof hms, "T%02d:%02d:%02d", static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
                      static_cast<int>(sod % 60));
        const std::string iso = days_to_ymd(s / 86400) + hms;
        for (const char* name : {"created_time", "created_at", "updated_time", "updated_at", "creation_time"}) {
            schema_overlay(cat_, schema, obj, json{{name, iso}});
            if (!obj.contains(name) || obj[name] != iso) schema_overlay(cat_, schema, obj, json{{name, s}});
        }
    }
    // The schema of the variant `obj` is, where a discriminator names it (a feed's CatalogsHotelFeed); else the
    // schema itself. What the variant declares can be set on the object.
    json variant_of(const json& schema, const json& obj) const {
        const json* s = cat_.resolve(schema);
        const json* d = s ? json_field(*s, "discriminator") : nullptr;
        const json* m = d ? json_field(*d, "mapping") : nullptr;
        if (!m || !m->is_object() || !obj.is_object()) return schema;
        auto v = obj.find(json_string(*d, "propertyName"));
        if (v == obj.end() || !v->is_string()) return schema;
        auto r = m->find(v->get_ref<const std::string&>());
        return r != m->end() && r->is_string() ? json{{"$ref", *r}} : schema;
    }
    static Response too_big() {
        return error_response(
            413, 413, "This account has reached its limit of bytes stored in the emulator's generic resources.");
    }
    Response not_found_here(const std::string& id) const {
        return error_response(404, 404, "Not found: no object " + id.substr(0, 40) + " in " + collection_ + ".");
    }
    GenericAccount& acct() { return store_.generic.accounts[store_.user_id]; }  // made on first use
    GenericObject* find(const std::string& id) {
        auto col = acct().collections.find(collection_);
        if (col == acct().collections.end()) return nullptr;
        auto it = col->second.find(id);
        return it == col->second.end() ? nullptr : &it->second;
    }
    json data_item(const json& data, const json* error) const;
    json page_envelope(uint64_t key) {  // the answer around a list of items, generated
        json v = success_ ? gen_.value(*success_, key) : json::object();
        return v.is_object() ? v : json::object();
    }

    Store& store_;
    const Options& opts_;
    const Catalogue& cat_;
    const json& op_;
    const OpShape& shape_;
    Ctx& c_;
    const std::string& pattern_;
    const std::string path_;
    std::vector<std::string> names_;
    Generator gen_;
    const uint64_t op_key_;
    std::string collection_, item_id_;
    int status_ = 200;
    const json* success_ = nullptr;
    std::map<std::string, json> path_values_;
    std::string query_key_;  // the query as it matters to a generated answer
    json body_;
    bool has_body_ = false;
};

// Path and query parameters, by the spec's schemas.
Outcome<> GenericCall::read_params() {
    const json* ps = json_field(op_, "params");
    if (!ps || !ps->is_array()) return Done{};
    for (const json& p : *ps) {
        std::string name = json_string(p, "name"), in = json_string(p, "in");
        const json* schema = json_field(p, "schema");
        std::vector<std::string> raw;
        if (in == "path") {
            auto at = std::find(names_.begin(), names_.end(), name);
            if (at != names_.end() && static_cast<size_t>(at - names_.begin()) < c_.params.size())
                raw.push_back(c_.params[at - names_.begin()]);
        } else if (in == "query") {
            for (const auto& [k, v] : c_.query)
                if (k == name) raw.push_back(v);
        } else {
            continue;
        }
        if (raw.empty()) {
            if (json_flag(p, "required")) return invalid(name + ": missing required " + in + " parameter '" + name + "'");
            continue;
        }
        if (!schema) continue;
        std::string why;
        auto v = typed(cat_, *schema, raw, why);
        if (!v) return invalid(name + ": " + why);
        SchemaOptions o;
        o.request = true;
        o.max_issues = 3;
        auto issues = validate_schema(cat_, *schema, *v, o);
        if (!issues.empty()) {
            std::string msg;
            for (const auto& i : issues) msg += (msg.empty() ? "" : "; ") + name + i.pointer + ": " + i.message;
            return invalid(msg);
        }
        if (in == "path") path_values_[name] = *v;
        if (in == "query" && name != "bookmark" && name != "page_size")
            query_key_ += name + "=" + json_dump(*v) + "&";
    }
    return Done{};
}

// The body, by the spec's schema.
Outcome<> GenericCall::read_body() {
    const json* b = json_field(op_, "body");
    if (!b) return Done{};
    if (c_.req.body.size() > kMaxGenericBody) return error_response(413, 413, "Request body too large.");
    std::string_view ct = c_.req.headers.get("Content-Type");
    if (c_.req.body.find_first_not_of(" \t\r\n") == std::string::npos) {
        if (json_flag(*b, "required")) return invalid("The request body is required (application/json).");
        return Done{};
    }
    if (!ct.empty() && !starts_with(ascii_lower(ct), "application/json"))
        return error_response(415, 415, "Unsupported Content-Type: expected application/json.");
    auto parsed = json_parse(c_.req.body);
    if (!parsed) return invalid("The request body is not valid JSON.");
    body_ = std::move(*parsed);
    has_body_ = true;
    if (const json* s = json_field(*b, "schema")) {
        SchemaOptions o;
        o.request = true;
        o.max_issues = 4;
        auto issues = validate_schema(cat_, *s, body_, o);
        if (!issues.empty()) {
            std::string msg;
            for (size_t i = 0; i < issues.size() && i < 3; ++i) msg += (i ? "; " : "") + describe(issues[i]);
            return invalid(msg);
        }
    }
    return Done{};
}

// One {data, exceptions} item of the ads endpoints: exceptions is an array in some schemas, one object in others.
json GenericCall::data_item(const json& data, const json* error) const {
    bool list = true;
    if (success_) {
        SchemaShape outer, inner;
        const json whole = schema_merged(cat_, *success_);  // the shape points into it
        schema_flatten(cat_, whole, outer);
        auto items = outer.defs.find("items");
        const json arr = items != outer.defs.end() ? schema_merged(cat_, *items->second.back()) : json::object();
        if (const json* item = json_field(arr, "items")) {
            const json item_schema = schema_merged(cat_, *item);
            schema_flatten(cat_, item_schema, inner);
            if (auto ex = inner.defs.find("exceptions"); ex != inner.defs.end())
                list = json_string(schema_merged(cat_, *ex->second.back()), "type") == "array";
        }
    }
    json out = json::object();
    if (!data.is_null()) out["data"] = data;
    if (list)
        out["exceptions"] = error ? json::array({*error}) : json::array();
    else if (error)
        out["exceptions"] = *error;
    return out;
}

// [SECTION] One function per kind --------------------------------------------------------------------

Response GenericCall::create() {
    CreateShape shape = create_shape(cat_, success_);
    std::vector<json> requests;
    if (has_body_ && body_.is_array()) {
        for (const auto& x : body_) requests.push_back(x);
    } else {
        requests.push_back(has_body_ ? body_ : json::object());
    }
    if (shape.form == CreateShape::Single) requests.resize(1);
    const Quotas& q = opts_.quotas;
    const size_t room = static_cast<size_t>(std::max(q.max_generic_objects, 0));
    if (acct().objects + requests.size() > room)  // before generating any of them
        return error_response(429, 8,
                              "This account has reached its limit of " + std::to_string(q.max_generic_objects) +
                                  " objects created in the emulator's generic resources.");
    std::vector<std::pair<std::string, json>> made;
    size_t add_bytes = 0;
    for (size_t i = 0; i < requests.size(); ++i) {
        uint64_t seq = store_.generic.next_seq + i;
        // What was sent, what the schema requires beside it (generated), and what the server sets: nothing else.
        gen_.hint = &requests[i];
        gen_.minimal = true;
        json obj = shape.object ? gen_.value(*shape.object, hash64(collection_ + "#" + std::to_string(seq), opts_.seed))
                                : json::object();
        gen_.hint = nullptr;
        gen_.minimal = false;
        if (!obj.is_object()) obj = json::object();
        json fields = requests[i].is_object() ? requests[i] : json::object();
        for (const auto& [n, val] : path_values_) fields[n] = val;
        const json variant = shape.object ? variant_of(*shape.object, obj) : json();
        std::string kp = key_prop(obj);
        if (kp == "id" && !shape_.item_key.empty() && shape.object) {  // "batch_id": named as the schema names it
            json probe = obj;
            schema_overlay(cat_, variant, probe, json{{shape_.item_key, "1"}});
            if (probe.contains(shape_.item_key)) kp = shape_.item_key;
        }
        std::string id;
        if (auto it = fields.find(kp);
            kp != "id" && it != fields.end() && it->is_string() && !it->get_ref<const std::string&>().empty())
            id = it->get<std::string>();
        else
            id = std::to_string(kGenericIdBase + seq);
        fields[kp] = id;
        if (shape.object) {
            schema_overlay(cat_, variant, obj, fields);
            set_server_times(variant, obj);
        }
        obj[kp] = id;  // even where the schema has no such property: the store needs it
        add_bytes += json_dump(obj).size();
        made.emplace_back(id, std::move(obj));
    }
    if (acct().bytes + add_bytes > q.max_generic_bytes) return too_big();
    GenericCollection& col = acct().collections[collection_];
    for (auto& [id, obj] : made)
        if (col.count(id))
            return error_response(409, 409, "An object " + id.substr(0, 40) + " already exists in " + collection_ + ".");
    json items = json::array();
    for (auto& [id, obj] : made) {
        GenericObject g;
        g.seq = store_.generic.next_seq++;
        g.text = GenericObject::text_of(obj);
        acct().objects += 1;
        acct().bytes += g.text.size();
        items.push_back(shape.form == CreateShape::DataItems ? data_item(obj, nullptr) : obj);
        col[id] = std::move(g);
    }
    if (shape.form == CreateShape::Single) return reply(items.empty() ? json::object() : items[0]);
    json v = page_envelope(op_key_);
    v["items"] = std::move(items);
    return reply(v);
}

Response GenericCall::list() {
    json v = page_envelope(hash64(query_key_, op_key_));
    if (!shape_.creatable) {
        // Nothing can create these: a generated page (the API would have some), and no next page.
        if (v.contains("bookmark")) v["bookmark"] = nullptr;
        return reply(v);
    }
    int page_size = 25;
    if (auto ps = param(c_.query, "page_size"); ps && is_digits(*ps) && ps->size() < 4) page_size = std::stoi(*ps);
    bool ascending = param(c_.query, "order").value_or("") == "ASCENDING";
    std::vector<std::pair<uint64_t, std::string>> order;
    if (auto col = acct().collections.find(collection_); col != acct().collections.end())
        for (const auto& [id, g] : col->second) order.emplace_back(g.seq, id);
    std::sort(order.begin(), order.end());
    if (!ascending) std::reverse(order.begin(), order.end());
    std::string kind_name = "g" + std::to_string(hash64(collection_) & 0xFFFFFF) + (ascending ? "a" : "d");
    size_t start = 0;
    if (auto bm = param(c_.query, "bookmark"); bm && !bm->empty()) {
        uint64_t last = 0;
        if (!decode_bookmark(*bm, kind_name, opts_.seed, last))
            return invalid("The bookmark is not valid for this request.");
        while (start < order.size() && (ascending ? order[start].first <= last : order[start].first >= last)) ++start;
    }
    json items = json::array();
    size_t i = start;
    for (; i < order.size() && static_cast<int>(items.size()) < page_size; ++i) {
        const GenericObject& g = acct().collections[collection_][order[i].second];
        items.push_back(shape_.list_item ? render(*shape_.list_item, order[i].second, g) : g.value());
    }
    v["items"] = std::move(items);
    v["bookmark"] = i < order.size() ? json(encode_bookmark(kind_name, order[i - 1].first, opts_.seed)) : json();
    return reply(v);
}

Response GenericCall::get() {
    GenericObject* g = find(item_id_);
    bool modelled = collection_ == "/ad_accounts" && item_id_ == kAdAccountId &&  // account.cpp lists it
                    find_account(store_.user_id)->business_name;                 // for BUSINESS accounts
    if (!g && !modelled) return not_found_here(item_id_);
    if (!success_) return reply(json());
    if (g) return reply(render(*success_, item_id_, *g));
    json v = generated(*success_, hash64(path_, opts_.seed));
    // As the modelled list (account.cpp) shows it.
    schema_overlay(cat_, *success_, v,
                   json{{"name", kAdAccountName},
                        {"owner", {{"id", store_.user_id}, {"username", store_.username}}},
                        {"currency", "USD"},
                        {"country", "US"}});
    return reply(v);
}

Response GenericCall::update() {
    GenericObject* g = find(item_id_);
    if (!g) return not_found_here(item_id_);
    if (has_body_ && body_.is_object()) {
        json next = g->value();
        for (auto it = body_.begin(); it != body_.end(); ++it)
            if (it.key() != "id" && it.key() != shape_.item_key) next[it.key()] = it.value();
        std::string text = GenericObject::text_of(next);
        if (acct().bytes - g->text.size() + text.size() > opts_.quotas.max_generic_bytes) return too_big();
        acct().bytes = acct().bytes - g->text.size() + text.size();
        g->text = std::move(text);
    }
    if (!success_) return reply(json());
    return reply(render(*success_, item_id_, *g));
}

Response GenericCall::remove() {
    auto col = acct().collections.find(collection_);
    if (col == acct().collections.end() || !col->second.count(item_id_)) return not_found_here(item_id_);
    acct().objects -= 1;
    acct().bytes -= col->second[item_id_].text.size();
    col->second.erase(item_id_);
    if (col->second.empty()) acct().collections.erase(col);
    return reply(success_ ? generated(*success_, op_key_) : json());
}

// All or nothing: the new values are checked against the byte quota before any is kept.
Response GenericCall::bulk_update() {
    CreateShape shape = create_shape(cat_, success_);
    std::vector<std::pair<GenericObject*, json>> changes;  // null object: an id this collection never made
    std::vector<std::string> ids;
    size_t bytes = acct().bytes;
    for (const auto& req : body_) {
        std::string kp = key_prop(req);
        std::string id = req.is_object() ? json_string(req, kp.c_str()) : std::string();
        GenericObject* g = id.empty() ? nullptr : find(id);
        json next;
        if (g) {
            next = g->value();
            for (auto it = req.begin(); it != req.end(); ++it)
                if (it.key() != kp) next[it.key()] = it.value();
            bytes = bytes - g->text.size() + json_dump(next).size();
        }
        changes.emplace_back(g, std::move(next));
        ids.push_back(id);
    }
    if (bytes > opts_.quotas.max_generic_bytes) return too_big();
    json items = json::array();
    for (size_t i = 0; i < changes.size(); ++i) {
        GenericObject* g = changes[i].first;
        if (!g) {
            json e = {{"code", 404}, {"message", "Not found: no object " + ids[i].substr(0, 40) + " in " + collection_ + "."}};
            if (shape.form == CreateShape::DataItems) items.push_back(data_item(nullptr, &e));
            continue;
        }
        std::string text = GenericObject::text_of(changes[i].second);
        acct().bytes = acct().bytes - g->text.size() + text.size();
        g->text = std::move(text);
        json obj = shape.object ? render(*shape.object, ids[i], *g) : std::move(changes[i].second);
        items.push_back(shape.form == CreateShape::DataItems ? data_item(obj, nullptr) : obj);
    }
    if (shape.form == CreateShape::Single) return reply(items.empty() ? generated(*success_, op_key_) : items[0]);
    json v = page_envelope(op_key_);
    v["items"] = std::move(items);
    return reply(v);
}

}  // namespace

// [SECTION] The generic answer -------------------------------------------------------------------

std::string GenericObject::text_of(const json& v) {
    std::string text = json_dump(v);
    text.shrink_to_fit();
    return text;
}

json GenericObject::value() const {
    auto v = json_parse(text);  // written by json_dump (or checked when a snapshot was read): always an object
    return v ? std::move(*v) : json::object();
}

// Not inlined: the Demo worker's build cuts its module here (scripts/split_worker.py).
[[gnu::noinline]] Response Emulator::Impl::generic(Ctx& c) {
    const Catalogue* cat = opts.catalogue.get();
    if (!cat)
        return error_response(501, 501,
                              std::string("The emulator does not model ") + c.op->operation_id +
                                  " and has no catalogue (catalogue.json) to answer it from. Start pinlab-server "
                                  "with --catalogue FILE or a web root holding catalogue.json.");
    const json* op = cat->operation(c.op->operation_id);
    const OpShape* shape = cat->shape(c.op->operation_id);
    if (!op || !shape)
        return error_response(501, 501, std::string("The catalogue does not describe ") + c.op->operation_id + ".");
    GenericCall call(store, opts, *cat, *op, *shape, c);
    if (auto read = call.read_params(); !read) return read.refusal();
    if (auto read = call.read_body(); !read) return read.refusal();
    return call.answer();
}

}  // namespace pinlab::emu
