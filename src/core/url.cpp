// url.cpp — percent-encoding, query strings, form bodies and URL parsing.
#include "core/url.h"

#include <cctype>

#include "core/text.h"

namespace pinlab {

namespace {
bool unreserved(unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }
int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
std::string encode(std::string_view s, bool form) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size() * 3 / 2);
    for (unsigned char c : s) {
        if (unreserved(c)) out += char(c);
        else if (form && c == ' ') out += '+';
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}
// Decodes, keeping malformed escapes literally (tolerant mode for queries).
std::string decode_lenient(std::string_view s, bool plus_is_space) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '%' && i + 2 < s.size() && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out += char(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else if (plus_is_space && c == '+') {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}
Params split_pairs(std::string_view q, bool plus_is_space) {
    Params out;
    size_t pos = 0;
    while (pos <= q.size()) {
        size_t amp = q.find('&', pos);
        if (amp == std::string_view::npos) amp = q.size();
        std::string_view part = q.substr(pos, amp - pos);
        if (!part.empty()) {
            size_t eq = part.find('=');
            std::string_view k = part.substr(0, eq);
            std::string_view v = eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1);
            out.emplace_back(decode_lenient(k, plus_is_space), decode_lenient(v, plus_is_space));
        }
        pos = amp + 1;
    }
    return out;
}
std::string join_pairs(const Params& params, bool form) {
    std::string out;
    for (const auto& [k, v] : params) {
        if (!out.empty()) out += '&';
        out += encode(k, form);
        out += '=';
        out += encode(v, form);
    }
    return out;
}
}  // namespace

std::string percent_encode(std::string_view s) { return encode(s, false); }

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && (i + 2 >= s.size() || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0)) return std::nullopt;
    }
    return decode_lenient(s, plus_is_space);
}

std::string build_query(const Params& params) { return join_pairs(params, false); }
Params parse_query(std::string_view query) { return split_pairs(query, true); }
std::string form_encode(const Params& params) { return join_pairs(params, true); }
Params form_decode(std::string_view body) { return split_pairs(body, true); }

std::optional<std::string> param(const Params& params, std::string_view key) {
    for (const auto& [k, v] : params)
        if (k == key) return v;
    return std::nullopt;
}

std::string Url::origin() const {
    if (scheme.empty()) return {};
    std::string o = scheme + "://" + host;
    if (port) o += ":" + std::to_string(port);
    return o;
}

std::optional<Url> parse_url(std::string_view text) {
    Url u;
    std::string_view rest = text;
    if (rest.empty()) return std::nullopt;
    for (char c : rest)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return std::nullopt;  // no spaces or controls
    if (size_t hash = rest.find('#'); hash != std::string_view::npos) {
        u.fragment = std::string(rest.substr(hash + 1));
        rest = rest.substr(0, hash);
    }
    if (rest[0] != '/') {
        size_t colon = rest.find("://");
        if (colon == std::string_view::npos || colon == 0) return std::nullopt;
        for (size_t i = 0; i < colon; ++i) {
            unsigned char c = rest[i];
            if (!(std::isalnum(c) || c == '+' || c == '-' || c == '.')) return std::nullopt;
            u.scheme += char(std::tolower(c));
        }
        rest = rest.substr(colon + 3);
        size_t end = rest.find_first_of("/?");
        std::string_view authority = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
        if (authority.find('@') != std::string_view::npos) return std::nullopt;  // no userinfo
        size_t pc = authority.rfind(':');
        if (pc != std::string_view::npos && authority.find(']') == std::string_view::npos) {
            std::string_view ps = authority.substr(pc + 1);
            if (ps.empty() || ps.size() > 5) return std::nullopt;
            int port = 0;
            for (char c : ps) {
                if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
                port = port * 10 + (c - '0');
            }
            if (port <= 0 || port > 65535) return std::nullopt;
            u.port = port;
            authority = authority.substr(0, pc);
        }
        if (authority.empty()) return std::nullopt;
        u.host = ascii_lower(authority);
    } else if (rest.size() > 1 && rest[1] == '/') {
        return std::nullopt;  // scheme-relative URLs are ambiguous here
    }
    size_t q = rest.find('?');
    u.path = std::string(rest.substr(0, q));
    if (q != std::string_view::npos) u.query = std::string(rest.substr(q + 1));
    if (u.path.empty()) u.path = "/";
    return u;
}

Request form_post(std::string url, const Params& fields) {
    Request r;
    r.method = "POST";
    r.url = std::move(url);
    r.headers.set("Content-Type", "application/x-www-form-urlencoded");
    r.headers.set("Accept", "application/json");
    r.body = form_encode(fields);
    return r;
}

std::string with_query(std::string url, const Params& params) {
    if (params.empty()) return url;
    url += url.find('?') == std::string::npos ? '?' : '&';
    url += build_query(params);
    return url;
}

std::string page_base_url(const std::string& href) {
    size_t cut = href.find_first_of("?#");
    return cut == std::string::npos ? href : href.substr(0, cut);
}

std::string resolve_url(const std::string& href, const std::string& rel) {
    if (rel.rfind("http://", 0) == 0 || rel.rfind("https://", 0) == 0) return rel;
    auto u = parse_url(href);
    if (!u || u->scheme.empty()) return rel;
    std::string origin = u->origin();
    if (!rel.empty() && rel[0] == '/') return origin + rel;
    std::string dir = u->path.substr(0, u->path.rfind('/') + 1);
    if (dir.empty()) dir = "/";
    return origin + dir + rel;
}

}  // namespace pinlab
