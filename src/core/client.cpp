// client.cpp — the API client engine: a queue of jobs drained in pump(), with retries, backoff,
// rate-limit pacing, token refresh and the request log. See client.h for the contract.
#include "core/client.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <iterator>

#include "core/dates.h"
#include "core/oauth.h"
#include "core/operations.h"
#include "core/scopes.h"
#include "core/text.h"
#include "core/url.h"

namespace pinlab {

// [SECTION] Operations (rows of the spec table in core/operations.h) ---------------------------------

namespace ops {
const OperationInfo user_account_get = operation_info("user_account/get");
const OperationInfo user_account_analytics = operation_info("user_account/analytics");
const OperationInfo top_pins = operation_info("user_account/analytics/top_pins");
const OperationInfo boards_list = operation_info("boards/list");
const OperationInfo boards_create = operation_info("boards/create");
const OperationInfo boards_get = operation_info("boards/get");
const OperationInfo boards_update = operation_info("boards/update");
const OperationInfo boards_delete = operation_info("boards/delete");
const OperationInfo boards_list_pins = operation_info("boards/list_pins");
const OperationInfo sections_list = operation_info("board_sections/list");
const OperationInfo sections_create = operation_info("board_sections/create");
const OperationInfo sections_update = operation_info("board_sections/update");
const OperationInfo sections_delete = operation_info("board_sections/delete");
const OperationInfo sections_list_pins = operation_info("board_sections/list_pins");
const OperationInfo pins_list = operation_info("pins/list");
const OperationInfo pins_create = operation_info("pins/create");
const OperationInfo pins_get = operation_info("pins/get");
const OperationInfo pins_update = operation_info("pins/update");
const OperationInfo pins_delete = operation_info("pins/delete");
const OperationInfo pins_save = operation_info("pins/save");
const OperationInfo pins_analytics = operation_info("pins/analytics");
const OperationInfo multi_pins_analytics = operation_info("multi_pins/analytics");
const OperationInfo search_pins = operation_info("search_user_pins/list");
const OperationInfo search_boards = operation_info("search_user_boards/get");
const OperationInfo media_list = operation_info("media/list");
const OperationInfo media_get = operation_info("media/get");
const OperationInfo media_create = operation_info("media/create");
const OperationInfo ad_accounts_list = operation_info("ad_accounts/list");
const OperationInfo oauth_token = operation_info("oauth/token");
const OperationInfo oauth_revoke = operation_info("token/revoke");
const OperationInfo raw_get{"raw", "GET", "", "", false};
const OperationInfo top_video_pins = operation_info("user_account/analytics/top_video_pins");
const OperationInfo followers = operation_info("followers/list");
const OperationInfo following = operation_info("user_following/get");
const OperationInfo following_boards = operation_info("boards_user_follows/list");
const OperationInfo follow_user = operation_info("follow_user/update");
const OperationInfo websites = operation_info("user_websites/get");
const OperationInfo website_verify = operation_info("verify_website/update");
const OperationInfo website_unverify = operation_info("unverify_website/delete");
const OperationInfo website_code = operation_info("website_verification/get");
const OperationInfo businesses = operation_info("linked_business_accounts/get");
const OperationInfo employers = operation_info("get/business_employers");
const OperationInfo partners = operation_info("get/business_partners");
// Not an API operation: the file POSTed to a media upload's upload_url (S3).
const OperationInfo media_upload{"media/upload (upload_url)", "POST", "", "", true};
}  // namespace ops

// [SECTION] RetryPolicy -------------------------------------------------------------------------------

double RetryPolicy::delay_ms(int attempt) const {
    double d = base_delay_ms * std::pow(2.0, std::max(0, attempt - 2));
    d = std::min(d, max_delay_ms);
    double r;
    if (random01) {
        r = random01();
    } else {
        static uint64_t s = 0x9E3779B97F4A7C15ull;  // xorshift: jitter needs spread, not secrecy
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        r = static_cast<double>(s >> 11) / 9007199254740992.0;
    }
    r = std::clamp(r, 0.0, 1.0);
    return d * (1.0 - jitter * r);
}

// [SECTION] Jobs --------------------------------------------------------------------------------------

namespace {

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
                               std::function<void(const Completion&)> special) {
    auto j = std::make_unique<Job>();
    j->op = op;
    j->authed = false;
    j->url = req.url;
    j->body = req.body;
    std::string_view ct = req.headers.get("Content-Type");
    j->content_type = ct.empty() ? "application/x-www-form-urlencoded" : std::string(ct);
    j->call = std::move(call);
    j->special = std::move(special);
    return j;
}

}  // namespace

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

    Impl(Transport& t, ClientConfig c, Storage& s)
        : tr(t), cfg(std::move(c)), oauth(cfg.oauth, s), log(cfg.log_capacity, cfg.log_body_cap) {
        if (cfg.api_base.find("api-sandbox.pinterest.com") != std::string::npos) cfg.sandbox = true;
    }

    static void add_unique(std::vector<std::string>& v, const std::string& x) {
        auto it = std::lower_bound(v.begin(), v.end(), x);
        if (it == v.end() || *it != x) v.insert(it, x);
    }
    static bool has(const std::vector<std::string>& v, const std::string& x) {
        return std::binary_search(v.begin(), v.end(), x);
    }
    // An authed operation succeeded: the token has every scope it needs.
    void scopes_granted(const OperationInfo& op) {
        for (const auto& sc : split_scopes(op.scopes)) {
            add_unique(evidence.confirmed, sc);
            auto it = std::lower_bound(evidence.missing.begin(), evidence.missing.end(), sc);
            if (it != evidence.missing.end() && *it == sc) evidence.missing.erase(it);  // a wrong guess, corrected
        }
    }
    // A refusal for missing scopes: a scope the message names, else the one required scope not yet proven.
    void scopes_refused(const OperationInfo& op, const std::string& message) {
        bool named = false;
        for (const ScopeInfo* i = scopes_begin(); i != scopes_end(); ++i) {
            std::string n = i->name;
            size_t at = message.find(n);
            // Whole names only: "pins:read" must not match inside "pins:read_secret".
            while (at != std::string::npos) {
                size_t end = at + n.size();
                bool word_end = end >= message.size() || !(std::isalnum(static_cast<unsigned char>(message[end])) ||
                                                           message[end] == '_' || message[end] == ':');
                if (word_end && !has(evidence.confirmed, n)) {
                    add_unique(evidence.missing, n);
                    named = true;
                    break;
                }
                at = message.find(n, at + 1);
            }
        }
        if (named) return;
        std::vector<std::string> unproven;
        for (const auto& sc : split_scopes(op.scopes))
            if (!has(evidence.confirmed, sc)) unproven.push_back(sc);
        if (unproven.size() == 1) add_unique(evidence.missing, unproven[0]);
        else if (unproven.size() > 1) add_unique(evidence.unclear, join(unproven, " or "));
    }

    int64_t epoch_ms() const {
        if (cfg.epoch_ms) return cfg.epoch_ms();
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
    int64_t now_s() const { return epoch_ms() / 1000; }

    // Any HTTP answer is the call's result (the console, the consent step); only transport failures are errors.
    static std::function<void(const Completion&)> any_answer(std::shared_ptr<Call<Response>> call, OperationInfo op) {
        return [call, op](const Completion& c) {
            if (c.error != TransportError::None) {
                complete(*call, error_from_transport(c.error, c.error_detail, op));
                return;
            }
            call->value = c.response;
            complete(*call, {});
        };
    }
    static void complete(CallBase& c, ApiError e) {
        if (c.state != CallState::Pending) return;
        if (e.ok()) {
            c.state = CallState::Done;
        } else {
            c.error = std::move(e);
            c.state = CallState::Failed;
        }
    }

    void fail(Job& j, ApiError e) {
        if (e.operation.empty()) e.operation = j.op.name;
        std::string detail = e.message;
        complete(*j.call, std::move(e));
        if (j.special) {  // let token/revoke jobs clean up (the call above already holds the real error)
            Completion c;
            c.error = TransportError::Cancelled;
            c.error_detail = detail;
            j.special(c);
        }
    }

    void update_limits(const OperationInfo& op, const Response& r, double now) {
        std::string cat = std::string(r.headers.get("x-ratelimit-category"));
        if (cat.empty()) cat = op.category;
        if (cat.empty()) return;
        std::string_view rem = r.headers.get("X-RateLimit-Remaining");
        if (rem.empty() && r.status != 429) return;
        RateLimitState& s = limits[cat];
        s.updated_ms = now;
        if (!rem.empty()) s.remaining = std::atoll(std::string(rem).c_str());
        if (r.status == 429) s.remaining = 0;
        std::string_view lim = r.headers.get("X-RateLimit-Limit");
        if (!lim.empty()) s.limit = std::atoll(std::string(lim).c_str());  // first number of "100, 100;w=1, …"
        std::string_view reset = r.headers.get("X-RateLimit-Reset");
        if (!reset.empty()) {
            double v = std::atof(std::string(reset).c_str());
            if (!std::isfinite(v) || v < 0) v = 0;
            if (v > 1e9) v = std::max(0.0, v - static_cast<double>(epoch_ms()) / 1000.0);  // an epoch, not a delta
            s.reset_at_ms = now + v * 1000.0;
        } else if (s.remaining <= cfg.pace_reserve) {
            s.reset_at_ms = now + cfg.pace_default_wait_ms;
        }
    }

    // True when requests of this category must wait (pacing from X-RateLimit-Remaining).
    bool held(const OperationInfo& op, double now) {
        auto it = limits.find(op.category);
        if (it == limits.end()) return false;
        RateLimitState& s = it->second;
        if (s.remaining < 0 || now >= s.reset_at_ms) return false;
        int64_t running = 0;
        for (const auto& j : inflight)
            if (std::string_view(j->op.category) == op.category) ++running;
        return running >= s.remaining - cfg.pace_reserve;
    }

    std::string base_url(std::string_view path_and_query) const {
        std::string b = cfg.api_base;
        while (!b.empty() && b.back() == '/') b.pop_back();
        return b + std::string(path_and_query);
    }

    void start(Job& j, double now) {
        Request r;
        r.method = j.op.method;
        r.url = j.url;
        r.timeout_ms = cfg.timeout_ms;
        r.headers.set("Accept", "application/json");
        if (j.body) {
            r.body = *j.body;
            r.headers.set("Content-Type", j.content_type);
        }
        if (j.authed && oauth.tokens()) r.headers.set("Authorization", "Bearer " + oauth.tokens()->access_token);
        ++j.attempt;
        j.call->attempts = j.attempt;
        j.sent_at = now;
        if (j.log_body.empty()) {
            j.log_id = log.begin(j.op.name, r, now, j.attempt);
        } else {  // the signed upload fields and the file stay out of the log
            Request shown = r;
            shown.body = j.log_body;
            j.log_id = log.begin(j.op.name, shown, now, j.attempt);
        }
        j.call->log_id = j.log_id;
        j.rid = tr.send(std::move(r));
    }

    void start_refresh() {
        if (refresh_running) return;
        Result<Request> req = oauth.refresh_request();
        if (!req.ok()) return;
        refresh_running = true;
        auto call = std::make_shared<Call<Tokens>>();
        call->call_id = next_call_id++;
        refresh_call = call;
        waiting.push_front(oauth_job(ops::oauth_token, *req.value, call, [this, call](const Completion& c) {
            refresh_running = false;
            if (c.error != TransportError::None) oauth.fail(error_from_transport(c.error, c.error_detail, ops::oauth_token));
            else oauth.accept_token_response(c.response, now_s());
            if (oauth.tokens() && oauth.state() == AuthState::SignedIn && oauth.last_error().ok()) {
                call->value = *oauth.tokens();
                complete(*call, {});
            } else {
                complete(*call, oauth.last_error().ok() ? make_error(ErrorKind::Auth, "refresh failed")
                                                        : oauth.last_error());
            }
            wake_auth_waiters();
        }));
    }

    // After a refresh: replay requests that waited for it, or fail them if we are signed out.
    void wake_auth_waiters() {
        for (auto it = waiting.begin(); it != waiting.end();) {
            Job& j = **it;
            if (!j.waiting_auth) { ++it; continue; }
            j.waiting_auth = false;
            if (!oauth.tokens()) {
                ApiError e = oauth.last_error();
                if (e.ok()) e = make_error(ErrorKind::Auth, "signed out", "Sign in again.");
                e.kind = ErrorKind::Auth;
                fail(j, e);
                it = waiting.erase(it);
            } else {
                ++it;
            }
        }
    }

    void handle(std::unique_ptr<Job> jp, const Completion& c, double now) {
        Job& j = *jp;
        log.finish(j.log_id, c, now, j.op.category);
        if (c.error == TransportError::None) update_limits(j.op, c.response, now);
        if (j.special) {
            j.special(c);
            return;
        }
        const bool is_get = std::string_view(j.op.method) == "GET";
        const RetryPolicy& rp = cfg.retry;
        auto retry_later = [&](double delay) {
            j.not_before = now + delay;
            waiting.push_back(std::move(jp));
        };
        if (c.error != TransportError::None) {
            if (c.error == TransportError::Cancelled) return complete(*j.call, error_from_transport(c.error, "", j.op));
            if (is_get && c.error != TransportError::Refused && j.attempt < rp.max_attempts)
                return retry_later(rp.delay_ms(j.attempt + 1));
            return fail(j, error_from_transport(c.error, c.error_detail, j.op));
        }
        const Response& r = c.response;
        if (r.status >= 200 && r.status < 300) {
            if (j.authed) scopes_granted(j.op);
            ApiError err;
            j.finish(r, err);
            if (err.ok()) return complete(*j.call, {});
            err.operation = j.op.name;
            err.http_status = r.status;
            // An unreadable body on a GET is likely a cut connection: read again.
            if (is_get && err.kind == ErrorKind::Decode && !json_parse(r.body) && j.attempt < rp.max_attempts)
                return retry_later(rp.delay_ms(j.attempt + 1));
            if (!is_get && err.kind == ErrorKind::Decode) {
                err.kind = ErrorKind::OutcomeUnknown;
                err.message = "the server answered " + std::to_string(r.status) + " but the body was unreadable: " +
                              err.message;
                err.hint = j.op.creates ? "It was most likely created; reload the list before trying again (the "
                                          "request was not repeated)."
                                        : "It was most likely applied; reload to check.";
            }
            return fail(j, err);
        }
        ApiError e = error_from_response(r, j.op);
        if (r.status == 401 && cfg.sandbox && !j.op.sandbox && j.authed) {
            // The sandbox's answer to an operation it does not serve: the token is fine, so neither refresh
            // nor sign-out would help.
            e.kind = ErrorKind::NotInSandbox;
            e.hint = "This operation is not available in the Pinterest sandbox (x-sandbox: disabled), so it "
                     "answers 401 whatever the token. Your session is fine: use a production backend or token "
                     "to try it.";
            return fail(j, e);
        }
        if (e.kind == ErrorKind::Permission && j.authed && (r.status == 403 || e.pinterest_code == 3))
            scopes_refused(j.op, e.message);
        if (r.status == 401 && e.kind == ErrorKind::Auth && j.authed && !j.replayed_after_refresh &&
            oauth.can_refresh(now_s())) {
            // Refresh once and replay. A 401 means the request was not carried out, so even a POST is safe.
            j.replayed_after_refresh = true;
            j.waiting_auth = true;
            waiting.push_front(std::move(jp));
            start_refresh();
            return;
        }
        if (r.status == 429) {
            double wait = e.retry_after_ms > 0 ? e.retry_after_ms : rp.delay_ms(j.attempt + 1);
            if (j.attempt < rp.max_attempts && wait <= rp.max_rate_limit_wait_ms) return retry_later(wait);
            return fail(j, e);
        }
        if (r.status >= 500 && is_get && j.attempt < rp.max_attempts) return retry_later(rp.delay_ms(j.attempt + 1));
        fail(j, e);
    }

    void dispatch(double now) {
        for (auto& [category, s] : limits) s.held = 0;  // counted again below, for the console's meter
        for (auto it = waiting.begin(); it != waiting.end();) {
            if (static_cast<int>(inflight.size()) >= std::max(1, cfg.max_in_flight)) break;
            Job& j = **it;
            if (j.waiting_auth || j.not_before > now) { ++it; continue; }
            if (held(j.op, now)) {  // held() is true only for a category in `limits`
                ++limits[j.op.category].held;
                ++it;
                continue;
            }
            if (j.authed) {
                if (refresh_running) { ++it; continue; }
                if (!oauth.tokens()) {
                    if (oauth.state() == AuthState::Exchanging) { ++it; continue; }
                    ApiError e = make_error(ErrorKind::Auth, "not signed in",
                                            "Sign in, or paste an access token in the settings.");
                    fail(j, e);
                    it = waiting.erase(it);
                    continue;
                }
                if (oauth.refresh_due(now_s(), cfg.refresh_margin_s) && oauth.can_refresh(now_s())) {
                    start_refresh();
                    it = waiting.begin();  // the refresh job is at the front now
                    continue;
                }
            }
            std::unique_ptr<Job> job = std::move(*it);
            it = waiting.erase(it);
            start(*job, now);
            inflight.push_back(std::move(job));
        }
    }

    void pump() {
        std::vector<Completion> done;
        tr.poll(done);
        double now = tr.now_ms();
        for (auto& c : done) {
            auto it = std::find_if(inflight.begin(), inflight.end(), [&](const auto& j) { return j->rid == c.id; });
            if (it == inflight.end()) continue;  // cancelled or timed out already
            std::unique_ptr<Job> j = std::move(*it);
            inflight.erase(it);
            handle(std::move(j), c, now);
        }
        // Watchdog: a transport that never answers still times out.
        for (size_t i = 0; i < inflight.size();) {
            Job& j = *inflight[i];
            if (cfg.timeout_ms > 0 && now - j.sent_at > cfg.timeout_ms + 1000.0) {
                std::unique_ptr<Job> jp = std::move(inflight[i]);
                inflight.erase(inflight.begin() + static_cast<long>(i));
                tr.cancel(jp->rid);
                Completion c;
                c.id = jp->rid;
                c.error = TransportError::Timeout;
                c.error_detail = "no answer after " + std::to_string(cfg.timeout_ms) + " ms";
                handle(std::move(jp), c, now);
            } else {
                ++i;
            }
        }
        dispatch(now);
        for (size_t i = 0; i < tasks.size();) {
            auto task = tasks[i];  // a task may add tasks
            if (task()) tasks.erase(tasks.begin() + static_cast<long>(i));
            else ++i;
        }
        dispatch(now);  // tasks may have queued work
    }

    void enqueue(std::unique_ptr<Job> j) {
        j->call->call_id = next_call_id++;
        waiting.push_back(std::move(j));
    }
};

