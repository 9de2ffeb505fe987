// json_util.cpp — checked JSON getters with field paths in error messages (see json_util.h).
#include "core/json_util.h"

#include <cmath>
#include <limits>

namespace pinlab {

std::string JPath::str() const {
    std::vector<const JPath*> chain;
    for (const JPath* p = this; p; p = p->parent) chain.push_back(p);
    std::string s;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const JPath* p = *it;
        if (p->index >= 0) {
            s += "[" + std::to_string(p->index) + "]";
        } else if (!p->key.empty() || p->parent) {
            if (!s.empty()) s += '.';
            s.append(p->key.data(), p->key.size());
        }
    }
    return s.empty() ? "(root)" : s;
}

bool Dec::fail(const JPath& p, std::string_view msg) {
    if (error.empty()) {
        error = p.str();
        error += ": ";
        error.append(msg.data(), msg.size());
    }
    return false;
}

const char* json_type_name(const json& j) {
    switch (j.type()) {
        case json::value_t::null: return "null";
        case json::value_t::object: return "object";
        case json::value_t::array: return "array";
        case json::value_t::string: return "string";
        case json::value_t::boolean: return "boolean";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned: return "integer";
        case json::value_t::number_float: return "number";
        case json::value_t::binary: return "binary";
        case json::value_t::discarded: return "discarded";
    }
    return "unknown";
}

const json* json_field(const json& obj, std::string_view key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

bool json_flag(const json& obj, std::string_view key) {
    const json* v = json_field(obj, key);
    return v && v->is_boolean() && v->get<bool>();
}

std::string json_string(const json& obj, std::string_view key, const std::string& def) {
    const json* v = json_field(obj, key);
    return v && v->is_string() ? v->get<std::string>() : def;
}


// [SECTION] Decoding over JVal (core/json_reader.h)

const char* json_type_name(const JVal& j) {
    switch (j.type()) {
        case JVal::Type::Null: return "null";
        case JVal::Type::Object: return "object";
        case JVal::Type::Array: return "array";
        case JVal::Type::String: return "string";
        case JVal::Type::Boolean: return "boolean";
        case JVal::Type::Integer:
        case JVal::Type::Unsigned: return "integer";
        case JVal::Type::Float: return "number";
    }
    return "unknown";
}

static bool type_error(const JVal& v, const JPath& p, Dec& d, const char* expected) {
    std::string msg = "expected ";
    msg += expected;
    msg += ", got ";
    msg += json_type_name(v);
    return d.fail(p, msg);
}

bool expect_object(const JVal& j, const JPath& p, Dec& d) {
    if (!d.ok()) return false;
    return j.is_object() ? true : type_error(j, p, d, "object");
}

bool expect_array(const JVal& j, const JPath& p, Dec& d) {
    if (!d.ok()) return false;
    return j.is_array() ? true : type_error(j, p, d, "array");
}

bool read(const JVal& v, const JPath& p, Dec& d, std::string& out) {
    if (!v.is_string()) return type_error(v, p, d, "string");
    std::string_view s = v.get_string();
    out.assign(s.data(), s.size());
    return true;
}

bool read(const JVal& v, const JPath& p, Dec& d, int64_t& out) {
    switch (v.type()) {
        case JVal::Type::Integer: out = v.get_int64(); return true;
        case JVal::Type::Unsigned: return d.fail(p, "integer out of range");  // > INT64_MAX
        case JVal::Type::Float: {
            // 12.0 is an integer written as a float; 12.5 or 1e300 are not.
            double f = v.get_double();
            if (std::isfinite(f) && std::floor(f) == f && std::fabs(f) < 9.0e15) {
                out = static_cast<int64_t>(f);
                return true;
            }
            return type_error(v, p, d, "integer");
        }
        default: return type_error(v, p, d, "integer");
    }
}

bool read(const JVal& v, const JPath& p, Dec& d, int& out) {
    int64_t wide = 0;
    if (!read(v, p, d, wide)) return false;
    if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max())
        return d.fail(p, "integer out of range");
    out = static_cast<int>(wide);
    return true;
}

bool read(const JVal& v, const JPath& p, Dec& d, double& out) {
    switch (v.type()) {
        case JVal::Type::Float: out = v.get_double(); return true;
        case JVal::Type::Integer: out = static_cast<double>(v.get_int64()); return true;
        case JVal::Type::Unsigned: out = static_cast<double>(v.get_uint64()); return true;
        default: return type_error(v, p, d, "number");
    }
}

bool read(const JVal& v, const JPath& p, Dec& d, bool& out) {
    if (!v.is_boolean()) return type_error(v, p, d, "boolean");
    out = v.get_bool();
    return true;
}

bool read(const JVal& v, const JPath&, Dec&, json& out) {
    out = v.to_nlohmann();
    return true;
}

}  // namespace pinlab
