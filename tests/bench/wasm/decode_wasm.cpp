// decode_wasm.cpp — the decoding benchmark as the page runs it: core/models' decode_json on
// bench_page.h's 250-pin page, compiled to WebAssembly with the page's flags (core at -Os, link at
// -Oz, LTO, no exceptions, emmalloc). tests/bench/decode_wasm.js loads it in Node (V8) and times it
// against JSON.parse of the same bytes in the same engine. Built only on request:
//   cmake --build build/web-release --target pinlab_decode_bench
#include <emscripten/emscripten.h>

#include "../bench_page.h"
#include "core/models.h"
#include "core/number.h"

using namespace pinlab;

extern "C" {

// The page's bytes, NUL-terminated, for the driver's JSON.parse.
EMSCRIPTEN_KEEPALIVE const char* bench_page() { return bench::page().c_str(); }
EMSCRIPTEN_KEEPALIVE int bench_page_size() { return static_cast<int>(bench::page().size()); }

// Decodes the page `iters` times into Paginated<Pin>; returns the pins of the last decode, -1 on error.
EMSCRIPTEN_KEEPALIVE int bench_decode(int iters) {
    int pins = -1;
    for (int i = 0; i < iters; ++i) {
        auto r = decode_json<Paginated<Pin>>(bench::page());
        pins = r.ok() ? static_cast<int>(r.value->items.size()) : -1;
    }
    return pins;
}

// The reader's parse alone (core/json_reader.h), the first half of decode_json.
EMSCRIPTEN_KEEPALIVE int bench_parse_reader(int iters) {
    int n = -1;
    for (int i = 0; i < iters; ++i) {
        JDoc doc;
        n = doc.parse(bench::page()) ? static_cast<int>(doc.root().size()) : -1;
    }
    return n;
}

// nlohmann's DOM parse alone (what decode_json did before its own reader), for reference.
EMSCRIPTEN_KEEPALIVE int bench_parse_nlohmann(int iters) {
    int n = -1;
    for (int i = 0; i < iters; ++i) {
        auto j = json_parse(bench::page());
        n = j ? static_cast<int>(j->size()) : -1;
    }
    return n;
}

// A JSON number's double as the page computes it (core/number.h: the fast path, else the engine's
// Number()), for the driver's check against Number() itself.
EMSCRIPTEN_KEEPALIVE double bench_number(const char* text, int n) {
    return decimal_to_double(std::string_view(text, static_cast<size_t>(n)));
}

}  // extern "C"

int main() { return 0; }
