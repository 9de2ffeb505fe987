// test_images.cpp — generated pin images: served as PNG at every size, dominant_color close to the average
// colour, render_image() pixels, varied aspect ratios, absolute URLs with public_base_url, and image_base64
// uploads served back byte for byte.
#include <cmath>
#include <set>

#include "emu_test_util.h"

namespace pinlab::emu::test {
namespace {

struct ImagesTest : EmuFixture {
    void SetUp() override {
        opts.pin_count = 50;
        start();
    }
};

int hexbyte(const std::string& s, size_t i) { return std::stoi(s.substr(i, 2), nullptr, 16); }

TEST_F(ImagesTest, PinImagesAreServedAndMatchTheDominantColour) {
    json p = body_json(get("/v5/pins?page_size=1"))["items"][0];
    std::string url = p["media"]["images"]["150x150"]["url"];
    Response img = get(url, "");
    ASSERT_EQ(img.status, 200);
    EXPECT_EQ(img.headers.get("Content-Type"), "image/png");
    EXPECT_EQ(img.body.substr(1, 3), "PNG");
    EXPECT_EQ(get(url, "").body, img.body);  // cached and deterministic
    int w, h;
    std::vector<uint8_t> rgba;
    ASSERT_TRUE(emu->render_image(url, w, h, rgba));
    EXPECT_EQ(w, 150);
    EXPECT_EQ(h, 150);
    ASSERT_EQ(rgba.size(), 150u * 150u * 4u);
    std::string url600 = p["media"]["images"]["600x"]["url"];
    ASSERT_TRUE(emu->render_image(url600, w, h, rgba));
    EXPECT_EQ(w, 600);
    EXPECT_EQ(h, p["media"]["images"]["600x"]["height"].get<int>());
    double sum[3] = {0, 0, 0};
    for (size_t i = 0; i < rgba.size(); i += 4)
        for (int k = 0; k < 3; ++k) sum[k] += rgba[i + static_cast<size_t>(k)];
    std::string dc = p["dominant_color"];
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(sum[k] / (w * h), hexbyte(dc, 1 + 2 * static_cast<size_t>(k)), 12.0) << dc;
    EXPECT_FALSE(emu->render_image("/media/pins/1/150x150.png", w, h, rgba));
    EXPECT_EQ(get("/media/pins/" + str(p, "id") + "/999x.png", "").status, 404);
}

TEST_F(ImagesTest, AspectRatiosVary) {
    std::set<int> heights;
    for (auto& p : all_items("/v5/pins?page_size=50")) {
        const json& media = p["media"];
        if (media.value("media_type", "") == "image") heights.insert(media["images"]["600x"].value("height", 0));
    }
    EXPECT_GE(heights.size(), 4u);
}

TEST_F(ImagesTest, AbsoluteUrlsWithPublicBaseUrl) {
    opts.public_base_url = "http://127.0.0.1:8080/";
    start();
    json p = body_json(get("/v5/pins?page_size=1"))["items"][0];
    std::string url = p["media"]["images"]["400x300"]["url"];
    EXPECT_EQ(url.rfind("http://127.0.0.1:8080/media/pins/", 0), 0u) << url;
    EXPECT_EQ(get(url, "").status, 200);
}

TEST_F(ImagesTest, Base64UploadIsServedBackExactly) {
    std::vector<uint8_t> rgba(8 * 6 * 4, 90);
    std::string png = encode_png(8, 6, rgba);
    std::string board = first_board_id();
    json body = {{"board_id", board},
                 {"media_source", {{"source_type", "image_base64"}, {"content_type", "image/png"}, {"data", base64_encode(png)}}}};
    Response r = post("/v5/pins", body);
    ASSERT_EQ(r.status, 201) << r.body;
    json p = body_json(r);
    Response img = get(p["media"]["images"]["1200x"]["url"].get<std::string>(), "");
    ASSERT_EQ(img.status, 200);
    EXPECT_EQ(img.body, png);
    EXPECT_EQ(p["media"]["images"]["1200x"]["height"], 900);
    // content_type must match the bytes.
    body["media_source"]["content_type"] = "image/jpeg";
    EXPECT_EQ(post("/v5/pins", body).status, 400);
    // A minimal JPEG header with a SOF0 frame is accepted as JPEG.
    std::string jpeg("\xff\xd8\xff\xc0\x00\x11\x08\x00\x20\x00\x40\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01\xff\xd9", 23);
    body["media_source"]["data"] = base64_encode(jpeg);
    r = post("/v5/pins", body);
    ASSERT_EQ(r.status, 201) << r.body;
    std::string url = body_json(r)["media"]["images"]["600x"]["url"];
    EXPECT_NE(url.find(".jpg"), std::string::npos);
    EXPECT_EQ(get(url, "").body, jpeg);
    EXPECT_EQ(body_json(r)["media"]["images"]["600x"]["height"], 300);
}

TEST_F(ImagesTest, KeptImageBytesAreHandedOutSharedNotCopied) {
    std::string png = encode_png(8, 6, std::vector<uint8_t>(8 * 6 * 4, 40));
    png += std::string(64 * 1024, '\0');  // past the image's end: kept and served as uploaded
    json body = {{"board_id", first_board_id()},
                 {"media_source", {{"source_type", "image_base64"}, {"content_type", "image/png"}, {"data", base64_encode(png)}}}};
    Response r = post("/v5/pins", body);
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string url = body_json(r)["media"]["images"]["1200x"]["url"];
    // Asked for by reference: the body stays empty and the bytes are the store's own, the same buffer
    // each time (held by the store, the two answers and nothing else), never a copy.
    std::shared_ptr<const std::string> a, b;
    Response ra = emu->handle(make("GET", url, ""), now, nullptr, &a);
    Response rb = emu->handle(make("GET", url, ""), now, nullptr, &b);
    ASSERT_EQ(ra.status, 200);
    ASSERT_TRUE(a && b);
    EXPECT_TRUE(ra.body.empty());
    EXPECT_EQ(ra.headers.get("Content-Type"), "image/png");
    EXPECT_EQ(a.get(), b.get());
    EXPECT_EQ(a.use_count(), 3);
    EXPECT_EQ(*a, png);
    // A saved copy of the pin shares the bytes too (its quota still counts them).
    const std::string id = body_json(r)["id"];
    Response saved = post("/v5/pins/" + id + "/save", json::object());
    ASSERT_EQ(saved.status, 201) << saved.body;
    EXPECT_EQ(a.use_count(), 4);
    // Without the reference, the body is a copy, as before.
    EXPECT_EQ(get(url, "").body, png);
    // API answers and unknown images hand nothing out.
    std::shared_ptr<const std::string> none = a;
    emu->handle(make("GET", "/v5/user_account", token), now, nullptr, &none);
    EXPECT_FALSE(none);
    EXPECT_EQ(emu->handle(make("GET", "/media/pins/1/600x.png", ""), now, nullptr, &none).status, 404);
    EXPECT_FALSE(none);
}

TEST_F(ImagesTest, ADrawnImageIsKeptAndHandedOutShared) {
    json p = body_json(get("/v5/pins?page_size=1"))["items"][0];
    const std::string url = p["media"]["images"]["150x150"]["url"];
    std::shared_ptr<const std::string> first, again;
    Response drawn = emu->handle(make("GET", url, ""), now, nullptr, &first);
    ASSERT_EQ(drawn.status, 200);
    EXPECT_FALSE(first);  // drawn now: the answer carries it
    ASSERT_EQ(drawn.body.substr(1, 3), "PNG");
    Response kept = emu->handle(make("GET", url, ""), now, nullptr, &again);
    ASSERT_TRUE(again);
    EXPECT_TRUE(kept.body.empty());
    EXPECT_EQ(*again, drawn.body);
}

TEST_F(ImagesTest, ImageUrlPinsGetAGeneratedImage) {
    json body = {{"board_id", first_board_id()},
                 {"media_source", {{"source_type", "image_url"}, {"url", "https://example.com/cat.jpg"}}}};
    json p = body_json(post("/v5/pins", body));
    Response img = get(p["media"]["images"]["150x150"]["url"].get<std::string>(), "");
    EXPECT_EQ(img.status, 200);
    EXPECT_EQ(img.body.substr(1, 3), "PNG");
    json q = body_json(post("/v5/pins", body));
    EXPECT_EQ(p["dominant_color"], q["dominant_color"]);  // same URL, same picture
}

}  // namespace
}  // namespace pinlab::emu::test
