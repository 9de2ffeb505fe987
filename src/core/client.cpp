// client.cpp — the API client's engine (client_engine.h): a queue of jobs drained in pump(), with retries,
// backoff, rate-limit pacing, token refresh, a watchdog and the request log, and what the answers proved about
// the token's scopes; plus the Client's plumbing (construction, submit, cancel, inspection). See client.h for
// the contract; the sign-in, the endpoints and the upload are in client_sign_in.cpp, client_endpoints.cpp and
// client_upload.cpp.
#include "core/client_engine.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>

#include "core/number.h"
#include "core/operations.h"
#include "core/scopes.h"
#include "core/text.h"

namespace pinlab {

// [SECTION] Operations (rows of the spec table in core/operations.h), each named after its operationId ("/"
// becomes "_"): the one name the spec, the emulator's routes, the request log and the Explorer use -------------

namespace ops {
const OperationInfo user_account_get = operation_info("user_account/get");
const OperationInfo user_account_analytics = operation_info("user_account/analytics");
const OperationInfo user_account_analytics_top_pins = operation_info("user_account/analytics/top_pins");
const OperationInfo boards_list = operation_info("boards/list");
const OperationInfo boards_create = operation_info("boards/create");
const OperationInfo boards_get = operation_info("boards/get");
const OperationInfo boards_update = operation_info("boards/update");
const OperationInfo boards_delete = operation_info("boards/delete");
const OperationInfo boards_list_pins = operation_info("boards/list_pins");
const OperationInfo board_sections_list = operation_info("board_sections/list");
const OperationInfo board_sections_create = operation_info("board_sections/create");
const OperationInfo board_sections_update = operation_info("board_sections/update");
const OperationInfo board_sections_delete = operation_info("board_sections/delete");
const OperationInfo board_sections_list_pins = operation_info("board_sections/list_pins");
const OperationInfo pins_list = operation_info("pins/list");
const OperationInfo pins_create = operation_info("pins/create");
const OperationInfo pins_get = operation_info("pins/get");
const OperationInfo pins_update = operation_info("pins/update");
const OperationInfo pins_delete = operation_info("pins/delete");
const OperationInfo pins_save = operation_info("pins/save");
const OperationInfo pins_analytics = operation_info("pins/analytics");
const OperationInfo multi_pins_analytics = operation_info("multi_pins/analytics");
const OperationInfo search_user_pins_list = operation_info("search_user_pins/list");
const OperationInfo search_user_boards_get = operation_info("search_user_boards/get");
const OperationInfo media_list = operation_info("media/list");
const OperationInfo media_get = operation_info("media/get");
const OperationInfo media_create = operation_info("media/create");
const OperationInfo ad_accounts_list = operation_info("ad_accounts/list");
const OperationInfo oauth_token = operation_info("oauth/token");
const OperationInfo token_revoke = operation_info("token/revoke");
const OperationInfo raw_get{"raw", "GET", "", "", false};
const OperationInfo user_account_analytics_top_video_pins = operation_info("user_account/analytics/top_video_pins");
const OperationInfo followers_list = operation_info("followers/list");
const OperationInfo user_following_get = operation_info("user_following/get");
const OperationInfo boards_user_follows_list = operation_info("boards_user_follows/list");
const OperationInfo follow_user_update = operation_info("follow_user/update");
const OperationInfo user_websites_get = operation_info("user_websites/get");
const OperationInfo verify_website_update = operation_info("verify_website/update");
const OperationInfo unverify_website_delete = operation_info("unverify_website/delete");
const OperationInfo website_verification_get = operation_info("website_verification/get");
const OperationInfo linked_business_accounts_get = operation_info("linked_business_accounts/get");
const OperationInfo get_business_employers = operation_info("get/business_employers");
const OperationInfo get_business_partners = operation_info("get/business_partners");
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

// [SECTION] The engine --------------------------------------------------------------------------------

Client::Impl::Impl(Transport& t, ClientConfig c, Storage& s)
    : tr(t), cfg(std::move(c)), oauth(cfg.oauth, s), log(cfg.log_capacity, cfg.log_body_cap) {
    if (cfg.api_base.find("api-sandbox.pinterest.com") != std::string::npos) cfg.sandbox = true;
}

void Client::Impl::add_unique(std::vector<std::string>& v, const std::string& x) {
    auto it = std::lower_bound(v.begin(), v.end(), x);
    if (it == v.end() || *it != x) v.insert(it, x);
}

bool Client::Impl::has(const std::vector<std::string>& v, const std::string& x) {
    return std::binary_search(v.begin(), v.end(), x);
}

// An authed operation succeeded: the token has every scope it needs.
void Client::Impl::scopes_granted(const OperationInfo& op) {
    for (const auto& sc : split_scopes(op.scopes)) {
        add_unique(evidence.confirmed, sc);
        auto it = std::lower_bound(evidence.missing.begin(), evidence.missing.end(), sc);
        if (it != evidence.missing.end() && *it == sc) evidence.missing.erase(it);  // a wrong guess, corrected
    }
}

// A refusal for missing scopes: a scope the message names, else the one required scope not yet proven.
void Client::Impl::scopes_refused(const OperationInfo& op, const std::string& message) {
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

int64_t Client::Impl::epoch_ms() const {
    if (cfg.epoch_ms) return cfg.epoch_ms();
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

int64_t Client::Impl::now_s() const { return epoch_ms() / 1000; }

// Any HTTP answer is the call's result (the console, the consent step); only transport failures are errors.
std::function<void(const Completion&)> Client::Impl::any_answer(std::shared_ptr<Call<Response>> call, OperationInfo op) {
    return [call, op](const Completion& c) {
        if (c.error != TransportError::None) {
            complete(*call, error_from_transport(c.error, c.error_detail, op));
            return;
        }
        call->value = c.response;
        complete(*call, {});
    };
}

void Client::Impl::complete(CallBase& c, ApiError e) {
    if (c.state != CallState::Pending) return;
    if (e.ok()) {
        c.state = CallState::Done;
    } else {
        c.error = std::move(e);
        c.state = CallState::Failed;
    }
}

void Client::Impl::fail(Job& j, ApiError e) {
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

void Client::Impl::update_limits(const OperationInfo& op, const Response& r, double now) {
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
        double v = leading_number(reset).value_or(0);
        if (!std::isfinite(v) || v < 0) v = 0;
        if (v > 1e9) v = std::max(0.0, v - static_cast<double>(epoch_ms()) / 1000.0);  // an epoch, not a delta
        s.reset_at_ms = now + v * 1000.0;
    } else if (s.remaining <= cfg.pace_reserve) {
        s.reset_at_ms = now + cfg.pace_default_wait_ms;
    }
}

// True when requests of this category must wait (pacing from X-RateLimit-Remaining).
bool Client::Impl::held(const OperationInfo& op, double now) {
    auto it = limits.find(op.category);
    if (it == limits.end()) return false;
    RateLimitState& s = it->second;
    if (s.remaining < 0 || now >= s.reset_at_ms) return false;
    int64_t running = 0;
    for (const auto& j : inflight)
        if (std::string_view(j->op.category) == op.category) ++running;
    return running >= s.remaining - cfg.pace_reserve;
}

std::string Client::Impl::base_url(std::string_view path_and_query) const {
    std::string b = cfg.api_base;
    while (!b.empty() && b.back() == '/') b.pop_back();
    return b + std::string(path_and_query);
}

void Client::Impl::start(Job& j, double now) {
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

void Client::Impl::start_refresh() {
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
void Client::Impl::wake_auth_waiters() {
    for (auto it = waiting.begin(); it != waiting.end();) {
        Job& j = **it;
        if (!j.waiting_auth) { ++it; continue; }
        j.waiting_auth = false;
        if (!oauth.tokens()) {
            ApiError e = oauth.last_error();
            if (e.ok()) e = signed_out_error();
            e.kind = ErrorKind::Auth;
            fail(j, e);
            it = waiting.erase(it);
        } else {
            ++it;
        }
    }
}

void Client::Impl::handle(std::unique_ptr<Job> jp, const Completion& c, double now) {
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
        // No HTTP answer (fetch's status 0) from an API that has never answered is tried once more, not
        // max_attempts times: CORS and an unreachable host fail the same way every time, and more tries only
        // delay the message saying so. Once it has answered, a lost answer is a dropped connection: retried.
        const int cap = c.error == TransportError::Network && !api_answered ? std::min(rp.max_attempts, 2)
                                                                           : rp.max_attempts;
        if (is_get && c.error != TransportError::Refused && j.attempt < cap)
            return retry_later(rp.delay_ms(j.attempt + 1));
        return fail(j, error_from_transport(c.error, c.error_detail, j.op));
    }
    const Response& r = c.response;
    api_answered = true;
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
        if (!is_get && err.kind == ErrorKind::Decode) err = unreadable_write_error(err, r.status, j.op);
        return fail(j, err);
    }
    ApiError e = error_from_response(r, j.op);
    if (r.status == 401 && cfg.sandbox && !j.op.sandbox && j.authed) {
        // The sandbox's answer to an operation it does not serve: the token is fine, so neither refresh
        // nor sign-out would help.
        return fail(j, not_in_sandbox_error(e));
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

void Client::Impl::dispatch(double now) {
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
                fail(j, not_signed_in_error());
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

void Client::Impl::pump() {
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

void Client::Impl::enqueue(std::unique_ptr<Job> j) {
    j->call->call_id = next_call_id++;
    waiting.push_back(std::move(j));
}

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
}  // namespace pinlab
