// test_snapshot.cpp — Emulator::save_state()/load_state() and DemoHost's restore: a state full of changes
// (created, edited and deleted boards, sections and pins, an upload, a PKCE sign-in) answers the same GETs
// after a round trip and its tokens still work; truncated, corrupted, wrong-version, wrong-seed and
// absurd-count snapshots are refused with a reason, without a crash, leaving the emulator fresh.
#include "core/wire.h"
#include "emu_test_util.h"
#include "emulator/demo_host.h"

namespace pinlab::emu::test {
namespace {

const std::string kRedirect = "http://localhost:8080/oauth/callback";

std::string join_scopes() {
    std::string s;
    for (const auto& x : kAllScopes) s += (s.empty() ? "" : ",") + x;
    return s;
}

struct SnapshotTest : EmuFixture {
    void SetUp() override {
        opts.rate_limit.enabled = false;  // many writes in a row
        start();
    }
    std::string access, refresh;  // from the PKCE sign-in
    std::string board, section, upload_pin, url_pin, deleted_pin, edited_pin, deleted_board, png;

    // Signs in through consent + PKCE like the page does, then changes a bit of everything.
    void make_changes() {
        const std::string verifier = pkce_make_verifier();
        Params a{{"client_id", "pinlab-demo"},
                 {"redirect_uri", kRedirect},
                 {"response_type", "code"},
                 {"scope", join_scopes()},
                 {"state", "s"},
                 {"code_challenge", pkce_challenge_s256(verifier)},
                 {"code_challenge_method", "S256"}};
        std::string code = param(query_of(consent(*emu, a, now)), "code").value_or("");
        ASSERT_FALSE(code.empty());
        Response t = send(make("POST", "/v5/oauth/token", "",
                               form_encode({{"grant_type", "authorization_code"},
                                            {"code", code},
                                            {"redirect_uri", kRedirect},
                                            {"client_id", "pinlab-demo"},
                                            {"code_verifier", verifier}}),
                               "application/x-www-form-urlencoded"));
        ASSERT_EQ(t.status, 200) << t.body;
        access = str(body_json(t), "access_token");
        refresh = str(body_json(t), "refresh_token");

        Response b = post("/v5/boards", {{"name", "Snapshot board"}, {"description", "Made before the reload"}});
        ASSERT_EQ(b.status, 201) << b.body;
        board = str(body_json(b), "id");
        Response s = post("/v5/boards/" + board + "/sections", {{"name", "Kept section"}});
        ASSERT_EQ(s.status, 201) << s.body;
        section = str(body_json(s), "id");
        png = encode_png(8, 6, std::vector<uint8_t>(8 * 6 * 4, 77));
        Response p =
            post("/v5/pins",
                 {{"board_id", board},
                  {"board_section_id", section},
                  {"title", "Uploaded ✓"},
                  {"media_source",
                   {{"source_type", "image_base64"}, {"content_type", "image/png"}, {"data", base64_encode(png)}}}});
        ASSERT_EQ(p.status, 201) << p.body;
        upload_pin = str(body_json(p), "id");
        Response q =
            post("/v5/pins", {{"board_id", board},
                              {"title", "From a URL"},
                              {"link", "https://example.com/x"},
                              {"media_source", {{"source_type", "image_url"}, {"url", "https://example.com/a.jpg"}}}});
        ASSERT_EQ(q.status, 201) << q.body;
        url_pin = str(body_json(q), "id");
        ASSERT_EQ(patch("/v5/boards/" + board, {{"description", "Edited"}}).status, 200);

        std::vector<json> seed_pins = all_items("/v5/pins?page_size=5");
        ASSERT_GE(seed_pins.size(), 3u);
        edited_pin = str(seed_pins[1], "id");
        deleted_pin = str(seed_pins[2], "id");
        ASSERT_EQ(patch("/v5/pins/" + edited_pin, {{"title", "Edited title"}, {"alt_text", nullptr}}).status, 200);
        ASSERT_EQ(del("/v5/pins/" + deleted_pin).status, 204);
        deleted_board = first_board_id("SECRET");
        ASSERT_EQ(del("/v5/boards/" + deleted_board).status, 204);  // with its sections and pins
        ASSERT_EQ(post("/v5/media", {{"media_type", "video"}}).status, 201);
    }

