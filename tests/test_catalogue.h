// test_catalogue.h — the build's catalogue (PINLAB_CATALOGUE_PATH, generated from spec/openapi.json) for
// tests in every area: its text, and the parsed catalogue, read once per test program.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "core/catalogue.h"

namespace pinlab::spec_fixture {

// catalogue.json's text; "" and `error` set when it cannot be read (a DemoHost catalogue loader).
inline std::string read_catalogue_file(std::string* error = nullptr) {
    std::FILE* f = std::fopen(PINLAB_CATALOGUE_PATH, "rb");
    if (!f) {
        if (error) *error = "cannot open " PINLAB_CATALOGUE_PATH;
        return {};
    }
    std::string text;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    std::fclose(f);
    return text;
}

inline std::shared_ptr<const Catalogue> test_catalogue() {
    static const std::shared_ptr<const Catalogue> c = Catalogue::parse(read_catalogue_file());
    return c;
}

}  // namespace pinlab::spec_fixture
