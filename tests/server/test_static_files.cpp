// test_static_files.cpp — the web root rules: MIME types, caching, and path safety against
// traversal, hidden files and symlinks that lead outside the root.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "server/static_files.h"
#include "server_test_util.h"

using namespace pinlab::server;

TEST(StaticFiles, MimeTypes) {
    EXPECT_EQ(mime_type_for("/pinlab.wasm"), "application/wasm");
    EXPECT_EQ(mime_type_for("/pinlab.js"), "text/javascript; charset=utf-8");
    EXPECT_EQ(mime_type_for("/index.html"), "text/html; charset=utf-8");
    EXPECT_EQ(mime_type_for("/config.json"), "application/json");
    EXPECT_EQ(mime_type_for("/a/b/logo.PNG"), "image/png");
    EXPECT_EQ(mime_type_for("/icon.svg"), "image/svg+xml");
    EXPECT_EQ(mime_type_for("/style.css"), "text/css; charset=utf-8");
    EXPECT_EQ(mime_type_for("/favicon.ico"), "image/x-icon");
    EXPECT_EQ(mime_type_for("/Inter.woff2"), "font/woff2");
    EXPECT_EQ(mime_type_for("/README"), "application/octet-stream");
    EXPECT_EQ(mime_type_for("/dir.js/file"), "application/octet-stream");  // the extension is the file's
    EXPECT_EQ(mime_type_for("/archive.tar.gz"), "application/octet-stream");
}

TEST(StaticFiles, CachePolicy) {
    EXPECT_EQ(cache_control_for("text/html; charset=utf-8"), "no-cache");
    EXPECT_EQ(cache_control_for("application/json"), "no-cache");
    EXPECT_NE(cache_control_for("application/wasm").find("max-age="), std::string::npos);
    EXPECT_NE(cache_control_for("text/javascript; charset=utf-8").find("max-age="), std::string::npos);
    EXPECT_NE(cache_control_for("image/png").find("max-age="), std::string::npos);
}

TEST(StaticFiles, ResolvesFilesAndIndex) {
    TempSite site;
    auto root = real_directory(site.root());
    ASSERT_TRUE(root);
    StaticLookup idx = resolve_static(*root, "/");
    ASSERT_EQ(idx.status, 200);
    EXPECT_EQ(idx.file, *root + "/index.html");
    EXPECT_EQ(idx.mime, "text/html; charset=utf-8");
    EXPECT_EQ(idx.size, site.index_html().size());

    StaticLookup wasm = resolve_static(*root, "/pinlab.wasm");
    ASSERT_EQ(wasm.status, 200);
    EXPECT_EQ(wasm.mime, "application/wasm");
    EXPECT_EQ(resolve_static(*root, "/sub/").status, 200);          // sub/index.html
    EXPECT_EQ(resolve_static(*root, "/sub").status, 200);
    EXPECT_EQ(resolve_static(*root, "//sub///page.txt").status, 200);  // empty segments are ignored
    EXPECT_EQ(resolve_static(*root, "/./pinlab.js").status, 200);
    EXPECT_EQ(resolve_static(*root, "/nope.js").status, 404);
    EXPECT_EQ(resolve_static(*root, "/empty/").status, 404);       // a directory without index.html
}

TEST(StaticFiles, RefusesTraversalAndEscapes) {
    TempSite site;
    auto root = real_directory(site.root());
    ASSERT_TRUE(root);
    EXPECT_EQ(resolve_static(*root, "/../outside.txt").status, 400);
    EXPECT_EQ(resolve_static(*root, "/sub/../../outside.txt").status, 400);
    EXPECT_EQ(resolve_static(*root, "/sub/..").status, 400);
    EXPECT_EQ(resolve_static(*root, "/..\\outside.txt").status, 400);
    EXPECT_EQ(resolve_static(*root, std::string("/index.html\0.png", 16)).status, 400);
    EXPECT_EQ(resolve_static(*root, "relative/index.html").status, 400);
    EXPECT_EQ(resolve_static(*root, "").status, 400);
    // An absolute file system path in the URL stays inside the root.
    EXPECT_EQ(resolve_static(*root, site.outside_file()).status, 404);
    EXPECT_EQ(resolve_static(*root, "/etc/passwd").status, 404);
    // Symlinks: one leading outside is refused, one staying inside is fine.
    EXPECT_EQ(resolve_static(*root, "/escape.txt").status, 404);
    EXPECT_EQ(resolve_static(*root, "/escape-dir/outside.txt").status, 404);
    EXPECT_EQ(resolve_static(*root, "/alias.js").status, 200);
    // Hidden files.
    EXPECT_EQ(resolve_static(*root, "/.secret").status, 404);
    EXPECT_EQ(resolve_static(*root, "/sub/.git/config").status, 404);
    // No root.
    EXPECT_EQ(resolve_static("", "/").status, 404);
}

TEST(StaticFiles, ETags) {
    TempSite site;
    auto root = real_directory(site.root());
    ASSERT_TRUE(root);
    StaticLookup a = resolve_static(*root, "/pinlab.js");
    StaticLookup b = resolve_static(*root, "/pinlab.wasm");
    ASSERT_EQ(a.status, 200);
    std::string ea = make_etag(a), eb = make_etag(b);
    EXPECT_NE(ea, eb);
    EXPECT_TRUE(etag_matches(ea, ea));
    EXPECT_TRUE(etag_matches("\"x\", " + ea, ea));
    EXPECT_TRUE(etag_matches("*", ea));
    EXPECT_FALSE(etag_matches(eb, ea));
    EXPECT_FALSE(etag_matches("", ea));
}

TEST(StaticFiles, RealDirectory) {
    TempSite site;
    EXPECT_TRUE(real_directory(site.root()));
    EXPECT_FALSE(real_directory(site.root() + "/index.html"));  // a file
    EXPECT_FALSE(real_directory(site.root() + "/missing"));
    EXPECT_FALSE(real_directory(""));
}
