// bench_memory.cpp — the heap an emulator keeps per sign-in and per generic object, the two kinds of state a
// client can make it hold for long (SECURITY.md, attack scenarios 8 and 9): malloc's bytes in use before and
// after 1,000 sign-ins (consent, code exchange with PKCE, one refresh, each from its own address) and after
// 1,800 campaigns made through the generic layer (30 a request, names of 200 characters). The generic figure
// needs the catalogue: PINLAB_CATALOGUE=build/native-release/generated/spec/catalogue.json.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/catalogue.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/url.h"
#include "emulator/emulator.h"

namespace {

using pinlab::Params;
using pinlab::Request;
using pinlab::Response;
using pinlab::emu::Emulator;
using pinlab::emu::Options;

constexpr int64_t kNow = 1750000000000LL;
const std::string kRedirect = "http://localhost:8080/";

Request post(const std::string& url, const std::string& body, const std::string& type, const std::string& peer) {
    Request r;
    r.method = "POST";
    r.url = url;
    r.body = body;
    r.headers.set("Content-Type", type);
    if (!peer.empty()) r.headers.set("X-Emulator-Peer", peer);
    return r;
}

size_t heap_in_use() {
    malloc_trim(0);
    return mallinfo2().uordblks;
}

// One sign-in as the page makes it, then one refresh; false when a step is refused.
bool sign_in_and_refresh(Emulator& emu, const std::string& peer) {
    static const std::string verifier(43, 'v');
    Params consent{{"client_id", "pinlab-demo"}, {"redirect_uri", kRedirect}, {"response_type", "code"},
                   {"state", "s"}, {"scope", "user_accounts:read,boards:read,boards:write,pins:read,pins:write,ads:read"},
                   {"code_challenge", pinlab::pkce_challenge_s256(verifier)}, {"code_challenge_method", "S256"},
                   {"decision", "allow"}};
    const char* form = "application/x-www-form-urlencoded";
    Response r = emu.handle(post("/oauth/", pinlab::form_encode(consent), form, peer), kNow);
    auto where = pinlab::parse_url(std::string(r.headers.get("Location")));
    if (r.status != 302 || !where) return false;
    std::string code = pinlab::param(pinlab::parse_query(where->query), "code").value_or("");
    Response t = emu.handle(post("/v5/oauth/token",
                                 pinlab::form_encode({{"grant_type", "authorization_code"}, {"code", code},
                                                      {"redirect_uri", kRedirect}, {"client_id", "pinlab-demo"},
                                                      {"code_verifier", verifier}}),
                                 form, peer),
                            kNow);
    auto j = pinlab::json_parse(t.body);
    if (t.status != 200 || !j) return false;
    Response again = emu.handle(post("/v5/oauth/token",
                                     pinlab::form_encode({{"grant_type", "refresh_token"},
                                                          {"refresh_token", (*j)["refresh_token"].get<std::string>()},
                                                          {"client_id", "pinlab-demo"}}),
                                     form, peer),
                                kNow);
    return again.status == 200;
}

void BM_HeapPerSignIn(benchmark::State& state) {
    constexpr int kSignIns = 1000;
    double per = 0;
    for (auto _ : state) {
        Emulator emu{Options{}};
        emu.prepare();
        if (!sign_in_and_refresh(emu, "10.1.0.1")) return state.SkipWithError("a sign-in was refused");
        const size_t before = heap_in_use();
        for (int i = 0; i < kSignIns; ++i)
            if (!sign_in_and_refresh(emu, "10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250)))
                return state.SkipWithError("a sign-in was refused");
        per = static_cast<double>(heap_in_use() - before) / kSignIns;
    }
    state.counters["bytes_per_sign_in"] = per;
    std::printf("heap kept per sign-in (code, 2 access tokens, the rotated and the new refresh token, rate "
                "windows): %.0f bytes\n", per);
}
BENCHMARK(BM_HeapPerSignIn)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_HeapPerGenericObject(benchmark::State& state) {
    const char* path = std::getenv("PINLAB_CATALOGUE");
    std::ifstream in(path ? path : "");
    if (!in) return state.SkipWithError("set PINLAB_CATALOGUE to the build's catalogue.json");
    std::stringstream text;
    text << in.rdbuf();
    Options o;
    o.rate_limit.enabled = false;
    o.catalogue = pinlab::Catalogue::parse(text.str());
    std::string body = "[";
    for (int k = 0; k < 30; ++k)
        body += std::string(k ? "," : "") + R"({"ad_account_id":"549755885175","objective_type":"AWARENESS","name":")" +
                std::string(200, static_cast<char>('a' + k % 20)) + "\"}";
    body += "]";
    double per = 0;
    for (auto _ : state) {
        Emulator emu(o);
        emu.prepare();
        Request r = post("/v5/ad_accounts/549755885175/campaigns", body, "application/json", "");
        r.headers.set("Authorization", "Bearer " + emu.mint_access_token("pinlab-demo", {"ads:read", "ads:write"}, kNow));
        if (emu.handle(r, kNow).status != 200) return state.SkipWithError("the first campaigns were refused");
        const size_t before = heap_in_use();
        int made = 0;
        for (int i = 0; i < 60; ++i, made += 30)
            if (emu.handle(r, kNow).status != 200) return state.SkipWithError("campaigns were refused");
        per = static_cast<double>(heap_in_use() - before) / made;
    }
    state.counters["bytes_per_object"] = per;
    std::printf("heap kept per generic object (a campaign with a 200-character name): %.0f bytes\n", per);
}
BENCHMARK(BM_HeapPerGenericObject)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
