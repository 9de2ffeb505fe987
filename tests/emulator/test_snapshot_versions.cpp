// test_snapshot_versions.cpp — snapshots written by earlier versions of the emulator still load: a version 6
// snapshot (tokens and codes kept as their text) loads with its sign-ins intact (the tokens work, a rotated
// refresh token is still recognised, a revoked family stays revoked, a pending code can be exchanged, a used
// one replayed is refused), and a version 5 one (the first account's follows and websites only) too. And the
// current version writes no token or code as itself.
#include "emu_test_util.h"
#include "snapshot_v6_fixture.h"

namespace pinlab::emu::test {
namespace {

const std::string kRedirect = "http://localhost:8080/oauth/callback";

std::string from_hex(const char* hex) {
    std::string out;
    for (const char* p = hex; p[0] && p[1]; p += 2) out += static_cast<char>(std::stoi(std::string(p, 2), nullptr, 16));
    return out;
}

struct SnapshotVersions : ::testing::Test {
    Options opts = [] {
        Options o;
        o.pin_count = 8;  // as the fixture was saved
        return o;
    }();
    const std::string v6 = from_hex(v6::kHex);

    static Response token(Emulator& e, const Params& form) {
        return e.handle(make("POST", "/v5/oauth/token", "", form_encode(form), "application/x-www-form-urlencoded"), kNow);
    }
    static int status(Emulator& e, const std::string& url, const std::string& tok) {
        return e.handle(make("GET", url, tok), kNow).status;
    }
};

TEST_F(SnapshotVersions, AVersion6SnapshotLoadsWithItsSignIns) {
    ASSERT_EQ(v6.substr(0, 5), std::string("PLSN\x06", 5));
    Emulator e(opts);
    std::string why;
    ASSERT_TRUE(e.load_state(v6, &why)) << why;
    // The tokens it held act as before: both access tokens of the rotated sign-in, the minted one; not the
    // revoked family's.
    EXPECT_EQ(status(e, "/v5/user_account", v6::access1), 200);
    EXPECT_EQ(status(e, "/v5/user_account", v6::access2), 200);
    EXPECT_EQ(status(e, "/v5/user_account", v6::minted), 200);
    EXPECT_EQ(status(e, "/v5/user_account", v6::revoked_access), 401);
    EXPECT_EQ(code_of(token(e, {{"grant_type", "refresh_token"}, {"refresh_token", v6::revoked_refresh},
                                {"client_id", "pinlab-demo"}})), 283);
    // The website the first account added is kept.
    EXPECT_NE(e.handle(make("GET", "/v5/user_account/websites", v6::minted), kNow).body.find("kept.example.com"),
              std::string::npos);
    // The live refresh token rotates; the one rotated before the save, used again, ends the family.
    Response r = token(e, {{"grant_type", "refresh_token"}, {"refresh_token", v6::refresh2}, {"client_id", "pinlab-demo"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(str(body_json(r), "scope"), "boards:read pins:read user_accounts:read");
    const std::string access3 = str(body_json(r), "access_token");
    EXPECT_EQ(status(e, "/v5/user_account", access3), 200);
    EXPECT_EQ(code_of(token(e, {{"grant_type", "refresh_token"}, {"refresh_token", v6::refresh1},
                                {"client_id", "pinlab-demo"}})), 283);
    EXPECT_EQ(status(e, "/v5/user_account", access3), 401);
    EXPECT_EQ(status(e, "/v5/user_account", v6::access1), 401);
    // The pending code is exchanged with its verifier, for the account picked on the consent page; the used
    // one is refused.
    EXPECT_EQ(code_of(token(e, {{"grant_type", "authorization_code"}, {"code", v6::pending_code},
                                {"redirect_uri", kRedirect}, {"client_id", "pinlab-demo"},
                                {"code_verifier", std::string(43, 'x')}})), 283);  // a wrong verifier uses it up
    Emulator again(opts);
    ASSERT_TRUE(again.load_state(v6, &why)) << why;
    r = token(again, {{"grant_type", "authorization_code"}, {"code", v6::pending_code}, {"redirect_uri", kRedirect},
                      {"client_id", "pinlab-demo"}, {"code_verifier", v6::verifier_c}});
    ASSERT_EQ(r.status, 200) << r.body;
    Response me = again.handle(make("GET", "/v5/user_account", str(body_json(r), "access_token")), kNow);
    EXPECT_EQ(str(body_json(me), "username"), "pinlab_partner") << me.body;
    EXPECT_EQ(code_of(token(again, {{"grant_type", "authorization_code"}, {"code", v6::code_a},
                                    {"redirect_uri", kRedirect}, {"client_id", "pinlab-demo"},
                                    {"code_verifier", std::string(43, 'a')}})), 283);
    EXPECT_EQ(status(again, "/v5/user_account", v6::access2), 401) << "a replayed code ends what it issued";
    // Saved again, it is the current version, and that round-trips to the same bytes.
    const std::string v7 = again.save_state();
    EXPECT_EQ(v7[4], 7);
    Emulator third(opts);
    ASSERT_TRUE(third.load_state(v7, &why)) << why;
    EXPECT_EQ(third.save_state(), v7);
    EXPECT_EQ(status(third, "/v5/user_account", v6::minted), 200);
    EXPECT_EQ(status(third, "/v5/user_account", v6::access2), 401);
}

// A version 5 snapshot: as version 6 but "flag 1, then the lists" of the first account's follows and websites
// where version 6 writes "1 account: its id, then the lists". What it held is kept; the others have the seed's.
TEST_F(SnapshotVersions, AVersion5SnapshotStillLoads) {
    const std::string id = kAccounts[0].id;
    std::string entry("\x01\0\0\0", 4);
    entry += std::string(1, static_cast<char>(id.size())) + std::string("\0\0\0", 3) + id;
    const size_t at = v6.rfind(entry);
    ASSERT_NE(at, std::string::npos);
    std::string v5 = v6.substr(0, at) + std::string("\x01\0\0\0", 4) + v6.substr(at + entry.size());
    v5[4] = 5;
    Emulator old(opts), fresh(opts);
    std::string why;
    ASSERT_TRUE(old.load_state(v5, &why)) << why;
    const char* accounts[] = {"pinlab_demo", "pinlab_pinner", "pinlab_partner"};
    for (int a = 1; a < 3; ++a) {
        const std::string t = old.mint_access_token("pinlab-demo", {"user_accounts:read"}, kNow, accounts[a]);
        const std::string f = fresh.mint_access_token("pinlab-demo", {"user_accounts:read"}, kNow, accounts[a]);
        for (const char* url : {"/v5/user_account/websites?page_size=250", "/v5/user_account/following?page_size=250"})
            EXPECT_EQ(old.handle(make("GET", url, t), kNow).body, fresh.handle(make("GET", url, f), kNow).body)
                << accounts[a] << url;
    }
    EXPECT_NE(old.handle(make("GET", "/v5/user_account/websites", v6::minted), kNow).body.find("kept.example.com"),
              std::string::npos);
    EXPECT_EQ(status(old, "/v5/user_account", v6::access2), 200);
}

// Tokens and codes are kept (and saved) as digests: a snapshot, which the page keeps in its storage and
// pinlab-server in its state directory, holds no token or code that could be used.
TEST_F(SnapshotVersions, NoTokenOrCodeIsSavedAsItself) {
    Emulator e(opts);
    const std::string verifier = pkce_make_verifier();
    Params a{{"client_id", "pinlab-demo"}, {"redirect_uri", kRedirect}, {"response_type", "code"},
             {"scope", "boards:read"}, {"state", "s"}, {"code_challenge", pkce_challenge_s256(verifier)},
             {"code_challenge_method", "S256"}};
    const std::string used = param(query_of(consent(e, a, kNow)), "code").value_or("");
    const std::string pending = param(query_of(consent(e, a, kNow)), "code").value_or("");
    ASSERT_FALSE(used.empty());
    Response t = token(e, {{"grant_type", "authorization_code"}, {"code", used}, {"redirect_uri", kRedirect},
                           {"client_id", "pinlab-demo"}, {"code_verifier", verifier}});
    ASSERT_EQ(t.status, 200) << t.body;
    const std::string minted = e.mint_access_token("pinlab-demo", {"boards:read"}, kNow);
    const std::string saved = e.save_state();
    for (const std::string& secret : {used, pending, str(body_json(t), "access_token"),
                                      str(body_json(t), "refresh_token"), minted, pkce_challenge_s256(verifier),
                                      kRedirect}) {
        ASSERT_GT(secret.size(), 20u);
        EXPECT_EQ(saved.find(secret.substr(5, 16)), std::string::npos) << secret;
    }
    Emulator restored(opts);
    std::string why;
    ASSERT_TRUE(restored.load_state(saved, &why)) << why;
    EXPECT_EQ(status(restored, "/v5/boards", str(body_json(t), "access_token")), 200);
    EXPECT_EQ(status(restored, "/v5/boards", minted), 200);
}

}  // namespace
}  // namespace pinlab::emu::test
