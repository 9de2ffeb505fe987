// bench_page.h — the 250-pin page every decoding benchmark uses (native Google Benchmark in
// bench_decode.cpp, the WASM one in wasm/decode_wasm.cpp), so both measure the same bytes (242 KB).
// Realistic: Pinterest's field set, four image sizes per pin, a video every tenth pin.
#pragma once

#include <string>

#include "core/json.h"

namespace pinlab::bench {

inline std::string make_page(int n) {
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

inline const std::string& page() {
    static const std::string p = make_page(250);
    return p;
}

}  // namespace pinlab::bench
