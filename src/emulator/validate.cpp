// validate.cpp — input checks shared by the handlers: JSON bodies, typed fields with the spec's length limits,
// page_size, bookmarks, and the JSON/error response helpers. (Text and date helpers: core/text.h, core/dates.h.)
#include "core/crypto.h"
#include "core/json_writer.h"
#include "emulator/impl.h"

namespace pinlab::emu {

// [SECTION] Responses

Response json_response(int status, const json& body) {
    Response r;
    r.status = status;
    r.headers.set("Content-Type", "application/json");
    r.body = json_dump(body);
    return r;
}

Response json_text_response(int status, std::string body) {
    Response r;
    r.status = status;
    r.headers.set("Content-Type", "application/json");
    r.body = std::move(body);
    return r;
}

// {"code":..,"message":..}: written as text (core/json_writer.h), as json_dump of that object would write it.
Response error_response(int status, int code, const std::string& message) {
    std::string body = "{\"code\":";
    json_put_int(body, code);
    body += ",\"message\":";
    json_put_string(body, message);
    body += '}';
    return json_text_response(status, std::move(body));
}

Response scope_error() {
    return error_response(401, 3,
                          "Your token does not have sufficient permissions to perform this operation. Please ensure "
                          "your token is authorized with the correct set of scopes.");
}

Response rate_limited() {
    return error_response(429, 8,
                          "This request exceeded a rate limit. This can happen if the client exceeds one of the "
                          "published rate limits or if multiple write operations are applied to an object within a "
                          "short time window.");
}

Response board_not_found() { return error_response(404, 40, "Board not found."); }
Response section_not_found() { return error_response(404, 2031, "Sorry! We couldn't find this board section."); }

Response no_content() {
    Response r;
    r.status = 204;
    return r;
}

Response auth_failed() {
    // Pinterest adds "status":"failure" on authentication failures.
    return json_text_response(401, "{\"code\":2,\"message\":\"Authentication failed.\",\"status\":\"failure\"}");
}

// [SECTION] Bodies and fields

namespace {
constexpr size_t kMaxBody = 16 * 1024 * 1024;  // image_base64 pins can be large; anything bigger is refused
// The body a host parsed for the request being handled on this thread (see ParsedBodyScope).
thread_local const Request* t_parsed_for = nullptr;
thread_local json* t_parsed = nullptr;
}  // namespace

ParsedBodyScope::ParsedBodyScope(const Request& req, json* body) {
    t_parsed_for = body ? &req : nullptr;
    t_parsed = body;
}

ParsedBodyScope::~ParsedBodyScope() {
    t_parsed_for = nullptr;
    t_parsed = nullptr;
}

Outcome<json> parse_json_body(const Request& req) {
    if (req.body.size() > kMaxBody) return error_response(413, 413, "Request body too large.");
    std::string_view ct = req.headers.get("Content-Type");
    if (!ct.empty()) {
        if (!starts_with(ascii_lower(ct), "application/json"))
            return error_response(415, 415, "Unsupported Content-Type: expected application/json.");
    }
    std::optional<json> parsed;
    if (t_parsed_for == &req && t_parsed) {
        parsed = std::move(*t_parsed);  // parsed by the host, outside its lock
        t_parsed = nullptr;
    } else {
        parsed = json_parse(req.body);
    }
    if (!parsed || parsed->is_discarded())  // (discarded: the host found it is not JSON)
        return error_response(400, 1, "Invalid parameters. The request body is not valid JSON.");
    if (!parsed->is_object()) return error_response(400, 1, "Invalid parameters. The request body must be a JSON object.");
    return std::move(*parsed);
}

Outcome<TextField> get_string(const json& obj, const char* name, bool nullable, size_t max_len, size_t min_len,
                              std::string_view where) {
    TextField out;
    auto it = obj.find(name);
    if (it == obj.end()) return out;
    out.present = true;
    auto refuse = [&](const std::string& what) {
        return error_response(400, 1, "Invalid parameters. " + std::string(where) + "'" + name + "' " + what);
    };
    if (it->is_null()) {
        if (nullable) return out;
        return refuse("must not be null.");
    }
    if (!it->is_string()) return refuse("must be a string.");
    const std::string& v = it->get_ref<const std::string&>();
    size_t len = utf8_length(v);
    if (max_len && len > max_len) return refuse("is longer than " + std::to_string(max_len) + " characters.");
    if (len < min_len) return refuse("is shorter than " + std::to_string(min_len) + " characters.");
    out.value = v;
    return out;
}

Outcome<int> parse_page_size(const Params& q) {
    auto v = param(q, "page_size");
    if (!v) return 25;
    if (!is_digits(*v) || v->size() > 4) return error_response(400, 1, "Invalid parameters. page_size must be an integer.");
    const int n = static_cast<int>(digits_value(*v));  // at most 4 digits
    if (n < 1 || n > 250)
        return error_response(400, 1, "Invalid parameters. page_size must be between 1 and 250, got " + *v + ".");
    return n;
}

// [SECTION] Bookmarks: base64url("<kind>:<seq>:<check>") — the check binds it to the kind and the seed so
// that a bookmark from another listing or a tampered one is refused with 400.

std::string encode_bookmark(std::string_view kind, uint64_t last_seq, uint64_t seed) {
    std::string body = std::string(kind) + ":" + std::to_string(last_seq);
    uint64_t check = hash64(body, seed) & 0xFFFFFFull;
    return base64url_encode(body + ":" + std::to_string(check));
}

bool decode_bookmark(std::string_view text, std::string_view kind, uint64_t seed, uint64_t& last_seq) {
    if (text.size() > 200) return false;
    auto raw = base64url_decode(text);
    if (!raw) return false;
    auto parts = split(*raw, ':');
    if (parts.size() != 3 || parts[0] != kind || !is_digits(parts[1]) || !is_digits(parts[2])) return false;
    if (parts[1].size() > 19 || parts[2].size() > 10) return false;
    std::string body = parts[0] + ":" + parts[1];
    if (std::to_string(hash64(body, seed) & 0xFFFFFFull) != parts[2]) return false;
    last_seq = digits_value(parts[1]);  // at most 19 digits
    return true;
}

}  // namespace pinlab::emu
