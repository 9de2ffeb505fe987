// fuzz_json_reader.cpp — libFuzzer target: the JSON reader behind decode_json (core/json_reader.h)
// on any bytes, checked against nlohmann's parser: both accept or both reject (except nesting past
// JDoc::kMaxDepth, and text after a NUL byte, where nlohmann stops reading), and an accepted document
// walks, looks up and converts to exactly what nlohmann parsed (unless an object repeats a name: the
// reader keeps the first, nlohmann the last).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/json_reader.h"

namespace {

// Visits every node the way the model readers do; false if an object repeats a member name.
bool walk(const pinlab::JVal& v) {
    bool unique = true;
    if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (v.find(it.key()) != &it.value()) unique = false;  // an earlier member has this name
            unique = walk(it.value()) && unique;
        }
    } else if (v.is_array()) {
        size_t n = 0;
        for (const pinlab::JVal& e : v) {
            unique = walk(e) && unique;
            ++n;
        }
        if (n != v.size()) __builtin_trap();
    } else if (v.is_string()) {
        volatile size_t n = v.get_string().size();  // touches the view's bytes' length
        (void)n;
    }
    return unique;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    pinlab::JDoc doc;
    bool ours = doc.parse(in);
    auto theirs = pinlab::nlohmann_parse(in);
    if (ours) {
        if (!theirs) __builtin_trap();  // we accepted what nlohmann rejects
        bool unique = walk(doc.root());
        if (unique && doc.root().to_nlohmann() != *theirs) __builtin_trap();
    } else {
        if (doc.error().empty()) __builtin_trap();
        if (theirs && doc.error().find("nesting too deep") == std::string::npos) {
            // nlohmann ends its input at a NUL byte between tokens; the reader rejects what follows.
            size_t nul = in.find('\0');
            if (nul == std::string_view::npos) __builtin_trap();
            pinlab::JDoc head;
            if (!head.parse(in.substr(0, nul)) && head.error().find("nesting too deep") == std::string::npos)
                __builtin_trap();
        }
    }
    return 0;
}