// [SECTION] Client: plumbing ---------------------------------------------------------------------------

Client::Client(Transport& transport, ClientConfig cfg, Storage& storage)
    : impl_(std::make_unique<Impl>(transport, std::move(cfg), storage)) {}
Client::~Client() = default;

void Client::pump() { impl_->pump(); }
OAuth& Client::auth() { return impl_->oauth; }
const OAuth& Client::auth() const { return impl_->oauth; }
const RequestLog& Client::log() const { return impl_->log; }
RequestLog& Client::log() { return impl_->log; }
const std::map<std::string, RateLimitState>& Client::rate_limits() const { return impl_->limits; }
size_t Client::in_flight() const { return impl_->inflight.size(); }
size_t Client::queued() const { return impl_->waiting.size(); }
const ClientConfig& Client::config() const { return impl_->cfg; }
int64_t Client::now_epoch_s() const { return impl_->now_s(); }
const ScopeEvidence& Client::scope_evidence() const { return impl_->evidence; }
void Client::add_task(std::function<bool()> task) { impl_->tasks.push_back(std::move(task)); }

void Client::submit(const OperationInfo& op, std::string path_and_query, std::optional<std::string> body,
                    std::shared_ptr<CallBase> call, Finish finish, ApiError validation) {
    if (!validation.ok()) {
        validation.operation = op.name;
        if (validation.kind == ErrorKind::None) validation.kind = ErrorKind::Validation;
        call->call_id = impl_->next_call_id++;
        Impl::complete(*call, std::move(validation));
        return;
    }
    auto j = std::make_unique<Job>();
    j->op = op;
    j->url = impl_->base_url(path_and_query);
    j->body = std::move(body);
    j->call = std::move(call);
    j->finish = std::move(finish);
    impl_->enqueue(std::move(j));
}

