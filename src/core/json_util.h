// json_util.h — checked getters for JSON without ever calling a throwing accessor (JSON_NOEXCEPTION turns a
// throw into an abort): lookups on nlohmann json (settings, config, the catalogue), and the readers that
// decode untrusted responses into typed models, over JVal (core/json_reader.h, what decode_json parses into).
//
// Every read takes a JPath (a stack-allocated linked list of keys/indices, only turned into a
// string when an error happens, so the happy path costs nothing) and a Dec that keeps the first
// error, e.g. "items[3].media.images.400x300.width: expected integer, got string".
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/json_reader.h"

namespace pinlab {

// Where we are in the document. Segments live on the caller's stack.
struct JPath {
    const JPath* parent = nullptr;
    std::string_view key;  // object member name, or empty
    long index = -1;       // array index, or -1

    JPath() = default;
    JPath(const JPath& p, std::string_view k) : parent(&p), key(k) {}
    JPath(const JPath& p, long i) : parent(&p), index(i) {}
    std::string str() const;  // "items[3].media.images.400x300.width"; "(root)" for the root
};

// Decoding state: the first error wins; later reads are skipped once failed.
struct Dec {
    std::string error;
    bool ok() const { return error.empty(); }
    // Records "<path>: <msg>" if no error yet; always returns false so callers can `return d.fail(...)`.
    bool fail(const JPath& p, std::string_view msg);
};

// "integer", "number", "string", "boolean", "null", "object", "array".
const char* json_type_name(const json& j);

// Member lookup that never throws: nullptr if `obj` isn't an object or has no `key`.
const json* json_field(const json& obj, std::string_view key);
// The string at `key`, or `def` when it is absent or not a string (settings and config files).
std::string json_string(const json& obj, std::string_view key, const std::string& def = "");
// True only when `key` holds the boolean true (schema keywords such as "nullable", "readOnly").
bool json_flag(const json& obj, std::string_view key);

// [SECTION] Decoding a response (decode_json's reader, core/json_reader.h): `v` must already be non-null.
const char* json_type_name(const JVal& j);
inline const JVal* json_field(const JVal& obj, std::string_view key) { return obj.find(key); }
bool expect_object(const JVal& j, const JPath& p, Dec& d);
bool expect_array(const JVal& j, const JPath& p, Dec& d);
bool read(const JVal& v, const JPath& p, Dec& d, std::string& out);
bool read(const JVal& v, const JPath& p, Dec& d, int64_t& out);
bool read(const JVal& v, const JPath& p, Dec& d, int& out);
bool read(const JVal& v, const JPath& p, Dec& d, double& out);
bool read(const JVal& v, const JPath& p, Dec& d, bool& out);
bool read(const JVal& v, const JPath& p, Dec& d, json& out);  // any value, converted to nlohmann json

// [SECTION] Containers (templates call `read` for models via ADL).
template <class T>
bool read(const JVal& v, const JPath& p, Dec& d, std::vector<T>& out) {
    if (!expect_array(v, p, d)) return false;
    out.clear();
    out.reserve(v.size());
    long i = 0;
    for (const auto& e : v) {
        JPath ep(p, i++);
        out.emplace_back();
        if (e.is_null()) return d.fail(ep, "expected a value, got null");
        if (!read(e, ep, d, out.back())) return false;
    }
    return true;
}

template <class T>
bool read(const JVal& v, const JPath& p, Dec& d, std::map<std::string, T>& out) {
    if (!expect_object(v, p, d)) return false;
    out.clear();
    for (auto it = v.begin(); it != v.end(); ++it) {
        JPath ep(p, std::string_view(it.key()));
        if (it.value().is_null()) continue;  // {"METRIC": null} carries nothing
        T value{};
        if (!read(it.value(), ep, d, value)) return false;
        out.emplace(it.key(), std::move(value));
    }
    return true;
}

// [SECTION] Fields of an object.
// Required: absent or null is an error naming the field.
template <class T>
bool req(const JVal& obj, std::string_view key, const JPath& p, Dec& d, T& out) {
    if (!d.ok()) return false;
    const JVal* v = json_field(obj, key);
    JPath fp(p, key);
    if (!v) return d.fail(fp, "missing required field");
    if (v->is_null()) return d.fail(fp, "required field is null");
    return read(*v, fp, d, out);
}

// Optional/nullable: absent or null -> nullopt; wrong type -> error.
template <class T>
bool opt(const JVal& obj, std::string_view key, const JPath& p, Dec& d, std::optional<T>& out) {
    if (!d.ok()) return false;
    out.reset();
    const JVal* v = json_field(obj, key);
    if (!v || v->is_null()) return true;
    T value{};
    JPath fp(p, key);
    if (!read(*v, fp, d, value)) return false;
    out = std::move(value);
    return true;
}

// Optional with a default: absent or null leaves `out` unchanged; wrong type -> error.
template <class T>
bool opt(const JVal& obj, std::string_view key, const JPath& p, Dec& d, T& out) {
    if (!d.ok()) return false;
    const JVal* v = json_field(obj, key);
    if (!v || v->is_null()) return true;
    JPath fp(p, key);
    return read(*v, fp, d, out);
}

}  // namespace pinlab
