// test_pin_writer.cpp — the pin lists write each pin's JSON text directly (write_pin_json, paginate_text)
// instead of building a json tree: the bytes must be exactly json_dump(pin_json(...)) for every kind of pin
// and every string a pin can hold, and a page must be what json_response(200, {items, bookmark}) wrote.
#include <gtest/gtest.h>

#include "emu_test_util.h"

namespace pinlab::emu::test {
namespace {

void expect_same_text(Emulator::Impl& im) {
    int checked = 0;
    for (const auto& [id, p] : im.store.pins) {
        for (bool metrics : {false, true}) {
            std::string text;
            im.write_pin_json(text, p, metrics);
            ASSERT_EQ(text, json_dump(im.pin_json(p, metrics))) << "pin " << id << " metrics " << metrics;
        }
        ++checked;
    }
    EXPECT_GT(checked, 100);
}

TEST(PinWriter, SeedPinsMatchTheJsonTree) {
    for (const char* base : {"", "http://127.0.0.1:8080"}) {
        Options o;
        o.pin_count = 400;
        o.public_base_url = base;
        Emulator::Impl im(o);
        im.ensure_seeded();
        expect_same_text(im);
    }
}

TEST(PinWriter, EveryKindOfPinAndStringMatches) {
    Options o;
    o.pin_count = 300;
    o.public_base_url = "http://localhost:9/x";
    Emulator::Impl im(o);
    im.ensure_seeded();
    const std::vector<std::optional<std::string>> odd = {
        std::nullopt, std::string(), std::string("plain"), std::string("quote \" and \\ backslash"),
        std::string("tab\tnew\nline\rcr\b\f and \x01\x1f ctl \x7f del"), std::string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x8c"),
        std::string("bad \xff utf-8 \xc3"), std::string("overlong \xc0\xaf"), std::string("</script>&<>'")};
    size_t k = 0;
    for (auto& [id, p] : im.store.pins) {
        const auto& s = odd[k % odd.size()];
        p.title = s;
        p.description = odd[(k + 1) % odd.size()];
        p.link = odd[(k + 2) % odd.size()];
        p.alt_text = odd[(k + 3) % odd.size()];
        p.dominant_color = odd[(k + 4) % odd.size()];
        if (k % 5 == 0) p.section_id = "5089446300000000001";
        if (k % 7 == 0) p.parent_pin_id = "1089446400000000042";
        if (k % 11 == 0) {  // a video
            p.media_type = "video";
            p.video_media_id = "5089446400000000001";
            p.video_duration_ms = static_cast<int64_t>(k) * 1234 + 7;
        } else if (k % 13 == 0) {  // a carousel with odd item texts
            p.media_type = "multiple_images";
            CarouselItem extra = p.items[0];
            extra.title = odd[(k + 5) % odd.size()];
            extra.description = odd[(k + 6) % odd.size()];
            extra.link = odd[(k + 7) % odd.size()];
            extra.image.width = 1;
            extra.image.height = 3;
            p.items.push_back(extra);
            p.items.push_back(extra);
        }
        if (k % 17 == 0) {  // an upload (served as JPEG)
            p.items[0].image.uploaded = true;
            p.items[0].image.mime = "image/jpeg";
        }
        ++k;
    }
    im.store.username = "user \"quoted\" \xc3\xa9";
    expect_same_text(im);
}

// A page answer is byte for byte what the json tree version answered, bookmark included.
struct PinPages : EmuFixture {};

TEST_F(PinPages, PagesAreWhatTheJsonTreeWrote) {
    for (const std::string url : {"/v5/pins?page_size=250", "/v5/pins?page_size=7&pin_metrics=true",
                                  "/v5/search/pins?query=a"}) {
        Response r = get(url);
        ASSERT_EQ(r.status, 200) << r.body;
        json j = body_json(r);
        ASSERT_TRUE(j.is_object());
        // Re-serialised by nlohmann: the same text (key order, escaping, bookmark string).
        EXPECT_EQ(r.body, json_dump(j)) << url;
        EXPECT_EQ(r.headers.get("Content-Type"), "application/json");
    }
    std::string board = first_board_id();
    ASSERT_FALSE(board.empty());
    Response r = get("/v5/boards/" + board + "/pins?page_size=3");
    ASSERT_EQ(r.status, 200);
    json j = body_json(r);
    EXPECT_EQ(r.body, json_dump(j));
    ASSERT_TRUE(j["bookmark"].is_string());
    // The bookmark still pages on: the next page starts after the last item.
    Response next = get("/v5/boards/" + board + "/pins?page_size=3&bookmark=" + percent_encode(j["bookmark"].get<std::string>()));
    ASSERT_EQ(next.status, 200);
    json n = body_json(next);
    ASSERT_FALSE(n["items"].empty());
    EXPECT_NE(n["items"][0]["id"], j["items"][2]["id"]);
}

}  // namespace
}  // namespace pinlab::emu::test