void Client::cancel(const CallBase& call) {
    auto match = [&](const std::unique_ptr<Job>& j) { return j->call.get() == &call; };
    ApiError e = make_error(ErrorKind::Cancelled, "cancelled");
    if (auto it = std::find_if(impl_->waiting.begin(), impl_->waiting.end(), match); it != impl_->waiting.end()) {
        std::unique_ptr<Job> j = std::move(*it);
        impl_->waiting.erase(it);
        e.operation = j->op.name;
        impl_->fail(*j, e);
        return;
    }
    if (auto it = std::find_if(impl_->inflight.begin(), impl_->inflight.end(), match); it != impl_->inflight.end()) {
        std::unique_ptr<Job> j = std::move(*it);
        impl_->inflight.erase(it);
        impl_->tr.cancel(j->rid);
        Completion c;
        c.id = j->rid;
        c.error = TransportError::Cancelled;
        impl_->log.finish(j->log_id, c, impl_->tr.now_ms(), j->op.category);
        e.operation = j->op.name;
        impl_->fail(*j, e);
    }
}

// [SECTION] Client: sign-in --------------------------------------------------------------------------

Result<std::string> Client::begin_sign_in() { return impl_->oauth.begin_sign_in(); }

Handle<Tokens> Client::complete_sign_in(std::string_view redirect_url) {
    auto call = std::make_shared<Call<Tokens>>();
    call->call_id = impl_->next_call_id++;
    impl_->evidence = {};
    Result<AuthCode> code = impl_->oauth.handle_redirect(redirect_url);
    if (!code.ok()) {
        Impl::complete(*call, code.error);
        return call;
    }
    Result<Request> req = impl_->oauth.token_request(*code.value);
    if (!req.ok()) {
        impl_->oauth.fail(req.error);
        Impl::complete(*call, req.error);
        return call;
    }
    Impl* impl = impl_.get();
    impl_->waiting.push_front(oauth_job(ops::oauth_token, *req.value, call, [impl, call](const Completion& c) {
        if (c.error != TransportError::None) {
            ApiError e = error_from_transport(c.error, c.error_detail, ops::oauth_token);
            e.kind = c.error == TransportError::Cancelled ? ErrorKind::Cancelled : ErrorKind::Auth;
            e.hint = "The code can be used only once; start the sign-in again.";
            impl->oauth.fail(e);
        } else {
            impl->oauth.accept_token_response(c.response, impl->now_s());
        }
        if (impl->oauth.state() == AuthState::SignedIn && impl->oauth.tokens()) {
            call->value = *impl->oauth.tokens();
            Impl::complete(*call, {});
        } else {
            Impl::complete(*call, impl->oauth.last_error());
        }
    }));
    return call;
}

