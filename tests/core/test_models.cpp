// test_models.cpp — decoding of the API models (happy path, field-named errors, hostile JSON),
// request-body encoders and the spec's validation rules.
#include <gtest/gtest.h>

#include "core/models.h"

using namespace pinlab;

static const char* kPinPage = R"({
  "items": [
    {"id": "101", "title": "Salad", "description": null, "link": "https://example.com/a",
     "board_id": "7", "board_owner": {"username": "ann"}, "creative_type": "REGULAR", "is_owner": true,
     "unknown_field": {"deep": [1, 2, 3]},
     "media": {"media_type": "image", "images": {
        "150x150": {"width": 150, "height": 150, "url": "https://i/150.jpg"},
        "400x300": {"width": 400, "height": 300, "url": "https://i/400.jpg"},
        "originals": {"width": 1000, "height": null, "url": "https://i/o.jpg"}}}},
    {"id": "102", "media": {"media_type": "video", "cover_image_url": "https://i/c.jpg", "duration": 12.5,
                             "width": 640, "height": 360, "video_url": null}},
    {"id": "103", "media": {"media_type": "multiple_images", "items": [
        {"item_type": "image", "title": "one", "images": {"600x": {"width": 600, "height": 800, "url": "u1"}}},
        {"item_type": "image", "images": {"600x": {"width": 600, "height": 700, "url": "u2"}}}]}},
    {"id": "104", "media": {"media_type": "hologram"}, "pin_metrics": {"90d": {"impression": 3}}}
  ],
  "bookmark": "abc"
})";

TEST(Models, DecodesPinPageWithEveryMediaVariant) {
    auto r = decode_json<Paginated<Pin>>(kPinPage);
    ASSERT_TRUE(r.ok()) << r.error.message;
    const auto& page = *r.value;
    ASSERT_EQ(page.items.size(), 4u);
    EXPECT_EQ(page.bookmark.value_or(""), "abc");
    const Pin& a = page.items[0];
    EXPECT_EQ(a.title.value_or(""), "Salad");
    EXPECT_FALSE(a.description.has_value());
    EXPECT_EQ(a.board_owner_username.value_or(""), "ann");
    ASSERT_TRUE(a.media);
    EXPECT_EQ(a.media->kind, MediaKind::Image);
    ASSERT_EQ(a.media->images.size(), 3u);
    EXPECT_EQ(a.media->images.at("400x300").width.value_or(0), 400);
    EXPECT_FALSE(a.media->images.at("originals").height.has_value());
    const ImageDetails* best = a.media->best_image(300);
    ASSERT_NE(best, nullptr);
    EXPECT_EQ(best->url, "https://i/400.jpg");
    EXPECT_EQ(page.items[1].media->kind, MediaKind::Video);
    EXPECT_DOUBLE_EQ(page.items[1].media->duration.value_or(0), 12.5);
    EXPECT_FALSE(page.items[1].media->video_url.has_value());
    EXPECT_EQ(page.items[2].media->kind, MediaKind::MultipleImages);
    ASSERT_EQ(page.items[2].media->items.size(), 2u);
    EXPECT_EQ(page.items[2].media->items[0].title.value_or(""), "one");
    EXPECT_EQ(page.items[3].media->kind, MediaKind::Unknown);
    EXPECT_EQ(page.items[3].media->media_type, "hologram");
    ASSERT_TRUE(page.items[3].pin_metrics);
    EXPECT_EQ((*page.items[3].pin_metrics)["90d"]["impression"], 3);
}

TEST(Models, NullBookmarkMeansLastPage) {
    auto r = decode_json<Paginated<Board>>(R"({"items": [], "bookmark": null})");
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r.value->bookmark.has_value());
}

TEST(Models, WrongTypeNamesTheFieldPath) {
    std::string body = R"({"items":[{"id":"1"},{"id":"2"},{"id":"3"},{"id":"4","media":{"media_type":"image",
        "images":{"400x300":{"width":"400","height":300,"url":"u"}}}}]})";
    auto r = decode_json<Paginated<Pin>>(body);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error.kind, ErrorKind::Decode);
    EXPECT_EQ(r.error.message, "items[3].media.images.400x300.width: expected integer, got string");
}

TEST(Models, MissingRequiredFieldIsNamed) {
    auto r = decode_json<Paginated<Board>>(R"({"items":[{"id":"1","name":"a"},{"id":"2"}]})");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error.message, "items[1].name: missing required field");
    auto p = decode_json<Paginated<Pin>>(R"({"bookmark":"x"})");
    EXPECT_EQ(p.error.message, "items: missing required field");
    auto n = decode_json<Pin>(R"({"id":null})");
    EXPECT_EQ(n.error.message, "id: required field is null");
    auto root = decode_json<Pin>(R"([1,2])");
    EXPECT_EQ(root.error.message, "(root): expected object, got array");
}

