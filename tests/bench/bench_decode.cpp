// bench_decode.cpp — decoding a 250-pin page (bench_page.h) into typed models with decode_json,
// compared with its reader's parse alone (core/json_reader.h) and a bare nlohmann::json parse of the
// same bytes. Reports time per page and per pin. The WASM counterpart is decode_wasm.js.
#include <benchmark/benchmark.h>

#include <string>

#include "bench_page.h"
#include "core/models.h"

using namespace pinlab;

namespace {

using bench::page;

void BM_ParseOnly(benchmark::State& state) {
    const std::string& body = page();
    for (auto _ : state) {
        auto j = json_parse(body);
        benchmark::DoNotOptimize(j);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
    state.counters["pins"] = 250;
    state.counters["ns_per_pin"] =
        benchmark::Counter(static_cast<double>(state.iterations()) * 250, benchmark::Counter::kIsRate |
                                                                              benchmark::Counter::kInvert);
}

void BM_ReaderParse(benchmark::State& state) {
    const std::string& body = page();
    for (auto _ : state) {
        JDoc doc;
        if (!doc.parse(body)) state.SkipWithError("parse failed");
        benchmark::DoNotOptimize(doc.root());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}

void BM_DecodeModels(benchmark::State& state) {
    const std::string& body = page();
    for (auto _ : state) {
        auto r = decode_json<Paginated<Pin>>(body);
        if (!r.ok() || r.value->items.size() != 250) state.SkipWithError("decode failed");
        benchmark::DoNotOptimize(r);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
    state.counters["pins"] = 250;
    state.counters["ns_per_pin"] =
        benchmark::Counter(static_cast<double>(state.iterations()) * 250, benchmark::Counter::kIsRate |
                                                                              benchmark::Counter::kInvert);
}

}  // namespace

BENCHMARK(BM_ParseOnly)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReaderParse)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DecodeModels)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