void Client::use_token(std::string access_token, std::vector<std::string> scopes, std::string environment,
                       int64_t expires_at) {
    impl_->evidence = {};
    impl_->oauth.use_token(std::move(access_token), std::move(scopes), std::move(environment), expires_at);
}

ApiError Client::restore_tokens(const Tokens& t) {
    impl_->evidence = {};
    return impl_->oauth.restore(t);
}

Handle<Tokens> Client::refresh_now() {
    auto call = std::make_shared<Call<Tokens>>();
    call->call_id = impl_->next_call_id++;
    if (!impl_->oauth.can_refresh(impl_->now_s())) {
        Impl::complete(*call, make_error(ErrorKind::Auth, "cannot refresh: no valid refresh token or token endpoint",
                                         "Sign in again."));
        return call;
    }
    impl_->start_refresh();
    if (impl_->refresh_running) return impl_->refresh_call;  // the refresh job's own call (new or running)
    Impl::complete(*call, impl_->oauth.last_error().ok() ? make_error(ErrorKind::Auth, "refresh could not start")
                                                         : impl_->oauth.last_error());
    return call;
}

Handle<Empty> Client::sign_out() {
    auto call = std::make_shared<Call<Empty>>();
    call->call_id = impl_->next_call_id++;
    std::optional<Request> rev = impl_->oauth.revoke_request();
    impl_->evidence = {};
    impl_->oauth.sign_out();  // forget at once: nothing may use the tokens after this
    // Requests waiting for auth now fail; queued authed requests fail at dispatch.
    impl_->wake_auth_waiters();
    if (!rev) {
        call->value = Empty{};
        Impl::complete(*call, {});
        return call;
    }
    auto j = oauth_job(ops::oauth_revoke, *rev, call, [call](const Completion& c) {
        if (c.error != TransportError::None) {
            Impl::complete(*call, error_from_transport(c.error, c.error_detail, ops::oauth_revoke));
        } else if (c.response.status >= 200 && c.response.status < 300) {
            call->value = Empty{};
            Impl::complete(*call, {});
        } else {
            ApiError e = error_from_response(c.response, ops::oauth_revoke);
            e.hint = "Signed out locally; the server did not revoke the token (it will expire on its own).";
            Impl::complete(*call, e);
        }
    });
    impl_->enqueue(std::move(j));
    return call;
}

// [SECTION] Client: operations --------------------------------------------------------------------

