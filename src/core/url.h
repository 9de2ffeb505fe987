// url.h — URLs, query strings and form bodies: percent-encoding (RFC 3986), parsing of
// absolute and origin-relative URLs, and application/x-www-form-urlencoded.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/http.h"

namespace pinlab {

using Params = std::vector<std::pair<std::string, std::string>>;

std::string percent_encode(std::string_view s);   // everything but unreserved [A-Za-z0-9-._~]
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space = false);

std::string build_query(const Params& params);    // "a=1&b=x%20y" (no leading '?')
Params parse_query(std::string_view query);        // tolerant: bad escapes are kept literally
std::string form_encode(const Params& params);     // form body: space as '+'
Params form_decode(std::string_view body);

// First value of `key` or nullopt.
std::optional<std::string> param(const Params& params, std::string_view key);

struct Url {
    std::string scheme;    // "https" ("" for origin-relative)
    std::string host;      // "api.pinterest.com"
    int port = 0;          // 0 = default for scheme
    std::string path;      // "/v5/pins" (always starts with '/'; raw, still percent-encoded)
    std::string query;     // without '?'
    std::string fragment;  // without '#'
    std::string origin() const;  // "https://host[:port]" or "" if relative
};

std::optional<Url> parse_url(std::string_view text);
// Appends `params` to `url` with '?' or '&'.
std::string with_query(std::string url, const Params& params);

// A page's address without its query and fragment: origin + path (the default OAuth redirect URI).
std::string page_base_url(const std::string& href);
// `rel` resolved against the page at `href` ("v5" -> "http://host/app/v5", "/v5" -> "http://host/v5"); an
// absolute http(s) URL is returned as it is.
std::string resolve_url(const std::string& href, const std::string& rel);
// A POST of `fields` as application/x-www-form-urlencoded (OAuth token, revoke and consent forms).
Request form_post(std::string url, const Params& fields);

}  // namespace pinlab
