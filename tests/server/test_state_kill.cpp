// test_state_kill.cpp — pinlab-server --state-dir against kill -9 of the real program (real_server.h): a board,
// a pin with an uploaded image and a video upload made over HTTP are there, with the same ids, after SIGKILL
// and a restart on the same folder; and while a client keeps creating, changing and deleting, many kills at
// random moments (some in the middle of a state write) each leave a state that loads and hangs together, that
// holds every change answered more than a second before the kill and nothing that was never sent.
#include <gtest/gtest.h>
#include <sys/inotify.h>
#include <poll.h>

#include <algorithm>
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

// [SECTION] Kills while a client writes --------------------------------------------------------------------

// One change the client asked for: what, and when it was answered (answered = false: the kill came first, so
// it may or may not have happened).
struct Op {
    enum Kind { Board, Pin, Count, Delete, Video } kind = Board;
    std::string name;   // Board/Delete: the board's name; Pin: its title; Video: the media id
    std::string board;  // Pin: its board's name
    int value = 0;      // Count: the counter's new value
    Clock::time_point answered_at;
    bool answered = false;
};

// The client: creates boards and pins (each name used once), counts up in one board's description, deletes
// its oldest board once kLive are there, uploads a video now and then; as fast as the server answers, until
// stop or until the server is gone. An answer that is not the expected one from a live server is `failure`.
struct Writer {
    static constexpr size_t kLive = 8;
    int port = 0;
    std::string token, counter_id;
    std::vector<std::pair<std::string, std::string>> boards;  // name, id: the client's boards, oldest first
    std::vector<Op> ops;                                      // this round's
    int next = 0, counter = 0;
    std::string failure;
    std::mt19937_64 rng;  // its own: the kill moments are drawn on the test's thread meanwhile

    // The request for step k (recorded in ops before it is sent); the status it expects and the answer.
    int send(int k, Op& op, Answer& a) {
        if (k % 4 == 0 && boards.size() >= kLive) {
            op.kind = Op::Delete;
            op.name = boards.front().first;
            a = call(port, "DELETE", "/v5/boards/" + boards.front().second, token);
            if (a.status == 204) boards.erase(boards.begin());
            return 204;
        }
        if (k % 4 == 0 || boards.empty()) {
            op.kind = Op::Board;
            op.name = "kb" + std::to_string(next++);
            a = call(port, "POST", "/v5/boards", token, json_dump(json{{"name", op.name}}));
            if (a.status == 201) boards.emplace_back(op.name, text(a.body, "id"));
            return 201;
        }
        if (k % 4 != 2) {
            op.kind = Op::Pin;
            op.name = "kp" + std::to_string(next++);
            const auto& b = boards[rng() % boards.size()];
            op.board = b.first;
            a = call(port, "POST", "/v5/pins", token, pin_body(b.second, op.name));
            return 201;
        }
        if (k % 8 == 2) {
            op.kind = Op::Count;
            op.value = ++counter;
            a = call(port, "PATCH", "/v5/boards/" + counter_id, token,
                     json_dump(json{{"description", std::to_string(op.value)}}));
            return 200;
        }
        op.kind = Op::Video;
        std::string why;
        op.name = upload_video(port, token, a.status, why);
        if (!op.name.empty()) return a.status;
        a.body = why;
        return a.status == 0 ? 0 : -1;
    }
    void run(const std::atomic<bool>& stop) {
        for (int k = 0; !stop; ++k) {
            ops.emplace_back();
            Answer a;
            const int expect = send(k, ops.back(), a);
            if (a.status == 0) return;  // killed
            if (a.status != expect) {
                failure = "step " + std::to_string(k) + ": HTTP " + std::to_string(a.status) + " " + json_dump(a.body);
                return;
            }
            ops.back().answered = true;
            ops.back().answered_at = Clock::now();
        }
    }
};

// What the restarted server holds of the client's work, read through the API: the client's boards by name
// (and the counter's value), its pins by title with their board's name, its videos. Every object listed is
// also read on its own; `problems` says what did not hang together.
struct Seen {
    std::map<std::string, std::string> boards;  // name -> id ("kb..." only)
    std::map<std::string, std::string> pins;    // title -> board name ("kp..." only)
    std::set<std::string> videos;               // media ids not "registered"
    int counter = -1;
    std::vector<std::string> problems;
};

