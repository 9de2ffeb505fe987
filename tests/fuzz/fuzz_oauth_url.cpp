// fuzz_oauth_url.cpp — libFuzzer target: the OAuth redirect (?code=&state= / ?error=) as the page
// parses it, and the URL, query, form and percent decoders under it; the request log's redaction.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/oauth.h"
#include "core/request_log.h"
#include "core/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string in(reinterpret_cast<const char*>(data), size);
    if (auto u = pinlab::parse_url(in)) {
        (void)u->origin();
        (void)pinlab::parse_query(u->query);
    }
    (void)pinlab::parse_query(in);
    (void)pinlab::form_decode(in);
    (void)pinlab::percent_decode(in, true);
    (void)pinlab::redact_text(in);
    (void)pinlab::split_scopes(in);

    // A sign-in in progress, then the fuzzed redirect: must never accept a state it did not issue.
    pinlab::MemoryStorage storage;
    pinlab::OAuthConfig cfg;
    cfg.authorize_url = "http://127.0.0.1:8080/oauth/";
    cfg.token_url = "http://127.0.0.1:8080/v5/oauth/token";
    cfg.client_id = "pinlab-demo";
    cfg.redirect_uri = "http://127.0.0.1:8080/";
    pinlab::OAuth oauth(cfg, storage);
    (void)oauth.begin_sign_in();
    auto r = oauth.handle_redirect("http://127.0.0.1:8080/?" + in);
    if (r.ok() && in.find("state=") == std::string::npos) __builtin_trap();  // no state, no code
    return 0;
}
