// client_engine.h — the inside of the client (core/client.h is its contract; the UI never includes this):
// the operations it calls, a Job (one request and what to do with its answer) and Client::Impl, the request
// engine: a queue of jobs drained in pump(), with retries, backoff, rate-limit pacing, token refresh, a
// watchdog, the request log and what the answers proved about the token's scopes. The engine is
// client.cpp; the sign-in (client_sign_in.cpp), the endpoints (client_endpoints.cpp) and the media upload
// (client_upload.cpp) hand it jobs.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/client.h"

namespace pinlab {

// [SECTION] Operations (rows of the spec table in core/operations.h), each named after its operationId ("/"
// becomes "_"): the one name the spec, the emulator's routes, the request log and the Explorer use -------------

namespace ops {
extern const OperationInfo user_account_get;
extern const OperationInfo user_account_analytics;
extern const OperationInfo user_account_analytics_top_pins;
extern const OperationInfo boards_list;
extern const OperationInfo boards_create;
extern const OperationInfo boards_get;
extern const OperationInfo boards_update;
extern const OperationInfo boards_delete;
extern const OperationInfo boards_list_pins;
extern const OperationInfo board_sections_list;
extern const OperationInfo board_sections_create;
extern const OperationInfo board_sections_update;
extern const OperationInfo board_sections_delete;
extern const OperationInfo board_sections_list_pins;
extern const OperationInfo pins_list;
extern const OperationInfo pins_create;
extern const OperationInfo pins_get;
extern const OperationInfo pins_update;
extern const OperationInfo pins_delete;
extern const OperationInfo pins_save;
extern const OperationInfo pins_analytics;
extern const OperationInfo multi_pins_analytics;
extern const OperationInfo search_user_pins_list;
extern const OperationInfo search_user_boards_get;
extern const OperationInfo media_list;
extern const OperationInfo media_get;
extern const OperationInfo media_create;
extern const OperationInfo ad_accounts_list;
extern const OperationInfo oauth_token;
extern const OperationInfo token_revoke;
extern const OperationInfo raw_get;
extern const OperationInfo user_account_analytics_top_video_pins;
extern const OperationInfo followers_list;
extern const OperationInfo user_following_get;
extern const OperationInfo boards_user_follows_list;
extern const OperationInfo follow_user_update;
extern const OperationInfo user_websites_get;
extern const OperationInfo verify_website_update;
extern const OperationInfo unverify_website_delete;
extern const OperationInfo website_verification_get;
extern const OperationInfo linked_business_accounts_get;
extern const OperationInfo get_business_employers;
extern const OperationInfo get_business_partners;
// Not an API operation: the file POSTed to a media upload's upload_url (S3).
extern const OperationInfo media_upload;
}  // namespace ops

// [SECTION] Jobs --------------------------------------------------------------------------------------

struct Job {
    OperationInfo op;
    std::string url;                  // absolute or origin-relative, complete
    std::optional<std::string> body;
    std::string content_type = "application/json";
    bool authed = true;               // sends the Bearer token
    std::shared_ptr<CallBase> call;
    Client::Finish finish;            // 2xx: decode into the call
    std::function<void(const Completion&)> special;  // token/revoke/raw: handles every outcome itself
    int attempt = 0;
    bool replayed_after_refresh = false;
    double not_before = 0;
    RequestId rid = 0;
    double sent_at = 0;
    uint64_t log_id = 0;
    bool waiting_auth = false;
    std::string log_body;             // non-empty: what the log shows instead of the body (uploads)
};

// A job for one of the OAuth form POSTs (code exchange, refresh, revoke) as OAuth built it: no Bearer
// token, the form's URL, body and content type; `special` handles every outcome.
std::unique_ptr<Job> oauth_job(const OperationInfo& op, const Request& req, std::shared_ptr<CallBase> call,
                               std::function<void(const Completion&)> special);

// [SECTION] The engine --------------------------------------------------------------------------------

struct Client::Impl {
    Transport& tr;
    ClientConfig cfg;
    OAuth oauth;
    RequestLog log;
    std::deque<std::unique_ptr<Job>> waiting;
    std::vector<std::unique_ptr<Job>> inflight;
    std::map<std::string, RateLimitState> limits;
    std::vector<std::function<bool()>> tasks;
    uint64_t next_call_id = 1;
    std::shared_ptr<Call<Tokens>> refresh_call;  // the running (or last) refresh, for refresh_now()
    bool refresh_running = false;
    ScopeEvidence evidence;
    bool api_answered = false;  // some request got an HTTP answer (any status) from this client's API
    Impl(Transport& t, ClientConfig c, Storage& s);

    static void add_unique(std::vector<std::string>& v, const std::string& x);
    static bool has(const std::vector<std::string>& v, const std::string& x);
    // An authed operation succeeded: the token has every scope it needs.
    void scopes_granted(const OperationInfo& op);
    // A refusal for missing scopes: a scope the message names, else the one required scope not yet proven.
    void scopes_refused(const OperationInfo& op, const std::string& message);
    int64_t epoch_ms() const;
    int64_t now_s() const;
    // Any HTTP answer is the call's result (the console, the consent step); only transport failures are errors.
    static std::function<void(const Completion&)> any_answer(std::shared_ptr<Call<Response>> call, OperationInfo op);
    static void complete(CallBase& c, ApiError e);
    void fail(Job& j, ApiError e);
    void update_limits(const OperationInfo& op, const Response& r, double now);
    // True when requests of this category must wait (pacing from X-RateLimit-Remaining).
    bool held(const OperationInfo& op, double now);
    std::string base_url(std::string_view path_and_query) const;
    void start(Job& j, double now);
    void start_refresh();
    // After a refresh: replay requests that waited for it, or fail them if we are signed out.
    void wake_auth_waiters();
    void handle(std::unique_ptr<Job> jp, const Completion& c, double now);
    void dispatch(double now);
    void pump();
    void enqueue(std::unique_ptr<Job> j);
};

}  // namespace pinlab