Seen read_back(int port, const std::string& token, const std::string& counter_id) {
    Seen s;
    auto problem = [&](const std::string& p) { s.problems.push_back(p); };
    std::vector<json> boards, pins, media;
    if (!all_items(port, token, "/v5/boards?page_size=250", boards) ||
        !all_items(port, token, "/v5/pins?page_size=250", pins) ||
        !all_items(port, token, "/v5/media?page_size=250", media))
        return problem("a listing did not answer 200"), s;
    std::map<std::string, std::string> board_names;  // id -> name, every board
    for (const json& b : boards) {
        const std::string id = text(b, "id"), name = text(b, "name");
        board_names[id] = name;
        if (name.rfind("kb", 0) == 0 && !s.boards.emplace(name, id).second) problem("two boards named " + name);
        if (name.rfind("kb", 0) != 0 && id != counter_id) continue;  // the seed's boards: read by the listing
        Answer one = call(port, "GET", "/v5/boards/" + id, token);
        if (one.status != 200 || text(one.body, "name") != name) problem("board " + id + " is listed but reads " + std::to_string(one.status));
        if (id == counter_id) s.counter = std::atoi(text(one.body, "description").c_str());
    }
    for (const json& p : pins) {
        const std::string id = text(p, "id"), title = text(p, "title"), board = text(p, "board_id");
        if (!board_names.count(board)) problem("pin " + id + " is on board " + board + ", which is not listed");
        if (title.rfind("kp", 0) != 0) continue;
        if (!s.pins.emplace(title, board_names[board]).second) problem("two pins titled " + title);
        Answer one = call(port, "GET", "/v5/pins/" + id, token);
        if (one.status != 200 || text(one.body, "board_id") != board)
            problem("pin " + id + " is listed but reads " + std::to_string(one.status));
    }
    for (const auto& [name, id] : s.boards) {  // each board's own list agrees with the list of all pins
        std::vector<json> on;
        size_t expected = 0;
        for (const auto& [t, b] : s.pins) expected += b == name;
        if (!all_items(port, token, "/v5/boards/" + id + "/pins?page_size=250", on) || on.size() != expected)
            problem("board " + name + " lists " + std::to_string(on.size()) + " pins, not " + std::to_string(expected));
    }
    for (const json& m : media) {
        const std::string id = text(m, "media_id");
        if (text(m, "status") == "registered") continue;
        Answer one = call(port, "GET", "/v5/media/" + id, token);
        if (one.status != 200) problem("media " + id + " is listed but reads " + std::to_string(one.status));
        s.videos.insert(id);
    }
    if (s.counter < 0) problem("the counter board is gone");
    return s;
}

// Across rounds: every name the client ever sent, and what the last restart held (it was on disk, so it
// stays unless the client deleted it since).
struct Model {
    std::set<std::string> sent_boards;
    std::map<std::string, std::string> sent_pins;  // title -> board name
    int sent_counter = 0;
    Seen before;
    std::vector<int64_t> lost_ages_ms;  // for each answered change not found after a kill: its age then
};

// Checks what the restart holds against the last state and this round's ops, killed at `kill_at`.
void check_round(Model& m, const std::vector<Op>& ops, const Seen& now, Clock::time_point kill_at, int round) {
    for (const auto& p : now.problems) ADD_FAILURE() << "round " << round << ": " << p;
    std::set<std::string> deleted;  // boards the client asked to delete this round (answered or not)
    int must_count = m.before.counter;
    auto age = [&](const Op& op) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(kill_at - op.answered_at).count();
    };
    auto lost = [&](const Op& op, const std::string& what) {
        m.lost_ages_ms.push_back(age(op));
        EXPECT_LT(age(op), kPromiseMs) << "round " << round << ": " << what << ", answered " << age(op)
                                       << " ms before the kill, is gone";
    };
    for (const Op& op : ops) {
        if (op.kind == Op::Delete) deleted.insert(op.name);
        if (op.kind == Op::Board) m.sent_boards.insert(op.name);
        if (op.kind == Op::Pin) m.sent_pins[op.name] = op.board;
        if (op.kind == Op::Count) m.sent_counter = std::max(m.sent_counter, op.value);
    }
    for (const auto& [name, id] : m.before.boards)
        EXPECT_TRUE(deleted.count(name) || now.boards.count(name)) << "round " << round << ": restored board " << name << " vanished";
    for (const auto& [title, board] : m.before.pins)
        EXPECT_TRUE(!now.boards.count(board) || now.pins.count(title)) << "round " << round << ": restored pin " << title << " vanished";
    for (const auto& id : m.before.videos) EXPECT_TRUE(now.videos.count(id)) << "round " << round << ": restored video " << id << " vanished";
    for (const Op& op : ops) {
        if (!op.answered) continue;
        if (op.kind == Op::Board && !deleted.count(op.name) && !now.boards.count(op.name)) lost(op, "board " + op.name);
        if (op.kind == Op::Pin && now.boards.count(op.board) && !now.pins.count(op.name)) lost(op, "pin " + op.name);
        if (op.kind == Op::Video && !now.videos.count(op.name)) lost(op, "video " + op.name);
        if (op.kind == Op::Delete) {
            EXPECT_TRUE(age(op) < kPromiseMs || !now.boards.count(op.name)) << "round " << round << ": deleted board " << op.name << " is back";
        }
        if (op.kind == Op::Count && now.counter < op.value) lost(op, "counter value " + std::to_string(op.value));
        if (op.kind == Op::Count && age(op) >= kPromiseMs) must_count = std::max(must_count, op.value);
    }
    // Nothing that was never sent; the counter never goes back past what the last second could lose.
    for (const auto& [name, id] : now.boards) EXPECT_TRUE(m.sent_boards.count(name)) << "round " << round << ": board " << name << " was never sent";
    for (const auto& [title, board] : now.pins) {
        auto sent = m.sent_pins.find(title);
        EXPECT_TRUE(sent != m.sent_pins.end() && sent->second == board) << "round " << round << ": pin " << title << " on " << board;
    }
    EXPECT_GE(now.counter, must_count) << "round " << round;
    EXPECT_LE(now.counter, m.sent_counter) << "round " << round;
    m.before = now;
}

