// test_state_dir.cpp — pinlab-server --state-dir (server/state_store.h): a board, a pin and an uploaded image
// made through the Local emulator are there after a restart from what the disk held at that moment (as a
// kill -9 leaves it); a torn state file, or a whole one whose content the emulator refuses, falls back to the
// previous one with a log line; a file that cannot be trusted stops the start with an error unless
// --state-reset; the sealed format detects damage. (test_state_kill.cpp kills the real program.)
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "server/state_store.h"
#include "server_fixture.h"

using namespace pinlab;
using namespace pinlab::server;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct StateDir : ::testing::Test {
    fs::path dir;
    std::mutex mu;
    std::vector<std::string> lines;
    void SetUp() override {
        dir = fs::path(::testing::TempDir()) / ("pinlab_state_" + std::to_string(::getpid()) + "_" +
                                                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
    }
    void TearDown() override { fs::remove_all(dir); }
    ServerConfig config(const fs::path& d, bool reset = false) {
        ServerConfig cfg;
        cfg.state_dir = d.string();
        cfg.state_reset = reset;
        cfg.state_interval_ms = 100;
        cfg.log_sink = [this](const std::string& l) {
            std::lock_guard<std::mutex> lock(mu);
            lines.push_back(l);
        };
        return cfg;
    }
    bool logged(const std::string& part) {
        std::lock_guard<std::mutex> lock(mu);
        for (const auto& l : lines)
            if (l.find(part) != std::string::npos) return true;
        return false;
    }
    // Waits until state.bin differs from `before` (a write after the last change); its new bytes.
    std::string written_after(const std::string& before) {
        for (int i = 0; i < 100; ++i) {
            std::string now = slurp(dir / "state.bin");
            if (!now.empty() && now != before) return now;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ADD_FAILURE() << "state.bin was not written";
        return before;
    }
    // state.bin once the writer has caught up with every change (its interval is 100 ms here).
    std::string settled() {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        return slurp(dir / "state.bin");
    }
    static std::string call(int port, const std::string& method, const std::string& path, const std::string& token,
                            const std::string& body = "") {
        return exchange(port, method, path,
                        "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n", body);
    }
    static std::string id_of(const std::string& answer) {
        auto j = json_parse(answer_body(answer));
        return j && (*j)["id"].is_string() ? (*j)["id"].get<std::string>() : "";
    }
};

const char* kPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

TEST_F(StateDir, ABoardAPinAndAnUploadSurviveARestartFromWhatTheDiskHeld) {
    auto a = std::make_unique<TestServer>(config(dir));
    ASSERT_TRUE(a->ok) << a->error;
    EXPECT_TRUE(logged("state: none yet in"));
    std::string token = sign_in(a->port(), nullptr);
    ASSERT_FALSE(token.empty());
    std::string board = id_of(call(a->port(), "POST", "/v5/boards", token, R"({"name":"Kept across restarts"})"));
    ASSERT_FALSE(board.empty());
    std::string pin = id_of(call(a->port(), "POST", "/v5/pins", token,
                                 R"({"board_id":")" + board + R"(","title":"Uploaded","media_source":{"source_type":"image_base64","content_type":"image/png","data":")" + kPng + R"("}})"));
    ASSERT_FALSE(pin.empty());
    written_after("");
    // What the disk holds now is what a kill -9 would leave: a copy of it, started on, has all three.
    settled();
    fs::path copy = dir.string() + "_copy";
    fs::remove_all(copy);
    fs::copy(dir, copy);
    a.reset();
    TestServer b(config(copy));
    ASSERT_TRUE(b.ok) << b.error;
    EXPECT_TRUE(logged("state: restored from"));
    std::string got = call(b.port(), "GET", "/v5/boards/" + board, token);
    EXPECT_NE(got.find(" 200 "), std::string::npos) << got.substr(0, 300);
    std::string p = call(b.port(), "GET", "/v5/pins/" + pin, token);
    ASSERT_NE(p.find(" 200 "), std::string::npos) << p.substr(0, 300);
    auto pj = json_parse(answer_body(p));
    ASSERT_TRUE(pj);
    EXPECT_EQ((*pj)["title"], "Uploaded");
    // The upload's bytes are served back as they were sent.
    ASSERT_TRUE((*pj)["media"]["images"]["1200x"]["url"].is_string()) << p.substr(0, 600);
    std::string url = (*pj)["media"]["images"]["1200x"]["url"].get<std::string>();
    url.replace(url.find("/1200x."), 7, "/originals.");
    std::string img = exchange(b.port(), "GET", url.substr(url.find("/media/")));
    EXPECT_EQ(answer_body(img), base64_decode(kPng).value_or("")) << img.substr(0, 200);
    fs::remove_all(copy);
}

TEST_F(StateDir, ATornFileFallsBackToThePreviousState) {
    std::string board1, board2;
    {
        TestServer a(config(dir));
        ASSERT_TRUE(a.ok) << a.error;
        std::string token = sign_in(a.port(), nullptr);
        const std::string signed_in = settled();
        board1 = id_of(call(a.port(), "POST", "/v5/boards", token, R"({"name":"One"})"));
        const std::string with_one = settled();
        EXPECT_NE(with_one, signed_in);
        board2 = id_of(call(a.port(), "POST", "/v5/boards", token, R"({"name":"Two"})"));
        const std::string with_two = settled();
        EXPECT_NE(with_two, with_one);
        EXPECT_EQ(slurp(dir / "state.prev"), with_one);  // the state before the newest, whole
        a.server->stop();
        // Tear the newest file as a crash in the middle of writing it would (were it written in place).
        std::ofstream(dir / "state.bin", std::ios::binary | std::ios::trunc) << with_two.substr(0, with_two.size() / 2);
        TestServer b(config(dir));
        ASSERT_TRUE(b.ok) << b.error;
        EXPECT_TRUE(logged("using the previous state")) << "no log line";
        EXPECT_NE(call(b.port(), "GET", "/v5/boards/" + board1, token).find(" 200 "), std::string::npos);
        EXPECT_NE(call(b.port(), "GET", "/v5/boards/" + board2, token).find(" 404 "), std::string::npos);
    }
}

// A whole, sealed state.bin whose content the emulator refuses (hostile, or damaged before it was sealed) is
// passed over the same way, and set aside so the next write does not keep it as the previous state.
TEST_F(StateDir, AHostileFileFallsBackToThePreviousState) {
    TestServer a(config(dir));
    ASSERT_TRUE(a.ok) << a.error;
    std::string token = sign_in(a.port(), nullptr);
    settled();
    const std::string board = id_of(call(a.port(), "POST", "/v5/boards", token, R"({"name":"Before"})"));
    const std::string good = settled();
    call(a.port(), "POST", "/v5/boards", token, R"({"name":"After"})");
    settled();
    a.server->stop();
    EXPECT_EQ(slurp(dir / "state.prev"), good);
    std::string payload, why;
    ASSERT_TRUE(open_sealed_state(good, payload, why));
    payload[payload.size() / 2] ^= 0x55;  // sealed again after the change: only the loader can tell
    std::ofstream(dir / "state.bin", std::ios::binary | std::ios::trunc) << seal_state(payload + "extra");
    TestServer b(config(dir));
    ASSERT_TRUE(b.ok) << b.error;
    EXPECT_TRUE(logged("cannot be used (the snapshot")) << "no log line";
    EXPECT_TRUE(logged("using the previous state"));
    EXPECT_NE(call(b.port(), "GET", "/v5/boards/" + board, token).find(" 200 "), std::string::npos);
    EXPECT_TRUE(fs::exists(dir / "state.bad"));
    // The next write keeps the good state as the previous one, not the hostile file.
    call(b.port(), "POST", "/v5/boards", token, R"({"name":"Later"})");
    settled();
    EXPECT_EQ(slurp(dir / "state.prev"), good);
}

TEST_F(StateDir, AFileItCannotTrustIsRefusedUnlessReset) {
    fs::create_directories(dir);
    std::ofstream(dir / "state.bin", std::ios::binary) << "PLST not really a state";
    TestServer refused(config(dir));
    EXPECT_FALSE(refused.ok);
    EXPECT_NE(refused.error.find("--state-reset"), std::string::npos) << refused.error;
    // A sealed file whose payload the emulator refuses (hostile bytes) is refused the same way.
    std::ofstream(dir / "state.bin", std::ios::binary | std::ios::trunc) << seal_state("PLSN hostile");
    TestServer hostile(config(dir));
    EXPECT_FALSE(hostile.ok);
    TestServer reset(config(dir, true));
    ASSERT_TRUE(reset.ok) << reset.error;
    EXPECT_TRUE(logged("--state-reset: starting from the seed data"));
    EXPECT_EQ(written_after("PLST not really a state").substr(0, 4), "PLST");
}

TEST(StateFile, TheSealDetectsTearsAndChanges) {
    std::string payload = "hello state", out, why;
    std::string sealed = seal_state(payload);
    ASSERT_TRUE(open_sealed_state(sealed, out, why)) << why;
    EXPECT_EQ(out, payload);
    EXPECT_FALSE(open_sealed_state(sealed.substr(0, sealed.size() - 1), out, why));
    EXPECT_NE(why.find("torn"), std::string::npos);
    std::string flipped = sealed;
    flipped.back() ^= 1;
    EXPECT_FALSE(open_sealed_state(flipped, out, why));
    EXPECT_NE(why.find("checksum"), std::string::npos);
    EXPECT_FALSE(open_sealed_state("", out, why));
}

}  // namespace
