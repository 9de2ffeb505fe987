// emulator.h — the Pinterest API v5 emulator as a library with no I/O: a Request in, a Response
// out. Used behind HTTP by pinlab-server, inside the WASM page as the Demo backend, and
// in-process by the native tests. Everything is deterministic from Options::seed and the clock
// the caller passes in.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/http.h"

namespace pinlab {
class Catalogue;  // core/catalogue.h
}

namespace pinlab::emu {

enum class Flavor {
    Public,   // PKCE public clients allowed; CORS headers for allowed origins
    Strict,   // as Pinterest documents production: Basic auth with the secret required, no CORS
    Sandbox,  // as api-sandbox: operations marked x-sandbox: disabled answer like the sandbox
};

struct ClientApp {
    std::string client_id;
    std::vector<std::string> redirect_uris;  // exact-match list
    std::string secret;                      // empty = public client (PKCE only)
    std::string name = "Pinlab";
};

// Deterministic faults for tests and demos. Probabilities are 0..1 and drawn from the seed.
struct Faults {
    double latency_ms = 0;        // added to every response (reported through Response header X-Emulator-Delay-Ms)
    double p_5xx = 0;             // 500/503 with Pinterest's error body
    double p_429 = 0;             // rate-limit response, code 8
    double p_malformed = 0;       // body that is not JSON
    double p_truncated = 0;       // JSON cut in the middle
    double p_drop = 0;            // connection dropped: see Response header X-Emulator-Drop
    bool expire_tokens_now = false;  // every access token issued so far expires now
    // One-shot faults, in order: each answers the next API call (the OAuth token endpoints excepted, so
    // sign-in and refresh keep working) before the probabilities are drawn — a person's "next call: 429".
    // Kinds (is_fault_kind): "429" (with X-RateLimit-Reset: 3), "401" (the access tokens expire now, so the
    // call answers as for an expired token), "403" (code 29), "500", "503", "timeout" (the answer is held past
    // any client's timeout), "malformed" (HTML instead of JSON), "truncated" (JSON cut in half), "drop".
    std::vector<std::string> next;
};

// True for the kinds Faults::next accepts.
bool is_fault_kind(std::string_view kind);

// Rate limits per access token and x-ratelimit-category, in a per-second and a per-minute window.
// 0 = the built-in per-category defaults (see ratelimit.cpp for the numbers and why).
struct RateLimitOptions {
    bool enabled = true;
    int per_second = 0;
    int per_minute = 0;
};

// Bounds on what clients can make the emulator store (pins, boards and bytes over all accounts; generic
// objects per account).
struct Quotas {
    int max_pins = 20000;                     // pins created past the seed data: 429
    int max_boards = 2000;                    // boards and sections together
    size_t max_stored_bytes = 256u << 20;     // uploaded image bytes kept (pins and carousels)
    int max_pending_codes = 10000;            // authorization codes not yet expired: consent answers 503
    int max_codes_per_peer = 20;              // of those, per client and address (X-Emulator-Peer): 429
    int max_generic_objects = 2000;           // objects created through the generic layer, per account: 429
    size_t max_generic_bytes = 4u << 20;      // their JSON, per account: 413
};

struct Options {
    Flavor flavor = Flavor::Public;
    uint64_t seed = 1;
    std::vector<ClientApp> clients;          // a demo client is added when empty
    std::vector<std::string> allowed_origins;  // CORS (Public flavour); "*" allows any
    std::string public_base_url;             // absolute origin used in URLs the emulator hands out (images), e.g. "http://127.0.0.1:8080"; empty = relative
    // Enables /_emulator/* (same origin only, see control_allowed): GET/POST /_emulator/faults reads and sets
    // Faults (POST takes any subset of its fields; "next" replaces the one-shot queue) and reports "fired",
    // the one-shot faults that answered calls (newest 20, with "fired_total"), and "flavor"; POST
    // /_emulator/reset goes back to the seed data.
    bool control_endpoint = false;
    int pin_count = 1000;                    // size of the seed data set
    Faults faults;
    RateLimitOptions rate_limit;
    Quotas quotas;
    // Image answers that need drawing carry a render job (X-Emulator-Render) instead of the PNG, so
    // a multi-threaded host can draw outside its lock (render_deferred, then cache_image).
    bool defer_image_renders = false;
    // The catalogue (catalogue.json, parsed by the host: the emulator does no I/O) that drives the generic
    // layer answering every operation without a modelled handler. Without it those answer 501.
    std::shared_ptr<const Catalogue> catalogue;
};

// The demo client registered by default ("pinlab-demo", public, PKCE). Redirect URIs:
// <prefix>/oauth/callback and <prefix>/ ; with an empty prefix, those under http://localhost:8080 and
// http://127.0.0.1:8080.
ClientApp default_demo_client(const std::string& redirect_uri_prefix = "");
// A confidential client also registered by default ("pinlab-confidential", secret "pinlab-demo-secret"),
// for the Strict flavour and token brokers. Same redirect URIs as the demo client.
ClientApp default_confidential_client(const std::string& redirect_uri_prefix = "");

class Emulator {
public:
    explicit Emulator(Options opts);
    ~Emulator();
    Emulator(const Emulator&) = delete;
    Emulator& operator=(const Emulator&) = delete;