// Waits until the server starts a state write (state.tmp is created), up to `timeout_ms`.
bool wait_for_write(int inotify_fd, int timeout_ms) {
    const auto end = Clock::now() + std::chrono::milliseconds(timeout_ms);
    alignas(inotify_event) char buf[4096];
    while (Clock::now() < end) {
        pollfd p{inotify_fd, POLLIN, 0};
        const int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count());
        if (::poll(&p, 1, std::max(left, 1)) <= 0) continue;
        const ssize_t n = ::read(inotify_fd, buf, sizeof buf);
        for (ssize_t at = 0; at < n;) {
            const auto* e = reinterpret_cast<const inotify_event*>(buf + at);
            if (e->len && std::string(e->name) == "state.tmp") return true;
            at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
        }
    }
    return false;
}

uint64_t kill_seed() {
    if (const char* s = std::getenv("PINLAB_KILL_SEED")) return std::strtoull(s, nullptr, 10);
    return std::random_device{}();
}

TEST_F(KillTest, KillsAtRandomMomentsWhileAClientWritesNeverCorruptOrLoseMoreThanASecond) {
    constexpr int kRounds = 20;  // even rounds: a random moment; odd rounds: inside a state write
    const uint64_t seed = kill_seed();
    std::printf("kill test seed %llu (PINLAB_KILL_SEED=%llu repeats it)\n", static_cast<unsigned long long>(seed),
                static_cast<unsigned long long>(seed));
    RecordProperty("seed", std::to_string(seed));
    std::mt19937_64 rng(seed);
    std::string error;
    ASSERT_TRUE(start(error)) << error;
    Writer w;
    w.rng.seed(rng());
    w.token = sign_in(server.port(), nullptr, &error);
    ASSERT_FALSE(w.token.empty()) << error;
    Answer counter = call(server.port(), "POST", "/v5/boards", w.token, R"({"name":"counter","description":"0"})");
    ASSERT_EQ(counter.status, 201);
    w.counter_id = text(counter.body, "id");
    std::this_thread::sleep_for(std::chrono::milliseconds(kPromiseMs));  // the token and the counter are on disk
    Model model;
    model.before.counter = 0;
    const int inotify_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    ASSERT_GE(inotify_fd, 0);
    ASSERT_GE(::inotify_add_watch(inotify_fd, dir.c_str(), IN_CREATE), 0);
    int mid_write = 0, ops_total = 0;
    const auto t0 = Clock::now();
    for (int round = 0; round < kRounds && !HasFailure(); ++round) {
        w.port = server.port();
        w.ops.clear();
        std::atomic<bool> stop{false};
        char drain[4096];
        while (::read(inotify_fd, drain, sizeof drain) > 0) {
        }
        std::thread client([&] { w.run(stop); });
        if (round % 2 == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 1500)(rng)));
        } else if (wait_for_write(inotify_fd, 3000)) {
            std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 3000)(rng)));
        }
        const auto kill_at = Clock::now();
        server.kill9();
        stop = true;
        client.join();
        ASSERT_EQ(w.failure, "") << "round " << round;
        ops_total += static_cast<int>(w.ops.size());
        mid_write += fs::exists(dir / "state.tmp");
        // The newest state file is whole after any kill: it is only ever replaced by a rename.
        {
            const pinlab::server::StoredState st = pinlab::server::read_state_files(dir.string());
            EXPECT_TRUE(st.found && st.error.empty() && st.note.empty()) << "round " << round << ": " << st.error << st.note;
            EXPECT_EQ(st.file, (dir / "state.bin").string()) << "round " << round;
        }
        ASSERT_TRUE(start(error)) << "round " << round << ": " << error;
        EXPECT_NE(server.log().find("state: restored from"), std::string::npos) << server.log();
        const Seen now = read_back(server.port(), w.token, w.counter_id);
        check_round(model, w.ops, now, kill_at, round);
        w.boards.assign(now.boards.begin(), now.boards.end());
        std::sort(w.boards.begin(), w.boards.end(), [](const auto& a, const auto& b) {
            return std::stoi(a.first.substr(2)) < std::stoi(b.first.substr(2));
        });
        w.counter = model.sent_counter;
    }
    ::close(inotify_fd);
    const auto secs = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count() / 1000.0;
    const int64_t worst = model.lost_ages_ms.empty() ? 0 : *std::max_element(model.lost_ages_ms.begin(), model.lost_ages_ms.end());
    std::printf("%d kills in %.1f s (%d inside a state write), %d changes sent, %zu answered changes lost, the oldest "
                "answered %lld ms before its kill\n",
                kRounds, secs, mid_write, ops_total, model.lost_ages_ms.size(), static_cast<long long>(worst));
    EXPECT_GT(mid_write, 0) << "no kill landed inside a state write";
}

}  // namespace
