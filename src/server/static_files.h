// static_files.h — the static part of pinlab-server: which file a URL path names inside the
// web root (refusing traversal, hidden files and symlinks that lead outside), its MIME type and
// its caching policy. No HTTP library types here, so the rules are unit-tested directly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pinlab::server {

// MIME type by file extension (case-insensitive); "application/octet-stream" when unknown.
std::string mime_type_for(std::string_view path);

// Cache-Control for a MIME type. HTML and JSON: "no-cache" (always revalidate: the page and its
// config change with every build). JS/WASM/CSS: a short max-age — the file names are not
// content-hashed, so a long one could pair a new pinlab.js with an old pinlab.wasm. Images and
// fonts: a day.
std::string cache_control_for(std::string_view mime);

// The canonical real path of an existing directory, or nullopt.
std::optional<std::string> real_directory(const std::string& dir);

struct StaticLookup {
    int status = 404;       // 200 (file found), 400 (malformed path), 404 (not there / not allowed)
    std::string file;       // real path of the file when status == 200
    std::string mime;       // when status == 200
    uint64_t size = 0;
    int64_t mtime_ns = 0;
};

// Maps a percent-decoded URL path ("/", "/pinlab.wasm", "/img/") to a file under `root_real`
// (a path returned by real_directory). Directories map to their index.html. Refused:
//   - "..", NUL bytes, backslashes (400);
//   - path segments starting with '.' (hidden files, 404);
//   - anything whose real path (symlinks resolved) is outside the root, or is not a regular file (404).
StaticLookup resolve_static(const std::string& root_real, std::string_view url_path);

// A validator for If-None-Match: W/"<size>-<mtime ns in hex>".
std::string make_etag(const StaticLookup& f);

// True when an If-None-Match header value lists `etag` (or is "*").
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace pinlab::server
