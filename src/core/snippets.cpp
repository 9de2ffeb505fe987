// snippets.cpp — see snippets.h.
#include "core/snippets.h"

#include "core/json.h"

namespace pinlab {

namespace {

// A JSON string literal (valid JavaScript and Python too).
std::string js_string(const std::string& s) { return json_dump(json(s)); }

}  // namespace

std::string request_snippet(const LogEntry& e_in, SnippetKind kind, const std::string& access_token) {
    LogEntry e = e_in;
    for (auto& [k, v] : e.request_headers.items)
        if (!access_token.empty() && (k == "Authorization" || k == "authorization")) v = "Bearer " + access_token;
    if (kind == SnippetKind::Curl) return to_curl(e);
    std::string s;
    if (kind == SnippetKind::Fetch) {
        s = "const response = await fetch(" + js_string(e.url) + ", {\n  method: " + js_string(e.method) + ",\n  headers: {\n";
        for (const auto& [k, v] : e.request_headers.items) s += "    " + js_string(k) + ": " + js_string(v) + ",\n";
        s += "  },\n";
        if (!e.request_body.empty()) s += "  body: " + js_string(e.request_body) + ",\n";
        s += "});\nconsole.log(response.status, await response.json());\n";
        return s;
    }
    s = "import requests\n\nresponse = requests.request(\n    " + js_string(e.method) + ",\n    " + js_string(e.url) +
        ",\n    headers={\n";
    for (const auto& [k, v] : e.request_headers.items) s += "        " + js_string(k) + ": " + js_string(v) + ",\n";
    s += "    },\n";
    if (!e.request_body.empty()) s += "    data=" + js_string(e.request_body) + ",\n";
    s += ")\nprint(response.status_code, response.json())\n";
    return s;
}

}  // namespace pinlab