    // GETs whose answers must not change across a save and load (status and body).
    std::vector<std::string> probes() const {
        return {"/v5/user_account",
                "/v5/boards?page_size=250",
                "/v5/boards/" + board,
                "/v5/boards/" + board + "/sections",
                "/v5/boards/" + board + "/pins",
                "/v5/boards/" + board + "/sections/" + section + "/pins",
                "/v5/boards/" + deleted_board,
                "/v5/pins/" + upload_pin,
                "/v5/pins/" + url_pin,
                "/v5/pins/" + edited_pin,
                "/v5/pins/" + deleted_pin,
                "/v5/pins?page_size=250",
                "/v5/media",
                "/v5/search/pins?query=edited",
                "/media/pins/" + upload_pin + "/originals.png",
                "/media/pins/" + url_pin + "/150x150.png"};
    }
};

TEST(Snapshot, SeedOnlyIsSmallAndStaysLazy) {
    Emulator a(Options{});
    const std::string lazy = a.save_state();  // never used: the seed data was not built, and is not now
    EXPECT_EQ(lazy.size(), 28u);              // the header alone
    Emulator b(Options{});
    std::string err;
    ASSERT_TRUE(b.load_state(lazy, &err)) << err;
    EXPECT_EQ(b.save_state(), lazy);  // still unseeded

    a.prepare();
    const std::string seeded = a.save_state();
    EXPECT_LT(seeded.size(), 200u);  // the 1,000 seed pins are rebuilt from the seed, not stored
    ASSERT_TRUE(b.load_state(seeded, &err)) << err;
    EXPECT_EQ(b.save_state(), seeded);
    std::printf("snapshot bytes: unused %zu, seed only %zu\n", lazy.size(), seeded.size());
}

TEST_F(SnapshotTest, RoundTripAnswersTheSameAndTokensStillWork) {
    make_changes();
    const std::string saved = emu->save_state();
    std::printf("snapshot bytes after changes: %zu (of which the uploaded PNG %zu)\n", saved.size(), png.size());

    Emulator restored(opts);
    std::string err;
    ASSERT_TRUE(restored.load_state(saved, &err)) << err;
    for (const auto& url : probes()) {
        Response x = emu->handle(make("GET", url, access), now);
        Response y = restored.handle(make("GET", url, access), now);
        EXPECT_EQ(x.status, y.status) << url;
        EXPECT_EQ(x.body, y.body) << url;
    }
    EXPECT_EQ(restored.handle(make("GET", "/v5/pins/" + deleted_pin, access), now).status, 404);
    EXPECT_EQ(restored.handle(make("GET", "/media/pins/" + upload_pin + "/originals.png"), now).body, png);
    EXPECT_EQ(str(body_json(restored.handle(make("GET", "/v5/pins/" + edited_pin, access), now)), "title"),
              "Edited title");
    // The same state gives the same bytes again.
    EXPECT_EQ(restored.save_state(), saved);

    // Both continue alike: the next id and the next token come from the saved sequence and random stream.
    Response nb1 = post("/v5/boards", {{"name", "After"}});
    Response nb2 = restored.handle(make("POST", "/v5/boards", token, R"({"name":"After"})"), now);
    ASSERT_EQ(nb2.status, 201) << nb2.body;
    EXPECT_EQ(str(body_json(nb1), "id"), str(body_json(nb2), "id"));

    // The refresh token works too (and rotates) in the restored emulator.
    Response r = restored.handle(
        make("POST", "/v5/oauth/token", "",
             form_encode({{"grant_type", "refresh_token"}, {"refresh_token", refresh}, {"client_id", "pinlab-demo"}}),
             "application/x-www-form-urlencoded"),
        now + 1000);
    ASSERT_EQ(r.status, 200) << r.body;
    const std::string next = str(body_json(r), "access_token");
    EXPECT_EQ(restored.handle(make("GET", "/v5/user_account", next), now + 2000).status, 200);
    EXPECT_EQ(restored.handle(make("GET", "/v5/user_account", "pina.unknown"), now).status, 401);
}

TEST_F(SnapshotTest, DemoHostRestoresOrSaysWhyNot) {
    make_changes();
    const std::string saved = emu->save_state();
    DemoHost h;
    DemoStartResult r = h.start("pinlab-demo", kRedirect, saved);
    EXPECT_TRUE(r.restored) << r.error;
    EXPECT_EQ(r.describe(), "restored the saved Demo data");
    EXPECT_EQ(h.handle(make("GET", "/v5/boards/" + board, access), now).status, 200);
    EXPECT_EQ(h.snapshot(), saved);

    DemoHost fresh;
    EXPECT_TRUE(fresh.snapshot().empty());  // not started
    r = fresh.start("pinlab-demo", kRedirect);
    EXPECT_FALSE(r.restored);
    EXPECT_TRUE(r.error.empty());
    EXPECT_EQ(fresh.handle(make("GET", "/v5/user_account", access), now).status, 401);

    DemoHost refused;
    r = refused.start("pinlab-demo", kRedirect, saved.substr(0, saved.size() / 2));
    EXPECT_FALSE(r.restored);
    EXPECT_FALSE(r.error.empty());
    EXPECT_NE(r.describe().find("the saved data was refused: the snapshot is"), std::string::npos) << r.describe();
    const std::string t = refused.emulator()->mint_access_token("pinlab-demo", kAllScopes, now);
    EXPECT_EQ(refused.handle(make("GET", "/v5/boards/" + board, t), now).status, 404);  // fresh data
}

// [SECTION] Hostile snapshots ----------------------------------------------------------------------------

struct HostileSnapshot : SnapshotTest {
    void SetUp() override {
        opts.pin_count = 8;  // every prefix and every byte is tried: keep each load cheap
        SnapshotTest::SetUp();
    }
    // The emulator is back at its fresh seed state: nothing created survives, no saved token works.
    void expect_fresh(Emulator& e) {
        EXPECT_EQ(e.handle(make("GET", "/v5/user_account", access), now).status, 401);
        const std::string t = e.mint_access_token("pinlab-demo", kAllScopes, now);
        EXPECT_EQ(e.handle(make("GET", "/v5/boards/" + board, t), now).status, 404);
        EXPECT_EQ(e.handle(make("GET", "/v5/pins/" + deleted_pin, t), now).status, 200);
    }
};

TEST_F(HostileSnapshot, EveryTruncationIsRefused) {
    make_changes();
    const std::string saved = emu->save_state();
    Emulator e(opts);
    for (size_t n = 0; n < saved.size(); ++n) {
        std::string err;
        ASSERT_FALSE(e.load_state(std::string_view(saved).substr(0, n), &err)) << n;
        ASSERT_FALSE(err.empty()) << n;
    }
    std::string err;
    EXPECT_FALSE(e.load_state(saved + "x", &err));
    EXPECT_EQ(err, "the snapshot is corrupted (bytes after its end)");
    expect_fresh(e);
}

TEST_F(HostileSnapshot, CorruptedBytesNeverCrashAndRefusalsLeaveItFresh) {
    make_changes();
    const std::string saved = emu->save_state();
    int refused = 0, accepted = 0;
    for (size_t i = 0; i < saved.size(); ++i) {
        for (unsigned char x : {0xFFu, 0x01u}) {
            if (x == 0x01u && i % 5 != 0) continue;  // the low bit of every fifth byte: enough, and quicker
            std::string bad = saved;
            bad[i] = static_cast<char>(bad[i] ^ x);
            Emulator e(opts);
            std::string err;
            if (!e.load_state(bad, &err)) {
                ++refused;
                ASSERT_FALSE(err.empty());
                ASSERT_EQ(e.handle(make("GET", "/v5/user_account", access), now).status, 401) << i;
                continue;
            }
            ++accepted;  // a changed title, date or token character is still a valid state: it must work
            const std::string t = e.mint_access_token("pinlab-demo", kAllScopes, now);
            for (const char* url : {"/v5/boards?page_size=250", "/v5/pins?page_size=250", "/v5/media",
                                    "/v5/search/pins?query=a", "/v5/user_account"})
                ASSERT_EQ(e.handle(make("GET", url, t), now).status, 200) << i << " " << url;
            json pins = body_json(e.handle(make("GET", "/v5/pins?page_size=250", t), now));
            int rendered = 0;
            for (const auto& p : pins["items"]) {  // the newest pins' images render (or are served)
                if (++rendered > 4) break;
                const std::string url = "/media/pins/" + str(p, "id") + "/150x150.png";
                int w = 0, h = 0;
                std::vector<uint8_t> rgba;
                if (!e.render_image(url, w, h, rgba, 64))
                    ASSERT_EQ(e.handle(make("GET", "/media/pins/" + str(p, "id") + "/originals.png"), now).status, 200);
            }
        }
    }
    EXPECT_GT(refused, 100);
    EXPECT_GT(accepted, 0);
}

TEST_F(HostileSnapshot, WrongVersionSeedFlavourOrSizeIsRefused) {
    make_changes();
    const std::string saved = emu->save_state();
    std::string err;

    std::string v1 = saved;  // the version before token families: its tokens could not be revoked as a family
    v1[4] = 1;
    Emulator e(opts);
    EXPECT_FALSE(e.load_state(v1, &err));
    EXPECT_EQ(err, "snapshot version 1 (this emulator reads versions 5 to 7)");
    EXPECT_FALSE(e.load_state("PLSN", &err));
    EXPECT_EQ(err, "the snapshot is truncated");
    EXPECT_FALSE(e.load_state("not a snapshot at all", &err));
    EXPECT_EQ(err, "not an emulator snapshot");
    EXPECT_FALSE(e.load_state("", &err));
    expect_fresh(e);

    Options other = opts;
    other.seed = 2;
    Emulator s2(other);
    EXPECT_FALSE(s2.load_state(saved, &err));
    EXPECT_EQ(err, "the snapshot is of another seed (1)");
    other = opts;
    other.pin_count = 9;
    Emulator p9(other);
    EXPECT_FALSE(p9.load_state(saved, &err));
    EXPECT_EQ(err, "the snapshot is of another data set (8 pins)");
    other = opts;
    other.flavor = Flavor::Strict;  // Public and Sandbox share their data (Demo switches rules); Strict does not
    Emulator st(other);
    EXPECT_FALSE(st.load_state(saved, &err));
    EXPECT_EQ(err, "the snapshot is of another flavour");

    // Seed data built by other code (here: a changed fingerprint) is refused rather than patched.
    std::string fp = saved;
    fp[28] = static_cast<char>(fp[28] ^ 1);
    EXPECT_FALSE(e.load_state(fp, &err));
    EXPECT_EQ(err, "the snapshot was saved by another version of the seed data");
}

TEST_F(HostileSnapshot, AbsurdCountsAreRefusedBeforeAllocating) {
    emu->prepare();
    const std::string base = emu->save_state();  // seeded, nothing changed: the layout is known
    // header 28, fingerprint 8, rng 8, next_seq 8, user id, username, seed epoch 8, then the board count
    const size_t boards_at = 28 + 8 + 8 + 8 + (4 + 19) + (4 + 11) + 8;
    WireReader peek(std::string_view(base).substr(boards_at));
    uint32_t n = 99;
    ASSERT_TRUE(peek.u32(n));
    ASSERT_EQ(n, 0u);  // no changed boards
    for (uint32_t absurd : {0xFFFFFFFFu, 200001u, 1000u}) {
        std::string bad = base;
        WireWriter w;
        w.u32(absurd);
        bad.replace(boards_at, 4, w.out());
        Emulator e(opts);
        std::string err;
        EXPECT_FALSE(e.load_state(bad, &err));
        EXPECT_EQ(err, "the snapshot is corrupted (" + std::to_string(absurd) + " boards)");
    }
    Emulator e(opts);
    std::string err;
    EXPECT_FALSE(e.load_state(std::string(65u << 20, 'P'), &err));
    EXPECT_EQ(err, "the snapshot is too large");
}

TEST_F(HostileSnapshot, AFailedLoadDropsWhatWasThere) {
    make_changes();
    const std::string saved = emu->save_state();
    Emulator e(opts);
    std::string err;
    ASSERT_TRUE(e.load_state(saved, &err)) << err;
    EXPECT_EQ(e.handle(make("GET", "/v5/boards/" + board, access), now).status, 200);
    EXPECT_FALSE(e.load_state(saved.substr(0, saved.size() - 3), &err));
    expect_fresh(e);
}

// Token families survive a snapshot (RFC 9700 §4.14.2): revoking the sign-in's refresh token kills its access
// token, and it stays dead after a restore; the live state round-trips to the same bytes.
TEST_F(SnapshotTest, RevokedTokenFamiliesStayRevoked) {
    make_changes();
    ASSERT_EQ(get("/v5/user_account", access).status, 200);
    Response rv = send(make("POST", "/v5/oauth/token/revoke", "",
                            form_encode({{"token", refresh}, {"token_type_hint", "refresh_token"}, {"client_id", "pinlab-demo"}}),
                            "application/x-www-form-urlencoded"));
    ASSERT_EQ(rv.status, 200) << rv.body;
    ASSERT_EQ(get("/v5/user_account", access).status, 401) << "the family's access token died with its refresh token";
    const std::string saved = emu->save_state();
    Emulator restored(opts);
    std::string err;
    ASSERT_TRUE(restored.load_state(saved, &err)) << err;
    EXPECT_EQ(restored.handle(make("GET", "/v5/user_account", access), now).status, 401);
    EXPECT_EQ(restored.save_state(), saved);
}

}  // namespace
}  // namespace pinlab::emu::test

