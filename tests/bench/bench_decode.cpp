// bench_decode.cpp — decoding a 250-pin page (realistic JSON generated here) into typed models,
// compared with a bare nlohmann::json parse of the same bytes. Reports time per page and per pin.
#include <benchmark/benchmark.h>

#include <string>

#include "core/models.h"

using namespace pinlab;

namespace {

std::string make_page(int n) {
    json items = json::array();
    for (int i = 0; i < n; ++i) {
        json images = json::object();
        const int sizes[][2] = {{150, 150}, {400, 300}, {600, 900}, {1200, 1800}};
        const char* keys[] = {"150x150", "400x300", "600x", "1200x"};
        for (int k = 0; k < 4; ++k)
            images[keys[k]] = {{"width", sizes[k][0]}, {"height", sizes[k][1]},
                               {"url", "https://i.pinimg.com/" + std::string(keys[k]) + "/0d/f6/f1/" +
                                           std::to_string(1000000 + i) + ".jpg"}};
        json pin = {{"id", std::to_string(813744226500000000LL + i)},
                    {"created_at", "2024-05-01T12:00:00"},
                    {"link", "https://example.com/recipes/" + std::to_string(i)},
                    {"title", "Summer salad with grilled peaches #" + std::to_string(i)},
                    {"description", "A bright, quick salad for warm evenings: peaches, burrata, basil and a "
                                    "honey-lime dressing. Ready in 20 minutes."},
                    {"dominant_color", "#6E7874"},
                    {"alt_text", nullptr},
                    {"board_id", "549755885175"},
                    {"board_section_id", nullptr},
                    {"board_owner", {{"username", "pinlab_demo"}}},
                    {"is_owner", true},
                    {"is_standard", true},
                    {"has_been_promoted", false},
                    {"creative_type", "REGULAR"},
                    {"parent_pin_id", nullptr},
                    {"pin_metrics", nullptr},
                    {"media", {{"media_type", "image"}, {"images", images}}}};
        if (i % 10 == 0) {
            pin["creative_type"] = "VIDEO";
            pin["media"] = {{"media_type", "video"}, {"images", images}, {"cover_image_url", "https://i/c.jpg"},
                            {"video_url", "https://v/720p.mp4"}, {"duration", 15340.0}, {"width", 720}, {"height", 1280}};
        }
        items.push_back(std::move(pin));
    }
    return json_dump(json{{"items", items}, {"bookmark", "ZmlyLmJvb2ttYXJrLjI1MA"}});
}

const std::string& page() {
    static const std::string p = make_page(250);
    return p;
}

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
BENCHMARK(BM_DecodeModels)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
