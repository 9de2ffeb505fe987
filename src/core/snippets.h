// snippets.h — a logged request (core/request_log.h, so already redacted) as code to paste elsewhere: curl,
// JavaScript fetch and Python requests, addressed to the real API (https://api.pinterest.com/v5) whatever
// backend answered it (Demo, the local emulator, a proxy). Used by the Explorer; the console's copy as curl
// is to_curl() on the same entry, and public_api_url() is the one place that maps a backend's URL.
#pragma once

#include <string>
#include <string_view>

#include "core/request_log.h"

namespace pinlab {

// "/v5/pins?x=1", "http://127.0.0.1:8080/v5/pins" -> "https://api.pinterest.com/v5/pins?x=1". A URL with no
// /v5/ segment is returned as it is.
std::string public_api_url(std::string_view url);

enum class SnippetKind { Curl, Fetch, Python };

// The entry as code, with its URL made public. `access_token` replaces the redacted Authorization value
// when given (the user asked for secrets); otherwise it stays "Bearer <redacted>" … as logged.
std::string request_snippet(const LogEntry& e, SnippetKind kind, const std::string& access_token = "");

}  // namespace pinlab