    // Handles one request at wall-clock time `now_ms` (milliseconds since the Unix epoch).
    // The URL may be absolute or origin-relative; only its path and query matter.
    // Special response headers (never sent to a browser by the server):
    //   X-Emulator-Drop: 1        -> the transport should fail with a network error
    //   X-Emulator-Delay-Ms: N    -> the transport should deliver the response N ms later
    // and on API answers X-Emulator-Source: modelled (a handler of a modelled resource) or generic (the
    // catalogue-driven layer, generic.h), which the Explorer shows.
    Response handle(const Request& req, int64_t now_ms);
    // As handle(), with the JSON body already parsed by the caller, so a host that runs handle() under
    // a lock parses (the costly part of a large body) outside it. The handler that reads the body
    // takes it from `parsed_body` instead of parsing req.body; nullptr = as handle() above.
    Response handle(const Request& req, int64_t now_ms, nlohmann::json* parsed_body);
    // As above; an image answer's bytes (uploaded, or drawn and kept) are not copied into the response
    // but handed out in `*shared_body` (the response's body stays empty): immutable bytes shared with
    // the emulator's store, which a host under a lock takes by reference and sends after releasing it.
    // Left empty for every other answer; nullptr = as above.
    Response handle(const Request& req, int64_t now_ms, nlohmann::json* parsed_body,
                    std::shared_ptr<const std::string>* shared_body);

    // Builds the seed data now rather than on the first request (it is built lazily, so constructing an
    // emulator stays cheap for callers that only need its configuration).
    void prepare();

    // The PNG for a deferred image answer's X-Emulator-Render job; empty if the job is malformed.
    // Touches no emulator state, so it may run on any thread without the host's lock.
    static std::string render_deferred(std::string_view job);
    // Keeps a PNG drawn by render_deferred for `path` in the emulator's cache.
    void cache_image(const std::string& path, std::string png);
    // As above, keeping the caller's immutable bytes (no copy).
    void cache_image(const std::string& path, std::shared_ptr<const std::string> png);

    Faults& faults();
    const Options& options() const;
    // Whether a handler of a modelled resource answers this operationId (else the generic layer does, which
    // needs the catalogue: hosts that load it lazily ask this first).
    static bool modelled(std::string_view operation_id);
    // Replaces Options::catalogue (the Demo worker loads it after the emulator exists).
    void set_catalogue(std::shared_ptr<const Catalogue> catalogue);

    // Back to the seed data: drops tokens, codes, created objects and rate-limit counters.
    void reset();

    // Raw RGBA pixels of a generated image served by the emulator (path as it appears in a pin's media URLs,
    // absolute or relative, e.g. "/media/pins/<pin_id>/600x.png"). False for unknown paths and for uploaded
    // (image_base64) images, whose original bytes are served instead.
    // max_width > 0 renders a proportionally smaller image when the size is wider (thumbnails).
    bool render_image(const std::string& path, int& width, int& height, std::vector<uint8_t>& rgba,
                      int max_width = 0);

    // Issues an access token directly, like the developer portal's "Generate Access Token" (no consent
    // step). For tests, demos and the Demo mode of the page. `account`: the username (or user id) of the account
    // the token acts for, empty = the first (pinlab_demo; the others: pinlab_pinner, a PINNER, and
    // pinlab_partner, a BUSINESS account sharing pinlab_demo's business). Empty string for an unknown client
    // or account.
    std::string mint_access_token(const std::string& client_id, const std::vector<std::string>& scopes,
                                  int64_t now_ms, const std::string& account = "");

    // The state as compact, versioned bytes (snapshot.cpp), so the page's Demo emulator survives a reload:
    // everything the seed data does not already say (created, edited and deleted objects, uploads, tokens,
    // codes, the id sequence and random stream). Loading needs the same seed, pin_count and flavour (and
    // seed data built by the same code); anything else, and any malformed input, is refused with a reason
    // in `error`, and the emulator is then back at its fresh seed state. Options and faults are not saved.
    std::string save_state() const;
    bool load_state(std::string_view bytes, std::string* error);

    // Rough size in bytes of the state held (seed data, tokens, uploaded images, image cache).
    size_t memory_estimate() const;

    struct Impl;  // opaque; public only so the emulator's own .cpp files can name it

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace pinlab::emu
