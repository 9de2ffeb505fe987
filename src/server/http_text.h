// http_text.h — pinlab-server's HTTP vocabulary, said once: the reason phrase of each status, the
// JSON error body Pinterest answers with ({"code":N,"message":"..."}), and the refusal the front
// writes itself when it closes a connection. The front (http_front.cpp), the server (server.cpp)
// and the broker use these, so a status is spelled one way everywhere. Case-insensitive compares
// are core/text.h's iequals.
#pragma once

#include <string>

namespace pinlab::server {

// RFC 9110's reason phrase ("Too Many Requests"); "Error" for a status the table does not name.
const char* status_reason(int status);

// Pinterest's error body: {"code":code,"message":message}, escaped by the JSON library (control
// characters are kept as \uXXXX, never dropped).
std::string json_error_body(int code, const std::string& message);

// A complete answer the front writes itself before closing: status line, JSON (API paths) or text
// body, no-store, nosniff, Connection: close, and Retry-After: 1 on 429/503.
std::string refusal_answer(int status, const std::string& message, bool api);

}  // namespace pinlab::server
