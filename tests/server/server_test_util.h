// server_test_util.h — a throwaway web root for the server tests: a few files, a sub folder,
// a hidden file and symlinks that stay inside or lead outside. Removed on destruction.
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

class TempSite {
public:
    TempSite() {
        char tmpl[] = "/tmp/pinlab-site-XXXXXX";
        char* made = ::mkdtemp(tmpl);
        base_ = made ? made : "/tmp/pinlab-site-failed";
        root_ = base_ + "/site";
        namespace fs = std::filesystem;
        fs::create_directories(root_ + "/sub");
        fs::create_directories(root_ + "/empty");
        fs::create_directories(root_ + "/sub/.git");
        write(base_ + "/outside.txt", "secret outside the root\n");
        write(root_ + "/index.html", index_html());
        write(root_ + "/pinlab.js", "console.log('pinlab');\n");
        write(root_ + "/pinlab.wasm", std::string("\0asm\1\0\0\0", 8));
        write(root_ + "/config.json", "{\"ok\":true}\n");
        write(root_ + "/sub/index.html", "<p>sub</p>\n");
        write(root_ + "/sub/page.txt", "page\n");
        write(root_ + "/sub/.git/config", "[core]\n");
        write(root_ + "/.secret", "hidden\n");
        ::symlink((base_ + "/outside.txt").c_str(), (root_ + "/escape.txt").c_str());
        ::symlink(base_.c_str(), (root_ + "/escape-dir").c_str());
        ::symlink("pinlab.js", (root_ + "/alias.js").c_str());
    }
    ~TempSite() {
        std::error_code ec;
        std::filesystem::remove_all(base_, ec);
    }
    TempSite(const TempSite&) = delete;
    TempSite& operator=(const TempSite&) = delete;

    const std::string& root() const { return root_; }
    std::string outside_file() const { return base_ + "/outside.txt"; }
    static std::string index_html() { return "<!doctype html><title>Pinlab test page</title>\n"; }

private:
    static void write(const std::string& path, const std::string& data) {
        std::ofstream f(path, std::ios::binary);
        f << data;
    }
    std::string base_, root_;
};