namespace {

ApiError check_page(const PageQuery& p) {
    if (p.page_size < 1 || p.page_size > 250)
        return invalid("page_size", "must be 1 to 250 (got " + std::to_string(p.page_size) + ")");
    return {};
}

ApiError check_id(const char* field, const std::string& id) {
    if (!is_digits(id)) return invalid(field, "must be a numeric id (got \"" + id + "\")");
    return {};
}

void add_page(Params& q, const PageQuery& p) {
    if (!p.bookmark.empty()) q.emplace_back("bookmark", p.bookmark);
    q.emplace_back("page_size", std::to_string(p.page_size));
}

std::string path(std::string p, const Params& q) { return q.empty() ? p : with_query(std::move(p), q); }

ApiError check_analytics(const AnalyticsQuery& a, int64_t today_days) {
    auto s = parse_ymd_days(a.start_date);
    auto e = parse_ymd_days(a.end_date);
    if (!s) return invalid("start_date", "must be a date YYYY-MM-DD (got \"" + a.start_date + "\")");
    if (!e) return invalid("end_date", "must be a date YYYY-MM-DD (got \"" + a.end_date + "\")");
    if (*s > *e) return invalid("start_date", "must not be after end_date");
    if (*s < today_days - 90)
        return invalid("start_date", "cannot be more than 90 days back from today (earliest " +
                                         days_to_ymd(today_days - 90) + ")");
    if (*e - *s > 90) return invalid("end_date", "cannot be more than 90 days past start_date");
    if (!a.app_types.empty() && a.app_types != "ALL" && a.app_types != "MOBILE" && a.app_types != "TABLET" &&
        a.app_types != "WEB")
        return invalid("app_types", "must be ALL, MOBILE, TABLET or WEB");
    return {};
}

void add_analytics(Params& q, const AnalyticsQuery& a) {
    q.emplace_back("start_date", a.start_date);
    q.emplace_back("end_date", a.end_date);
    if (!a.metric_types.empty()) q.emplace_back("metric_types", join(a.metric_types, ","));  // explode: false
    if (!a.app_types.empty()) q.emplace_back("app_types", a.app_types);
    if (!a.split_field.empty()) q.emplace_back("split_field", a.split_field);
    if (!a.from_claimed_content.empty()) q.emplace_back("from_claimed_content", a.from_claimed_content);
    if (!a.pin_format.empty()) q.emplace_back("pin_format", a.pin_format);
    if (!a.content_type.empty()) q.emplace_back("content_type", a.content_type);
    if (!a.source.empty()) q.emplace_back("source", a.source);
}

std::string enc(const std::string& id) { return percent_encode(id); }

}  // namespace

Handle<Account> Client::get_user_account() { return run<Account>(ops::user_account_get, "/user_account"); }

Handle<AnalyticsResponse> Client::get_user_account_analytics(const AnalyticsQuery& a) {
    Params q;
    add_analytics(q, a);
    return run<AnalyticsResponse>(ops::user_account_analytics, path("/user_account/analytics", q), {},
                                  check_analytics(a, impl_->now_s() / 86400));
}

Handle<TopPinsAnalytics> Client::get_user_account_top_pins(const TopPinsQuery& t) {
    static const char* const sorts[] = {"ENGAGEMENT", "SAVE", "IMPRESSION", "OUTBOUND_CLICK", "PIN_CLICK"};
    return top_pins(ops::top_pins, "/user_account/analytics/top_pins", t, sorts, std::size(sorts),
                    "must be ENGAGEMENT, SAVE, IMPRESSION, OUTBOUND_CLICK or PIN_CLICK");
}

Handle<TopPinsAnalytics> Client::top_pins(const OperationInfo& op, const char* endpoint, const TopPinsQuery& t,
                                          const char* const* sorts, size_t n_sorts, const std::string& sort_rule) {
    ApiError v = check_analytics(t, impl_->now_s() / 86400);
    if (v.ok() && std::none_of(sorts, sorts + n_sorts, [&](const char* s) { return t.sort_by == s; }))
        v = invalid("sort_by", sort_rule);
    if (v.ok() && (t.num_of_pins < 1 || t.num_of_pins > 50)) v = invalid("num_of_pins", "must be 1 to 50");
    if (v.ok() && t.created_in_last_n_days && *t.created_in_last_n_days != 30)
        v = invalid("created_in_last_n_days", "only 30 is supported");
    Params q;
    add_analytics(q, t);
    q.emplace_back("sort_by", t.sort_by);
    q.emplace_back("num_of_pins", std::to_string(t.num_of_pins));
    if (t.created_in_last_n_days) q.emplace_back("created_in_last_n_days", std::to_string(*t.created_in_last_n_days));
    return run<TopPinsAnalytics>(op, path(endpoint, q), {}, v);
}

Handle<Paginated<Board>> Client::list_boards(const PageQuery& page, const std::string& privacy) {
    ApiError v = check_page(page);
    static const char* privs[] = {"ALL", "PUBLIC", "PROTECTED", "SECRET", "PUBLIC_AND_SECRET"};
    if (v.ok() && !privacy.empty() &&
        std::none_of(std::begin(privs), std::end(privs), [&](const char* s) { return privacy == s; }))
        v = invalid("privacy", "must be ALL, PUBLIC, PROTECTED, SECRET or PUBLIC_AND_SECRET");
    Params q;
    add_page(q, page);
    if (!privacy.empty()) q.emplace_back("privacy", privacy);
    return run<Paginated<Board>>(ops::boards_list, path("/boards", q), {}, v);
}

Handle<Board> Client::create_board(const BoardCreate& b) {
    return run<Board>(ops::boards_create, "/boards", json_dump(to_json(b)), validate(b));
}

Handle<Board> Client::get_board(const std::string& id) {
    return run<Board>(ops::boards_get, "/boards/" + enc(id), {}, check_id("board_id", id));
}

Handle<Board> Client::update_board(const std::string& id, const BoardUpdate& b) {
    ApiError v = check_id("board_id", id);
    if (v.ok()) v = validate(b);
    return run<Board>(ops::boards_update, "/boards/" + enc(id), json_dump(to_json(b)), v);
}

Handle<Empty> Client::delete_board(const std::string& id) {
    return run<Empty>(ops::boards_delete, "/boards/" + enc(id), {}, check_id("board_id", id));
}

Handle<Paginated<Pin>> Client::list_board_pins(const std::string& id, const PageQuery& page) {
    ApiError v = check_id("board_id", id);
    if (v.ok()) v = check_page(page);
    Params q;
    add_page(q, page);
    return run<Paginated<Pin>>(ops::boards_list_pins, path("/boards/" + enc(id) + "/pins", q), {}, v);
}

Handle<Paginated<BoardSection>> Client::list_sections(const std::string& id, const PageQuery& page) {
    ApiError v = check_id("board_id", id);
    if (v.ok()) v = check_page(page);
    Params q;
    add_page(q, page);
    return run<Paginated<BoardSection>>(ops::sections_list, path("/boards/" + enc(id) + "/sections", q), {}, v);
}

Handle<BoardSection> Client::create_section(const std::string& id, const SectionCreate& s) {
    ApiError v = check_id("board_id", id);
    if (v.ok()) v = validate(s);
    return run<BoardSection>(ops::sections_create, "/boards/" + enc(id) + "/sections", json_dump(to_json(s)), v);
}

