// static_files.cpp — path safety, MIME types and caching for the files in the web root
// (see static_files.h).
#include "server/static_files.h"

#include <sys/stat.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/text.h"

namespace pinlab::server {

namespace {

std::optional<std::string> real_path(const std::string& p) {
    char* r = ::realpath(p.c_str(), nullptr);
    if (!r) return std::nullopt;
    std::string out(r);
    std::free(r);
    return out;
}

}  // namespace

std::string mime_type_for(std::string_view path) {
    size_t slash = path.find_last_of('/');
    std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    size_t dot = name.find_last_of('.');
    if (dot == std::string_view::npos) return "application/octet-stream";
    std::string ext = ascii_lower(name.substr(dot + 1));
    struct Entry {
        const char* ext;
        const char* mime;
    };
    static const Entry kTable[] = {
        {"html", "text/html; charset=utf-8"},
        {"htm", "text/html; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"wasm", "application/wasm"},
        {"json", "application/json"},
        {"map", "application/json"},
        {"webmanifest", "application/manifest+json"},
        {"css", "text/css; charset=utf-8"},
        {"txt", "text/plain; charset=utf-8"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"webp", "image/webp"},
        {"svg", "image/svg+xml"},
        {"ico", "image/x-icon"},
        {"woff2", "font/woff2"},
        {"woff", "font/woff"},
        {"ttf", "font/ttf"},
        {"otf", "font/otf"},
    };
    for (const Entry& e : kTable)
        if (ext == e.ext) return e.mime;
    return "application/octet-stream";
}

std::string cache_control_for(std::string_view mime) {
    auto starts = [&](std::string_view p) { return starts_with(mime, p); };
    if (starts("text/html") || starts("application/json") || starts("application/manifest+json")) return "no-cache";
    if (starts("text/javascript") || starts("application/wasm") || starts("text/css"))
        return "public, max-age=60, must-revalidate";
    if (starts("image/") || starts("font/")) return "public, max-age=86400";
    return "no-cache";
}

std::optional<std::string> real_directory(const std::string& dir) {
    if (dir.empty()) return std::nullopt;
    auto r = real_path(dir);
    if (!r) return std::nullopt;
    struct stat st {};
    if (::stat(r->c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return std::nullopt;
    return r;
}

StaticLookup resolve_static(const std::string& root_real, std::string_view url_path) {
    StaticLookup out;
    if (root_real.empty() || url_path.empty() || url_path.front() != '/') {
        out.status = url_path.empty() || url_path.front() != '/' ? 400 : 404;
        return out;
    }
    // [SECTION] Lexical checks: every segment is a plain name.
    std::vector<std::string_view> segments;
    for (std::string_view seg : split_views(url_path, '/')) {
        if (seg.empty() || seg == ".") continue;
        if (seg == ".." || seg.find('\0') != std::string_view::npos || seg.find('\\') != std::string_view::npos) {
            out.status = 400;
            return out;
        }
        if (seg.front() == '.') return out;  // hidden files (.git, .env, ...) are never served
        segments.push_back(seg);
    }
    std::string candidate = root_real;
    for (std::string_view seg : segments) {
        candidate += '/';
        candidate += seg;
    }
    if (candidate.size() > PATH_MAX) return out;

    // [SECTION] Filesystem checks: the real path must stay inside the root.
    auto real = real_path(candidate);
    if (!real) return out;
    struct stat st {};
    if (::stat(real->c_str(), &st) != 0) return out;
    if (S_ISDIR(st.st_mode)) {
        real = real_path(*real + "/index.html");
        if (!real || ::stat(real->c_str(), &st) != 0) return out;
    }
    const std::string prefix = root_real == "/" ? "/" : root_real + "/";
    if (real->compare(0, prefix.size(), prefix) != 0) return out;  // a symlink leading outside
    if (!S_ISREG(st.st_mode)) return out;
    out.status = 200;
    out.file = *real;
    out.mime = mime_type_for(*real);
    out.size = static_cast<uint64_t>(st.st_size);
    out.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
    return out;
}

std::string make_etag(const StaticLookup& f) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "W/\"%llx-%llx\"", static_cast<unsigned long long>(f.size),
                  static_cast<unsigned long long>(f.mtime_ns));
    return buf;
}

bool etag_matches(std::string_view header, std::string_view etag) {
    // Weak comparison (RFC 9110 §13.1.2): ignore a W/ prefix on either side.
    auto strip = [](std::string_view t) {
        while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
        while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
        if (t.substr(0, 2) == "W/") t.remove_prefix(2);
        return t;
    };
    std::string_view want = strip(etag);
    if (want.empty()) return false;
    size_t i = 0;
    while (i <= header.size()) {
        size_t j = header.find(',', i);
        if (j == std::string_view::npos) j = header.size();
        std::string_view tok = strip(header.substr(i, j - i));
        if (tok == "*" || tok == want) return true;
        i = j + 1;
    }
    return false;
}

}  // namespace pinlab::server