TEST(Models, HostileJsonGivesErrorsNotAborts) {
    EXPECT_FALSE(decode_json<Pin>("").ok());
    auto cut = decode_json<Pin>(R"({"id":"1","title":)");                     // truncated
    EXPECT_EQ(cut.error.message, "response body is not valid JSON (18 bytes; byte 18: unexpected end of input)");
    EXPECT_FALSE(decode_json<Pin>("<html>502 Bad Gateway</html>").ok());      // not JSON
    EXPECT_FALSE(decode_json<Pin>("{\"id\":\"\xff\xfe\"}").ok());             // invalid UTF-8
    std::string deep(20000, '[');
    EXPECT_FALSE(decode_json<Pin>(deep).ok());                                 // deep nesting, unterminated
    auto huge = decode_json<Account>(R"({"pin_count": 99999999999999999999999})");
    ASSERT_FALSE(huge.ok());
    EXPECT_NE(huge.error.message.find("pin_count"), std::string::npos);
    auto big = decode_json<ImageDetails>(R"({"url":"u","width":3000000000})");
    EXPECT_EQ(big.error.message, "width: integer out of range");
    auto frac = decode_json<ImageDetails>(R"({"url":"u","width":12.5})");
    EXPECT_EQ(frac.error.message, "width: expected integer, got number");
    auto whole = decode_json<ImageDetails>(R"({"url":"u","width":12.0})");
    ASSERT_TRUE(whole.ok());
    EXPECT_EQ(whole.value->width.value_or(0), 12);
    auto nullitem = decode_json<Paginated<Pin>>(R"({"items":[null]})");
    EXPECT_EQ(nullitem.error.message, "items[0]: expected a value, got null");
}

TEST(Models, AnalyticsAndTopPins) {
    auto a = decode_json<AnalyticsResponse>(R"({"all":{"summary_metrics":{"IMPRESSION":10.0,"SAVE":2},
        "daily_metrics":[{"date":"2024-01-02","data_status":"READY","metrics":{"IMPRESSION":5,"SAVE":null}}],
        "lifetime_metrics":{"TOTAL_COMMENTS":4}}})");
    ASSERT_TRUE(a.ok()) << a.error.message;
    const auto& g = a.value->groups.at("all");
    EXPECT_DOUBLE_EQ(g.summary_metrics.at("SAVE"), 2);
    ASSERT_EQ(g.daily_metrics.size(), 1u);
    EXPECT_EQ(g.daily_metrics[0].data_status.value_or(""), "READY");
    EXPECT_EQ(g.daily_metrics[0].metrics.count("SAVE"), 0u);
    EXPECT_DOUBLE_EQ(g.lifetime_metrics.at("TOTAL_COMMENTS"), 4);
    auto bad = decode_json<AnalyticsResponse>(R"({"all":{"daily_metrics":[{"date":"x","metrics":{"SAVE":"2"}}]}})");
    EXPECT_EQ(bad.error.message, "all.daily_metrics[0].metrics.SAVE: expected number, got string");
    auto t = decode_json<TopPinsAnalytics>(R"({"date_availability":{"is_realtime":false,"latest_available_timestamp":1649116799000},
        "pins":[{"pin_id":"5","metrics":{"IMPRESSION":3},"data_status":{"IMPRESSION":"READY"}}],"sort_by":"IMPRESSION"})");
    ASSERT_TRUE(t.ok()) << t.error.message;
    EXPECT_EQ(t.value->pins[0].data_status.at("IMPRESSION"), "READY");
    EXPECT_FALSE(*t.value->is_realtime);
    auto m = decode_json<MultiPinAnalytics>(R"({"11":{"all":{"summary_metrics":{"SAVE":1}}}})");
    ASSERT_TRUE(m.ok());
    EXPECT_DOUBLE_EQ(m.value->pins.at("11").groups.at("all").summary_metrics.at("SAVE"), 1);
}