Handle<BoardSection> Client::update_section(const std::string& id, const std::string& sid, const SectionCreate& s) {
    ApiError v = check_id("board_id", id);
    if (v.ok()) v = check_id("section_id", sid);
    if (v.ok()) v = validate(s);
    return run<BoardSection>(ops::sections_update, "/boards/" + enc(id) + "/sections/" + enc(sid),
                             json_dump(to_json(s)), v);
}

Handle<Empty> Client::delete_section(const std::string& id, const std::string& sid) {
    ApiError v = check_id("board_id", id);
    if (v.ok()) v = check_id("section_id", sid);
    return run<Empty>(ops::sections_delete, "/boards/" + enc(id) + "/sections/" + enc(sid), {}, v);
}

Handle<Paginated<Pin>> Client::list_section_pins(const std::string& id, const std::string& sid,
                                                 const PageQuery& page) {
    ApiError v = check_id("board_id", id);
    if (v.ok()) v = check_id("section_id", sid);
    if (v.ok()) v = check_page(page);
    Params q;
    add_page(q, page);
    return run<Paginated<Pin>>(ops::sections_list_pins,
                               path("/boards/" + enc(id) + "/sections/" + enc(sid) + "/pins", q), {}, v);
}

Handle<Paginated<Pin>> Client::list_pins(const PageQuery& page, const PinListQuery& f) {
    ApiError v = check_page(page);
    if (v.ok() && !f.pin_filter.empty() && f.pin_filter != "exclude_native" && f.pin_filter != "exclude_repins" &&
        f.pin_filter != "has_been_promoted")
        v = invalid("pin_filter", "must be exclude_native, exclude_repins or has_been_promoted");
    if (v.ok() && !f.pin_type.empty() && f.pin_type != "PRIVATE") v = invalid("pin_type", "must be PRIVATE");
    Params q;
    add_page(q, page);
    if (!f.pin_filter.empty()) q.emplace_back("pin_filter", f.pin_filter);
    if (f.include_protected_pins) q.emplace_back("include_protected_pins", *f.include_protected_pins ? "true" : "false");
    if (!f.pin_type.empty()) q.emplace_back("pin_type", f.pin_type);
    for (const auto& c : f.creative_types) q.emplace_back("creative_types", c);  // explode: true
    if (f.pin_metrics) q.emplace_back("pin_metrics", *f.pin_metrics ? "true" : "false");
    return run<Paginated<Pin>>(ops::pins_list, path("/pins", q), {}, v);
}

Handle<Pin> Client::create_pin(const PinCreate& p) {
    return run<Pin>(ops::pins_create, "/pins", json_dump(to_json(p)), validate(p));
}

Handle<Pin> Client::get_pin(const std::string& id) {
    return run<Pin>(ops::pins_get, "/pins/" + enc(id), {}, check_id("pin_id", id));
}

Handle<Pin> Client::update_pin(const std::string& id, const PinUpdate& p) {
    ApiError v = check_id("pin_id", id);
    if (v.ok()) v = validate(p);
    return run<Pin>(ops::pins_update, "/pins/" + enc(id), json_dump(to_json(p)), v);
}

Handle<Empty> Client::delete_pin(const std::string& id) {
    return run<Empty>(ops::pins_delete, "/pins/" + enc(id), {}, check_id("pin_id", id));
}

Handle<Pin> Client::save_pin(const std::string& id, const PinSave& s) {
    ApiError v = check_id("pin_id", id);
    if (v.ok()) v = validate(s);
    return run<Pin>(ops::pins_save, "/pins/" + enc(id) + "/save", json_dump(to_json(s)), v);
}

Handle<AnalyticsResponse> Client::get_pin_analytics(const std::string& id, const AnalyticsQuery& a) {
    ApiError v = check_id("pin_id", id);
    if (v.ok()) v = check_analytics(a, impl_->now_s() / 86400);
    if (v.ok() && a.metric_types.empty()) v = invalid("metric_types", "at least one metric type is required");
    Params q;
    add_analytics(q, a);
    return run<AnalyticsResponse>(ops::pins_analytics, path("/pins/" + enc(id) + "/analytics", q), {}, v);
}

Handle<MultiPinAnalytics> Client::get_multi_pin_analytics(const std::vector<std::string>& ids,
                                                          const AnalyticsQuery& a) {
    ApiError v;
    if (ids.empty() || ids.size() > 100) v = invalid("pin_ids", "1 to 100 pin ids");
    for (size_t i = 0; v.ok() && i < ids.size(); ++i)
        if (!is_digits(ids[i])) v = invalid("pin_ids[" + std::to_string(i) + "]", "must be a numeric id");
    if (v.ok()) v = check_analytics(a, impl_->now_s() / 86400);
    if (v.ok() && a.metric_types.empty()) v = invalid("metric_types", "at least one metric type is required");
    Params q;
    for (const auto& id : ids) q.emplace_back("pin_ids", id);
    add_analytics(q, a);
    return run<MultiPinAnalytics>(ops::multi_pins_analytics, path("/pins/analytics", q), {}, v);
}

Handle<Paginated<Pin>> Client::search_pins(const std::string& query, const std::string& bookmark) {
    ApiError v = query.empty() ? invalid("query", "required") : ApiError{};
    Params q = {{"query", query}};
    if (!bookmark.empty()) q.emplace_back("bookmark", bookmark);
    return run<Paginated<Pin>>(ops::search_pins, path("/search/pins", q), {}, v);
}

Handle<Paginated<Board>> Client::search_boards(const std::string& query, const PageQuery& page) {
    ApiError v = query.empty() ? invalid("query", "required") : check_page(page);
    Params q = {{"query", query}};
    add_page(q, page);
    return run<Paginated<Board>>(ops::search_boards, path("/search/boards", q), {}, v);
}

Handle<Paginated<Media>> Client::list_media(const PageQuery& page) {
    Params q;
    add_page(q, page);
    return run<Paginated<Media>>(ops::media_list, path("/media", q), {}, check_page(page));
}

Handle<Media> Client::get_media(const std::string& id) {
    return run<Media>(ops::media_get, "/media/" + enc(id), {}, check_id("media_id", id));
}

Handle<MediaUpload> Client::register_media(const std::string& media_type) {
    ApiError v = media_type == "video" ? ApiError{} : invalid("media_type", "must be \"video\"");
    return run<MediaUpload>(ops::media_create, "/media", json_dump(json{{"media_type", media_type}}), v);
}

Handle<Paginated<AdAccount>> Client::list_ad_accounts(const PageQuery& page, std::optional<bool> shared) {
    Params q;
    add_page(q, page);
    if (shared) q.emplace_back("include_shared_accounts", *shared ? "true" : "false");
    return run<Paginated<AdAccount>>(ops::ad_accounts_list, path("/ad_accounts", q), {}, check_page(page));
}

