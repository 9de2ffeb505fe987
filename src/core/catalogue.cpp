// catalogue.cpp — see catalogue.h.
#include "core/catalogue.h"

#include <cctype>
#include <set>

#include "core/json_util.h"
#include "core/schema.h"

namespace pinlab {

std::shared_ptr<const Catalogue> Catalogue::parse(std::string_view text, std::string* error) {
    auto fail = [&](const char* why) {
        if (error) *error = why;
        return std::shared_ptr<const Catalogue>();
    };
    auto root = json_parse(text);
    if (!root || !root->is_object()) return fail("the catalogue is not JSON");
    const json* format = json_field(*root, "format");
    if (!format || !format->is_number_integer() || format->get<int>() != 1) return fail("unknown catalogue format");
    const json* ops = json_field(*root, "operations");
    const json* schemas = json_field(*root, "schemas");
    if (!ops || !ops->is_array() || !schemas || !schemas->is_object()) return fail("the catalogue has no operations");
    auto c = std::make_shared<Catalogue>();
    c->root_ = std::move(*root);
    c->version_ = json_string(c->root_, "version");
    for (const json& op : c->root_["operations"]) {
        if (!op.is_object() || !json_field(op, "id") || !json_field(op, "path") || !json_field(op, "method"))
            return fail("an operation lacks id, method or path");
        if (!op["id"].is_string() || !op["path"].is_string() || !op["method"].is_string())
            return fail("an operation's id, method or path is not a string");
        c->by_id_.emplace(op["id"].get<std::string>(), c->ops_.size());
        c->ops_.push_back(&op);
    }
    c->classify();
    return c;
}

const OpShape* Catalogue::shape(std::string_view id) const {
    auto it = by_id_.find(std::string(id));
    return it == by_id_.end() ? nullptr : &shapes_[it->second];
}

// [SECTION] Classification

namespace {

std::string parent_of(const std::string& path) {
    size_t slash = path.rfind('/');
    return slash == std::string::npos || slash == 0 ? std::string() : path.substr(0, slash);
}

// "/a/{x}": the last segment is one placeholder. Its name, or "".
std::string last_placeholder(const std::string& path) {
    size_t slash = path.rfind('/');
    if (slash == std::string::npos || path.size() <= slash + 2 || path[slash + 1] != '{' || path.back() != '}')
        return {};
    return path.substr(slash + 2, path.size() - slash - 3);
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
    SchemaShape shape;
    schema_flatten(c, *s, shape);
    auto it = shape.defs.find("items");
    if (it == shape.defs.end()) return nullptr;
    const json* items = c.resolve(*it->second.back());
    return items ? json_field(*items, "items") : nullptr;
}

}  // namespace

void Catalogue::classify() {
    // One pass over the operations: who answers "METHOD path", which collections have items below them.
    std::unordered_map<std::string, size_t> by_route;
    std::unordered_map<std::string, std::string> item_key;  // collection pattern -> its item placeholder
    for (size_t i = 0; i < ops_.size(); ++i) {
        const std::string& p = (*ops_[i])["path"].get_ref<const std::string&>();
        by_route.emplace((*ops_[i])["method"].get_ref<const std::string&>() + " " + p, i);
        std::string ph = last_placeholder(p);
        if (!ph.empty()) item_key.emplace(parent_of(p), ph);
    }
    shapes_.assign(ops_.size(), OpShape{});
    for (size_t i = 0; i < ops_.size(); ++i) shapes_[i].list_item = list_item_schema(*this, *ops_[i]);
    auto op_at = [&](const std::string& method, const std::string& path) -> const json* {
        auto it = by_route.find(method + " " + path);
        return it == by_route.end() ? nullptr : ops_[it->second];
    };
    auto creatable = [&](const std::string& collection) {
        const json* post = op_at("POST", collection);
        if (!post || !json_field(*post, "body")) return false;
        if (item_key.count(collection)) return true;
        auto get = by_route.find("GET " + collection);
        return get != by_route.end() && shapes_[get->second].list_item;
    };
    for (size_t i = 0; i < ops_.size(); ++i) {
        const json& op = *ops_[i];
        const std::string& m = op["method"].get_ref<const std::string&>();
        const std::string& p = op["path"].get_ref<const std::string&>();
        OpShape& s = shapes_[i];
        bool item = !last_placeholder(p).empty() && creatable(parent_of(p));
        if (m == "POST" && creatable(p)) {
            s.kind = OpKind::Create;
        } else if (m == "GET" && s.list_item) {
            s.kind = OpKind::List;
        } else if (item && (m == "GET" || m == "PATCH" || m == "DELETE")) {
            s.kind = m == "GET" ? OpKind::Get : m == "PATCH" ? OpKind::Update : OpKind::Delete;
        } else if (m == "PATCH" && creatable(p)) {
            const json* b = json_field(op, "body");
            const json* bs = b ? json_field(*b, "schema") : nullptr;
            const json* rs = bs ? resolve(*bs) : nullptr;
            if (rs && json_string(*rs, "type") == "array") s.kind = OpKind::BulkUpdate;
        }
        bool on_item = s.kind == OpKind::Get || s.kind == OpKind::Update || s.kind == OpKind::Delete;
        s.collection = on_item ? parent_of(p) : p;
        s.creatable = creatable(s.collection);
        if (auto k = item_key.find(s.collection); k != item_key.end()) s.item_key = k->second;
    }
}

const json* Catalogue::operation(std::string_view id) const {
    auto it = by_id_.find(std::string(id));
    return it == by_id_.end() ? nullptr : ops_[it->second];
}

const json* Catalogue::schema(std::string_view name) const {
    const json& all = root_["schemas"];
    auto it = all.find(std::string(name));
    return it == all.end() ? nullptr : &*it;
}

const json* Catalogue::resolve(const json& s) const {
    const json* cur = &s;
    for (int hops = 0; hops < 32; ++hops) {
        const json* ref = json_field(*cur, "$ref");
        if (!ref) return cur;
        if (!ref->is_string()) return nullptr;
        cur = schema(ref->get_ref<const std::string&>());
        if (!cur) return nullptr;
    }
    return nullptr;
}

const json* Catalogue::success_schema(const json& op, int* status) const {
    const json* responses = json_field(op, "responses");
    if (!responses || !responses->is_array()) return nullptr;
    for (const json& r : *responses) {
        std::string code = json_string(r, "code");
        if (code.size() == 3 && code[0] == '2' && isdigit((unsigned char)code[1]) && isdigit((unsigned char)code[2])) {
            if (status) *status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
            return json_field(r, "schema");
        }
    }
    return nullptr;
}

}  // namespace pinlab
