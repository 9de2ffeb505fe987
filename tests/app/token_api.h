// token_api.h — for the app's tests: the API as a pasted token meets it (an account, three boards, scripted
// on the tests' one ScriptedTransport), and signing in with a pasted token against it.
#pragma once

#include <string>

#include "app/fake_platform.h"
#include "app/state.h"
#include "core/url.h"

namespace pinlab::app::test {

using pinlab::test::json_reply;
using pinlab::test::Reply;

inline const char* kBoards3 =
    R"({"items":[{"id":"11","name":"Alpha"},{"id":"12","name":"Beta"},{"id":"13","name":"Gamma"}],"bookmark":null})";

// The API as a pasted token meets it: an account, three boards; `fail_boards` makes the boards calls fail.
struct TokenApi {
    ScriptedTransport net;
    bool fail_boards = false;
    bool refuse_account = false;
    int account_status = 200;   // another status for GET /user_account (401: the token is not valid)
    bool unreachable = false;   // no answer at all (fetch's status 0)
    TokenApi() {
        net.responder = [this](const Request& r) -> Reply {
            auto u = parse_url(r.url);
            std::string path = u ? u->path : r.url;
            if (unreachable) return pinlab::test::net_error(TransportError::Network, "Failed to fetch");
            const std::string boards = "/v5/boards";
            if (path.size() >= boards.size() && path.compare(path.size() - boards.size(), boards.size(), boards) == 0) {
                if (fail_boards)
                    return json_reply(400, R"({"code":1,"message":"Invalid parameters (the test's failure)."})");
                return json_reply(200, kBoards3);
            }
            if (path.find("/user_account") != std::string::npos) {
                if (refuse_account)
                    return json_reply(401, R"({"code":3,"message":"Your token does not have sufficient permissions to perform this operation."})");
                if (account_status == 401)
                    return json_reply(401, R"({"code":2,"message":"Authentication failed."})");
                return json_reply(200, R"({"username":"tok_user","account_type":"BUSINESS"})");
            }
            return json_reply(200, R"({"items":[],"bookmark":null})");
        };
    }
};

inline void sign_in_with_token(Harness& h, TokenApi& api, const std::string& config = "") {
    api.net.follow = &h.p.now;
    h.p.network_override = &api.net;
    if (!config.empty()) h.p.config = config;
    h.p.local["pinlab.settings"] = R"({"backend":"token"})";
    h.start();
    h.frame();
    AppState* s = state_for_tests();
    s->session.use_pasted_token(*s, "pina_pastedtoken0123456789");
    // Signed in once the API has answered the token (GET /v5/user_account).
    ASSERT_TRUE(h.until([&] { return s->signed_in(); }));
}

}  // namespace pinlab::app::test