// [SECTION] Followers, following, websites, businesses, video uploads ---------------------------------

Handle<Paginated<UserSummary>> Client::list_followers(const PageQuery& page) {
    Params q;
    add_page(q, page);
    return run<Paginated<UserSummary>>(ops::followers, path("/user_account/followers", q), {}, check_page(page));
}

Handle<Paginated<UserSummary>> Client::list_following(const PageQuery& page) {
    Params q;
    add_page(q, page);
    return run<Paginated<UserSummary>>(ops::following, path("/user_account/following", q), {}, check_page(page));
}

Handle<Paginated<Board>> Client::list_following_boards(const PageQuery& page) {
    Params q;
    add_page(q, page);
    return run<Paginated<Board>>(ops::following_boards, path("/user_account/following/boards", q), {}, check_page(page));
}

Handle<UserSummary> Client::follow_user(const std::string& username) {
    ApiError v;
    if (username.empty()) v = invalid("username", "required");
    else if (is_digits(username)) v = invalid("username", "is a username, not a numeric id (got \"" + username + "\")");
    else if (username.size() > 100) v = invalid("username", "at most 100 characters");
    return run<UserSummary>(ops::follow_user, "/user_account/following/" + enc(username),
                            json_dump(json{{"auto_follow", false}}), v);
}

Handle<TopPinsAnalytics> Client::get_user_account_top_video_pins(const TopPinsQuery& t) {
    static const char* const sorts[] = {"IMPRESSION", "SAVE", "OUTBOUND_CLICK", "VIDEO_MRC_VIEW", "VIDEO_AVG_WATCH_TIME",
                                        "VIDEO_V50_WATCH_TIME", "QUARTILE_95_PERCENT_VIEW", "VIDEO_10S_VIEW", "VIDEO_START"};
    return top_pins(ops::top_video_pins, "/user_account/analytics/top_video_pins", t, sorts, std::size(sorts),
                    "must be IMPRESSION, SAVE, OUTBOUND_CLICK or a VIDEO_* metric (got \"" + t.sort_by + "\")");
}

Handle<Paginated<UserWebsite>> Client::list_websites(const PageQuery& page) {
    Params q;
    add_page(q, page);
    return run<Paginated<UserWebsite>>(ops::websites, path("/user_account/websites", q), {}, check_page(page));
}

namespace {
// host[/path] without a scheme, as the API wants it.
ApiError check_website(const std::string& w) {
    if (w.empty()) return invalid("website", "required");
    if (w.find("://") != std::string::npos)
        return invalid("website", "give the domain without http:// or https:// (e.g. mysite.com/shop)");
    if (w.size() > 255) return invalid("website", "at most 255 characters");
    if (w.find(' ') != std::string::npos || w.find('.') == std::string::npos)
        return invalid("website", "must be a domain with an optional path (got \"" + w + "\")");
    return {};
}
}  // namespace

Handle<UserWebsite> Client::verify_website(const std::string& website, const std::string& method) {
    ApiError v = check_website(website);
    if (v.ok() && method != "METATAG" && method != "FILENAME" && method != "DNSTXT")
        v = invalid("verification_method", "must be METATAG, FILENAME or DNSTXT");
    return run<UserWebsite>(ops::website_verify, "/user_account/websites",
                            json_dump(json{{"website", website}, {"verification_method", method}}), v);
}

Handle<Empty> Client::unverify_website(const std::string& website) {
    return run<Empty>(ops::website_unverify, path("/user_account/websites", {{"website", website}}), {},
                      website.empty() ? invalid("website", "required") : ApiError{});
}

Handle<WebsiteVerificationCode> Client::get_website_verification() {
    return run<WebsiteVerificationCode>(ops::website_code, "/user_account/websites/verification");
}

Handle<LinkedBusinesses> Client::list_linked_businesses() {
    return run<LinkedBusinesses>(ops::businesses, "/user_account/businesses");
}

Handle<Paginated<BusinessRoleBinding>> Client::list_business_employers(const PageQuery& page) {
    Params q;
    add_page(q, page);
    return run<Paginated<BusinessRoleBinding>>(ops::employers, path("/businesses/employers", q), {}, check_page(page));
}

Handle<Paginated<BusinessRoleBinding>> Client::list_business_partners(const std::string& business_id,
                                                                      const PartnerQuery& pq, const PageQuery& page) {
    ApiError v = check_id("business_id", business_id);
    if (v.ok()) v = check_page(page);
    if (v.ok() && !pq.partner_type.empty() && pq.partner_type != "INTERNAL" && pq.partner_type != "EXTERNAL")
        v = invalid("partner_type", "must be INTERNAL or EXTERNAL");
    for (size_t i = 0; v.ok() && i < pq.partner_ids.size(); ++i)
        if (!is_digits(pq.partner_ids[i]))
            v = invalid("partner_ids", "must be numeric ids (got \"" + pq.partner_ids[i] + "\")");
    std::string ids = join(pq.partner_ids, ",");
    if (v.ok() && ids.size() > 500) v = invalid("partner_ids", "at most 500 characters together");
    Params q;
    add_page(q, page);
    if (!pq.partner_type.empty()) q.emplace_back("partner_type", pq.partner_type);
    if (!ids.empty()) q.emplace_back("partner_ids", ids);
    if (pq.assets_summary) q.emplace_back("assets_summary", "true");
    return run<Paginated<BusinessRoleBinding>>(ops::partners, path("/businesses/" + enc(business_id) + "/partners", q),
                                               {}, v);
}

