// snippets.h — a logged request (core/request_log.h, so already redacted) as code to paste elsewhere: curl
// (to_curl), JavaScript fetch and Python requests. Used by the Explorer, which addresses its requests to the
// real API (kPinterestApiOrigin) whatever backend answers them.
#pragma once

#include <string>
#include <string_view>

#include "core/request_log.h"

namespace pinlab {

enum class SnippetKind { Curl, Fetch, Python };

// The entry as code. `access_token` replaces the redacted Authorization value
// when given (the user asked for secrets); otherwise it stays "Bearer <redacted>" … as logged.
std::string request_snippet(const LogEntry& e, SnippetKind kind, const std::string& access_token = "");

}  // namespace pinlab
