// test_state_kill.cpp — pinlab-server --state-dir against kill -9 of the real program (real_server.h): a board,
// a pin with an uploaded image and a video upload made over HTTP are there, with the same ids, after SIGKILL
// and a restart on the same folder.
#include <gtest/gtest.h>
#include <sys/inotify.h>
#include <poll.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "real_server.h"
#include "server/state_store.h"
#include "server_fixture.h"

using namespace pinlab;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

const char* kPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
constexpr int kPromiseMs = 1000;  // a kill -9 loses at most the last second of changes

// [SECTION] HTTP with a token -------------------------------------------------------------------------------

struct Answer {
    int status = 0;  // 0: no answer (the server is gone)
    json body;
};

Answer call(int port, const std::string& method, const std::string& path, const std::string& token,
            const std::string& body = "", const std::string& type = "application/json") {
    std::string raw = exchange(port, method, path,
                               "Authorization: Bearer " + token + "\r\nContent-Type: " + type + "\r\n", body);
    Answer a;
    a.status = raw_status(raw);
    a.body = json_parse(answer_body(raw)).value_or(json());
    return a;
}

std::string text(const json& j, const char* key) {
    return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

// Every item of a listing, following bookmarks; false when a page did not answer 200.
bool all_items(int port, const std::string& token, const std::string& path, std::vector<json>& out) {
    std::string bookmark;
    for (int guard = 0; guard < 100; ++guard) {
        Answer a = call(port, "GET", path + (bookmark.empty() ? "" : "&bookmark=" + percent_encode(bookmark)), token);
        if (a.status != 200 || !a.body["items"].is_array()) return false;
        for (auto& it : a.body["items"]) out.push_back(it);
        if (!a.body["bookmark"].is_string()) return true;
        bookmark = a.body["bookmark"].get<std::string>();
    }
    return false;
}

std::string pin_body(const std::string& board, const std::string& title) {
    return json_dump(json{{"board_id", board},
                          {"title", title},
                          {"media_source", {{"source_type", "image_base64"}, {"content_type", "image/png"}, {"data", kPng}}}});
}

// A video upload as a browser does it: register, then the S3-style form POST with the file last. The media
// id, or "" with `status` the answer that was not the expected one (0: no answer, the server is gone).
std::string upload_video(int port, const std::string& token, int& status, std::string& why) {
    Answer reg = call(port, "POST", "/v5/media", token, R"({"media_type":"video"})");
    const std::string id = text(reg.body, "media_id");
    status = reg.status;
    if (reg.status != 201 || id.empty()) return why = "register: HTTP " + std::to_string(reg.status), "";
    const std::string boundary = "pinlabkilltest";
    std::string form;
    for (auto& [k, v] : reg.body["upload_parameters"].items())
        form += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" +
                v.get<std::string>() + "\r\n";
    const std::string mp4("\0\0\0\x18" "ftypmp42\0\0\0\0mp42isom", 24);
    form += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"v.mp4\"\r\n" +
            "Content-Type: video/mp4\r\n\r\n" + mp4 + "\r\n--" + boundary + "--\r\n";
    std::string url = text(reg.body, "upload_url");
    if (size_t at = url.find("/media/"); at != std::string::npos) url = url.substr(at);
    std::string raw = exchange(port, "POST", url, "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n", form);
    status = raw_status(raw);
    if (status != 204) return why = "upload: " + raw.substr(0, 300), "";
    return id;
}

// [SECTION] A state folder and the program on it -------------------------------------------------------------

struct KillTest : ::testing::Test {
    fs::path base, dir;
    RealServer server;
    void SetUp() override {
        base = fs::path(::testing::TempDir()) / ("pinlab_kill_" + std::to_string(::getpid()) + "_" +
                                                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(base);
        fs::create_directories(base);
        dir = base / "state";
    }
    void TearDown() override {
        server.kill9();
        if (!HasFailure()) fs::remove_all(base);  // kept for a look when something failed
    }
    // The program on `dir` with a small seed and no rate limits (the client writes as fast as it can).
    bool start(std::string& error) {
        return server.start({"--state-dir", dir.string(), "--pins", "30", "--rate-limit", "off", "--quiet"},
                            (base / "server.log").string(), error);
    }
};

TEST_F(KillTest, ABoardAPinAndAnUploadSurviveSigkillWithTheirIds) {
    std::string error;
    ASSERT_TRUE(start(error)) << error;
    const int port = server.port();
    std::string token = sign_in(port, nullptr, &error);
    ASSERT_FALSE(token.empty()) << error;
    Answer board = call(port, "POST", "/v5/boards", token, R"({"name":"Kept across kill -9","description":"made before a kill -9"})");
    ASSERT_EQ(board.status, 201) << board.body;
    const std::string board_id = text(board.body, "id");
    Answer pin = call(port, "POST", "/v5/pins", token, pin_body(board_id, "Uploaded before the kill"));
    ASSERT_EQ(pin.status, 201) << pin.body;
    const std::string pin_id = text(pin.body, "id");
    int status = 0;
    const std::string media_id = upload_video(port, token, status, error);
    ASSERT_FALSE(media_id.empty()) << error;

    // The promise: what was answered a second ago is on disk, whatever happens to the process now.
    std::this_thread::sleep_for(std::chrono::milliseconds(kPromiseMs));
    server.kill9();
    ASSERT_TRUE(start(error)) << error;
    EXPECT_NE(server.log().find("state: restored from"), std::string::npos) << server.log();
    const int again = server.port();

    Answer b = call(again, "GET", "/v5/boards/" + board_id, token);  // the token was kept too
    ASSERT_EQ(b.status, 200) << b.body;
    EXPECT_EQ(text(b.body, "name"), "Kept across kill -9");
    EXPECT_EQ(text(b.body, "description"), "made before a kill -9");
    Answer p = call(again, "GET", "/v5/pins/" + pin_id, token);
    ASSERT_EQ(p.status, 200) << p.body;
    EXPECT_EQ(text(p.body, "board_id"), board_id);
    EXPECT_EQ(text(p.body, "title"), "Uploaded before the kill");
    std::string url = text(p.body["media"]["images"]["1200x"], "url");
    ASSERT_NE(url.find("/1200x."), std::string::npos) << p.body;
    url.replace(url.find("/1200x."), 7, "/originals.");
    EXPECT_EQ(answer_body(exchange(again, "GET", url.substr(url.find("/media/")))), base64_decode(kPng).value_or(""));
    Answer m = call(again, "GET", "/v5/media/" + media_id, token);
    ASSERT_EQ(m.status, 200) << m.body;
    EXPECT_NE(text(m.body, "status"), "registered") << "the upload's bytes were forgotten";
    std::vector<json> media;
    ASSERT_TRUE(all_items(again, token, "/v5/media?page_size=250", media));
    bool listed = false;
    for (const json& it : media) listed = listed || text(it, "media_id") == media_id;
    EXPECT_TRUE(listed);
    // The board's pins list the pin: the board and the pin came back together.
    std::vector<json> pins;
    ASSERT_TRUE(all_items(again, token, "/v5/boards/" + board_id + "/pins?page_size=250", pins));
    ASSERT_EQ(pins.size(), 1u);
    EXPECT_EQ(text(pins[0], "id"), pin_id);
}

}  // namespace