Handle<Empty> Client::upload_media(const MediaUpload& target, const std::string& bytes, const std::string& filename,
                                   const std::string& content_type) {
    auto call = std::make_shared<Call<Empty>>();
    call->call_id = impl_->next_call_id++;
    ApiError v;
    if (!target.upload_url || target.upload_url->empty()) v = invalid("upload_url", "the registered upload has none");
    else if (bytes.empty()) v = invalid("file", "is empty");
    if (!v.ok()) {
        v.operation = ops::media_upload.name;
        Impl::complete(*call, v);
        return call;
    }
    // A boundary that cannot occur in the file (checked, not hoped).
    uint64_t h = 1469598103934665603ull;  // FNV-1a of the file: the same file, the same body
    for (unsigned char ch : bytes) h = (h ^ ch) * 1099511628211ull;
    std::string boundary = "----pinlab" + std::to_string(h);
    while (bytes.find(boundary) != std::string::npos) boundary += "x";
    std::string body, shown;
    auto header = [&](const std::string& name, const std::string& extra) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"" + extra + "\r\n";
    };
    for (const auto& [k, val] : target.upload_parameters) {  // S3 reads the fields before the file
        body += header(k, "") + "\r\n" + val + "\r\n";
        shown += k + "=[" + std::to_string(val.size()) + " chars] ";
    }
    std::string fname;
    for (char ch : filename) fname += (ch == '"' || ch == '\r' || ch == '\n') ? '_' : ch;
    body += header("file", "; filename=\"" + fname + "\"") + "Content-Type: " +
            (content_type.empty() ? std::string("application/octet-stream") : content_type) + "\r\n\r\n";
    body.append(bytes);
    body += "\r\n--" + boundary + "--\r\n";
    auto j = std::make_unique<Job>();
    j->op = ops::media_upload;
    j->url = *target.upload_url;  // absolute (S3) or the emulator's own path
    j->authed = false;
    j->content_type = "multipart/form-data; boundary=" + boundary;
    j->log_body = "multipart/form-data: " + shown + "file=\"" + fname + "\" (" + std::to_string(bytes.size()) + " bytes)";
    j->body = std::move(body);
    j->call = call;
    OperationInfo op = ops::media_upload;
    j->special = [call, op](const Completion& c) {
        if (c.error != TransportError::None) return Impl::complete(*call, error_from_transport(c.error, c.error_detail, op));
        const Response& r = c.response;
        if (r.status >= 200 && r.status < 300) {
            call->value = Empty{};
            return Impl::complete(*call, {});
        }
        // S3 answers <Error><Code>…</Code><Message>…</Message></Error>.
        auto tag = [&](const char* t) {
            std::string open = std::string("<") + t + ">", close = std::string("</") + t + ">";
            size_t a = r.body.find(open), b = r.body.find(close);
            return a == std::string::npos || b == std::string::npos || b < a ? std::string()
                                                                               : r.body.substr(a + open.size(), b - a - open.size());
        };
        std::string code = tag("Code"), msg = tag("Message");
        ApiError e = make_error(r.status >= 500 ? ErrorKind::Server : r.status == 403 ? ErrorKind::Permission : ErrorKind::Http,
                                "the upload was refused: " + (code.empty() ? "HTTP " + std::to_string(r.status) : code) +
                                    (msg.empty() ? "" : " — " + msg),
                                r.status == 403 ? "Register the upload again (POST /media) and send the file with its new "
                                                  "upload_parameters; each set is good for one upload."
                                                : "Check the file and send it again with a new registration.");
        e.http_status = r.status;
        e.operation = op.name;
        Impl::complete(*call, e);
    };
    impl_->enqueue(std::move(j));
    return call;
}

Handle<Response> Client::send_raw(const std::string& method, const std::string& path_and_query,
                                  const std::string& json_body) {
    auto call = std::make_shared<Call<Response>>();
    static const char* methods[] = {"GET", "POST", "PATCH", "PUT", "DELETE"};
    auto m = std::find_if(std::begin(methods), std::end(methods), [&](const char* s) { return method == s; });
    if (m == std::end(methods) || path_and_query.empty() || path_and_query[0] != '/') {
        call->call_id = impl_->next_call_id++;
        Impl::complete(*call, invalid(m == std::end(methods) ? "method" : "path",
                                      m == std::end(methods) ? "must be GET, POST, PATCH, PUT or DELETE"
                                                             : "must start with '/'"));
        return call;
    }
    auto j = std::make_unique<Job>();
    j->op = ops::raw_get;
    j->op.method = *m;  // static storage
    j->url = impl_->base_url(path_and_query);
    if (!json_body.empty()) j->body = json_body;
    j->call = call;
    j->special = Impl::any_answer(call, ops::raw_get);
    impl_->enqueue(std::move(j));
    return call;
}

Handle<Response> Client::call_operation(const std::string& operation_id, const std::string& path_and_query,
                                        const std::string& json_body) {
    auto call = std::make_shared<Call<Response>>();
    const SpecOperation* spec = find_spec_operation(operation_id);
    if (!spec || path_and_query.empty() || path_and_query[0] != '/') {
        call->call_id = impl_->next_call_id++;
        Impl::complete(*call, invalid(spec ? "path" : "operation",
                                      spec ? "must start with '/'" : "is not an operation of the API description"));
        return call;
    }
    auto j = std::make_unique<Job>();
    j->op = operation_info(spec->operation_id);  // static storage: the generated table
    j->url = impl_->base_url(path_and_query);
    if (!json_body.empty()) j->body = json_body;
    j->call = call;
    j->special = Impl::any_answer(call, j->op);
    impl_->enqueue(std::move(j));
    return call;
}

Handle<Response> Client::post_form(const Request& form, const char* operation) {
    auto call = std::make_shared<Call<Response>>();
    OperationInfo op = operation_info(operation);
    op.method = "POST";
    impl_->enqueue(oauth_job(op, form, call, Impl::any_answer(call, op)));
    return call;
}

// [SECTION] Pagers ---------------------------------------------------------------------------------------

Pager<Pin> Client::pins_pager(int page_size, PinListQuery q) {
    return Pager<Pin>([this, page_size, q](const std::string& bm) { return list_pins({page_size, bm}, q); });
}

Pager<Board> Client::boards_pager(int page_size, std::string privacy) {
    return Pager<Board>(
        [this, page_size, privacy](const std::string& bm) { return list_boards({page_size, bm}, privacy); });
}

Pager<Pin> Client::board_pins_pager(std::string board_id, int page_size) {
    return Pager<Pin>(
        [this, page_size, board_id](const std::string& bm) { return list_board_pins(board_id, {page_size, bm}); });
}

Pager<UserSummary> Client::followers_pager(int page_size) {
    return Pager<UserSummary>([this, page_size](const std::string& bm) { return list_followers({page_size, bm}); });
}

Pager<UserSummary> Client::following_pager(int page_size) {
    return Pager<UserSummary>([this, page_size](const std::string& bm) { return list_following({page_size, bm}); });
}

Pager<Board> Client::following_boards_pager(int page_size) {
    return Pager<Board>([this, page_size](const std::string& bm) { return list_following_boards({page_size, bm}); });
}

Pager<UserWebsite> Client::websites_pager(int page_size) {
    return Pager<UserWebsite>([this, page_size](const std::string& bm) { return list_websites({page_size, bm}); });
}

Pager<BusinessRoleBinding> Client::partners_pager(std::string business_id, PartnerQuery q, int page_size) {
    return Pager<BusinessRoleBinding>([this, business_id, q, page_size](const std::string& bm) {
        return list_business_partners(business_id, q, {page_size, bm});
    });
}

Pager<BoardSection> Client::sections_pager(std::string board_id, int page_size) {
    return Pager<BoardSection>(
        [this, page_size, board_id](const std::string& bm) { return list_sections(board_id, {page_size, bm}); });
}

}  // namespace pinlab