TEST(Models, OtherModels) {
    auto acc = decode_json<Account>(R"({"username":"ann","account_type":"BUSINESS","business_name":null,"pin_count":3})");
    ASSERT_TRUE(acc.ok());
    EXPECT_EQ(acc.value->pin_count.value_or(0), 3);
    EXPECT_FALSE(acc.value->business_name);
    auto ad = decode_json<AdAccount>(R"({"id":"9","owner":{"id":"1","username":"ann"},"permissions":["ADMIN"],"currency":"USD"})");
    ASSERT_TRUE(ad.ok());
    EXPECT_EQ(ad.value->owner_username.value_or(""), "ann");
    auto up = decode_json<MediaUpload>(R"({"media_id":"1","media_type":"video","upload_url":"https://s3/","upload_parameters":{"key":"k","policy":"p"}})");
    ASSERT_TRUE(up.ok());
    EXPECT_EQ(up.value->upload_parameters.at("key"), "k");
    auto tok = decode_json<TokenResponse>(R"({"access_token":"pina_x","token_type":"bearer","expires_in":2592000,"scope":"a b","refresh_token":"pinr_y","refresh_token_expires_in":5184000})");
    ASSERT_TRUE(tok.ok());
    EXPECT_EQ(*tok.value->refresh_token, "pinr_y");
    auto err = decode_json<PinterestError>(R"({"code":3,"message":"no scope","status":"failure"})");
    ASSERT_TRUE(err.ok());
    EXPECT_EQ(err.value->code, 3);
    auto sec = decode_json<BoardSection>(R"({"id":"1"})");
    EXPECT_EQ(sec.error.message, "name: missing required field");
}

TEST(Models, EncodersProduceSpecFieldNames) {
    PinCreate p;
    p.board_id = "12";
    p.title = "t";
    p.media_source = MediaSource::image_url("https://x/y.png");
    json j = to_json(p);
    EXPECT_EQ(j["board_id"], "12");
    EXPECT_EQ(j["media_source"]["source_type"], "image_url");
    EXPECT_EQ(j["media_source"]["url"], "https://x/y.png");
    EXPECT_FALSE(j.contains("description"));
    p.media_source = MediaSource::image_base64("image/png", "QUJD");
    j = to_json(p);
    EXPECT_EQ(j["media_source"]["source_type"], "image_base64");
    EXPECT_EQ(j["media_source"]["content_type"], "image/png");
    EXPECT_EQ(j["media_source"]["data"], "QUJD");
    p.media_source.type = MediaSource::Type::MultipleImageUrls;
    p.media_source.items = {{"https://a/1", std::string("one"), {}, {}}, {"https://a/2", {}, {}, {}}};
    j = to_json(p);
    EXPECT_EQ(j["media_source"]["source_type"], "multiple_image_urls");
    EXPECT_EQ(j["media_source"]["items"][0]["title"], "one");
    EXPECT_EQ(j["media_source"]["items"].size(), 2u);
    BoardCreate b{"Trips", std::string("d"), std::string("SECRET"), {}};
    EXPECT_EQ(json_dump(to_json(b)), R"({"description":"d","name":"Trips","privacy":"SECRET"})");
    EXPECT_EQ(json_dump(to_json(PinSave{std::string("5"), {}})), R"({"board_id":"5"})");
    EXPECT_EQ(json_dump(to_json(SectionCreate{"S"})), R"({"name":"S"})");
}

TEST(Models, ValidationFollowsSpecLimits) {
    PinCreate p;
    p.board_id = "12";
    p.media_source = MediaSource::image_url("https://x/y.png");
    EXPECT_TRUE(validate(p).ok());
    p.title = std::string(101, 'a');
    EXPECT_EQ(validate(p).message.rfind("title:", 0), 0u);
    p.title = std::string(100, 'a');
    EXPECT_TRUE(validate(p).ok());
    p.description = std::string(801, 'a');
    EXPECT_EQ(validate(p).kind, ErrorKind::Validation);
    p.description.reset();
    p.link = "ftp://x";
    EXPECT_EQ(validate(p).message.rfind("link:", 0), 0u);
    p.link = "https://x/" + std::string(2048, 'a');
    EXPECT_EQ(validate(p).message.rfind("link:", 0), 0u);
    p.link.reset();
    p.alt_text = std::string(501, 'a');
    EXPECT_EQ(validate(p).message.rfind("alt_text:", 0), 0u);
    p.alt_text.reset();
    p.board_id = "abc";
    EXPECT_EQ(validate(p).message.rfind("board_id:", 0), 0u);
    p.board_id = "1";
    p.media_source = MediaSource::image_base64("image/gif", "QUJD");
    EXPECT_EQ(validate(p).message.rfind("media_source.content_type", 0), 0u);
    p.media_source = MediaSource::image_base64("image/png", "not base64!");
    EXPECT_EQ(validate(p).message.rfind("media_source.data", 0), 0u);
    p.media_source.type = MediaSource::Type::MultipleImageUrls;
    p.media_source.items = {{"https://a/1", {}, {}, {}}};
    EXPECT_EQ(validate(p).message.rfind("media_source.items", 0), 0u);
    EXPECT_FALSE(validate(BoardCreate{}).ok());
    EXPECT_FALSE(validate(BoardCreate{"n", {}, std::string("HIDDEN"), {}}).ok());
    EXPECT_FALSE(validate(BoardUpdate{{}, {}, std::string("PROTECTED")}).ok());  // update: PUBLIC|SECRET only
    EXPECT_TRUE(validate(BoardUpdate{{}, {}, std::string("SECRET")}).ok());
    EXPECT_FALSE(validate(SectionCreate{""}).ok());
    EXPECT_FALSE(validate(SectionCreate{std::string(181, 's')}).ok());
    EXPECT_TRUE(validate(SectionCreate{std::string(180, 's')}).ok());
}
