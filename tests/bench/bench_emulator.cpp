// bench_emulator.cpp — emulator throughput: GET /v5/user_account, GET /v5/boards/{id}/pins?page_size=250,
// a generated 600x image (render + PNG), and construction with the 1,000-pin seed; also prints the memory
// held by an emulator with seed data (malloc delta and the emulator's own estimate).
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cstdio>

#include "core/json.h"
#include "emulator/emulator.h"

namespace {

using pinlab::Request;
using pinlab::emu::Emulator;
using pinlab::emu::Options;

constexpr int64_t kNow = 1750000000000LL;

Options bench_options() {
    Options o;
    o.rate_limit.enabled = false;  // measure the handler, not the 429 path
    return o;
}

Request get(const std::string& url, const std::string& token) {
    Request r;
    r.url = url;
    r.headers.set("Authorization", "Bearer " + token);
    return r;
}

std::string first_board(Emulator& emu, const std::string& token) {
    auto j = pinlab::json_parse(emu.handle(get("/v5/boards?page_size=1", token), kNow).body);
    return (*j)["items"][0]["id"].get<std::string>();
}

void BM_UserAccount(benchmark::State& state) {
    Emulator emu(bench_options());
    std::string token = emu.mint_access_token("pinlab-demo", {"user_accounts:read"}, kNow);
    Request r = get("/v5/user_account", token);
    for (auto _ : state) benchmark::DoNotOptimize(emu.handle(r, kNow));
}
BENCHMARK(BM_UserAccount);

void BM_BoardPins250(benchmark::State& state) {
    Emulator emu(bench_options());
    std::string token = emu.mint_access_token("pinlab-demo", {"boards:read", "pins:read"}, kNow);
    Request r = get("/v5/boards/" + first_board(emu, token) + "/pins?page_size=250", token);
    size_t bytes = 0;
    for (auto _ : state) bytes = emu.handle(r, kNow).body.size();
    state.counters["body_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_BoardPins250)->Unit(benchmark::kMicrosecond);

void BM_Pins250(benchmark::State& state) {
    Emulator emu(bench_options());
    std::string token = emu.mint_access_token("pinlab-demo", {"boards:read", "pins:read"}, kNow);
    Request r = get("/v5/pins?page_size=250", token);
    for (auto _ : state) benchmark::DoNotOptimize(emu.handle(r, kNow));
}
BENCHMARK(BM_Pins250)->Unit(benchmark::kMicrosecond);

void BM_Image600Uncached(benchmark::State& state) {
    Emulator emu(bench_options());
    std::string token = emu.mint_access_token("pinlab-demo", {"boards:read", "pins:read"}, kNow);
    auto j = pinlab::json_parse(emu.handle(get("/v5/pins?page_size=250", token), kNow).body);
    std::vector<std::string> urls;
    for (auto& p : (*j)["items"])
        if (p["media"].value("media_type", "") == "image") urls.push_back(p["media"]["images"]["600x"]["url"]);
    size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(emu.handle(get(urls[i++ % urls.size()], ""), kNow));
}
BENCHMARK(BM_Image600Uncached)->Unit(benchmark::kMillisecond);

// Construction plus the first request, which builds the seed data (it is built on first use).
void BM_Construct1000Pins(benchmark::State& state) {
    Request req;
    req.url = "/v5/user_account";
    for (auto _ : state) {
        Emulator emu(bench_options());
        benchmark::DoNotOptimize(emu.handle(req, 1700000000000));
    }
}
BENCHMARK(BM_Construct1000Pins)->Unit(benchmark::kMillisecond);

// Memory held by an emulator with seed data, reported as counters (and printed once).
void BM_SeedMemory(benchmark::State& state) {
    double delta = 0, estimate = 0;
    for (auto _ : state) {
        malloc_trim(0);
        size_t before = mallinfo2().uordblks;
        auto* emu = new Emulator(bench_options());
        Request req;
        req.url = "/v5/user_account";
        emu->handle(req, 1700000000000);  // the seed data is built on first use
        size_t after = mallinfo2().uordblks;
        delta = static_cast<double>(after - before);
        estimate = static_cast<double>(emu->memory_estimate());
        delete emu;
    }
    state.counters["malloc_delta_MiB"] = delta / (1024.0 * 1024.0);
    state.counters["estimate_MiB"] = estimate / (1024.0 * 1024.0);
    static bool printed = false;
    if (!printed) {
        printed = true;
        std::printf("emulator with seed data (1000 pins): malloc delta %.2f MiB, memory_estimate() %.2f MiB\n",
                    delta / (1024.0 * 1024.0), estimate / (1024.0 * 1024.0));
    }
}
BENCHMARK(BM_SeedMemory)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
