// catalogue.cpp — see catalogue.h.
#include "core/catalogue.h"

#include <cctype>

#include "core/json_util.h"

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
    return c;
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
