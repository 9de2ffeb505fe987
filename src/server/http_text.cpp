// http_text.cpp — status reasons, Pinterest's JSON error body and the front's refusals (see http_text.h).
#include "server/http_text.h"

#include "core/json.h"

namespace pinlab::server {

namespace {

struct Reason {
    int status;
    const char* text;
};

// Every status pinlab-server writes itself, in RFC 9110's words.
constexpr Reason kReasons[] = {
    {200, "OK"},
    {204, "No Content"},
    {206, "Partial Content"},
    {302, "Found"},
    {304, "Not Modified"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {408, "Request Timeout"},
    {413, "Content Too Large"},
    {414, "URI Too Long"},
    {415, "Unsupported Media Type"},
    {416, "Range Not Satisfiable"},
    {417, "Expectation Failed"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
};

}  // namespace

const char* status_reason(int status) {
    for (const Reason& r : kReasons)
        if (r.status == status) return r.text;
    return "Error";
}

std::string json_error_body(int code, const std::string& message) {
    return json_dump(json{{"code", code}, {"message", message}});
}

std::string refusal_answer(int status, const std::string& message, bool api) {
    std::string body = api ? json_error_body(status, message) : message + "\n";
    std::string r = "HTTP/1.1 " + std::to_string(status) + " " + status_reason(status) + "\r\n";
    r += api ? "Content-Type: application/json\r\n" : "Content-Type: text/plain; charset=utf-8\r\n";
    r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    if (status == 429 || status == 503) r += "Retry-After: 1\r\n";
    r += "Connection: close\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n\r\n";
    return r + body;
}

}  // namespace pinlab::server
