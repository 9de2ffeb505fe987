// client.h — the Pinterest API v5 client for an immediate-mode UI.
//
// HOW RESULTS ARE DELIVERED (read this first)
//   Every operation returns at once with a Handle<T> = std::shared_ptr<Call<T>>. Nothing happens
//   until the UI calls client.pump() once per frame; pump() drains the Transport, retries, paces,
//   refreshes tokens, and updates the Call objects. There are NO callbacks: each frame the UI
//   looks at its handles:
//
//       static Handle<Paginated<Board>> boards;
//       if (ImGui::Button("Load")) boards = client.list_boards({});
//       if (boards && boards->pending()) ImGui::Text("loading…");
//       if (boards && boards->done())   for (auto& b : boards->value->items) ImGui::Text("%s", b.name.c_str());
//       if (boards && boards->failed()) ImGui::TextWrapped("%s", boards->error.describe().c_str());
//
//   A Call only changes inside pump(), so its fields are stable for the whole frame. The client
//   keeps its own reference until the call finishes, so dropping a handle is always safe (the
//   request still completes; use cancel() to stop it). Validation errors are delivered already
//   Failed (no request is sent).
//
//   For lists, keep a Pager<T> (load-more with a bookmark cursor) and call pager.poll() each frame,
//   or client.fetch_all(pager, cap) for everything up to a cap.
//
// RESILIENCE: GETs are retried on 5xx, network errors and unreadable bodies with bounded
// exponential backoff + jitter (RetryPolicy); 429 waits until X-RateLimit-Reset; requests are
// paced per x-ratelimit-category from X-RateLimit-Remaining; at most max_in_flight requests run at
// once (the rest queue); a POST that creates something is never retried after an unknown outcome
// (ErrorKind::OutcomeUnknown). The access token is refreshed before expiry and once on a 401.
// All timing runs on Transport::now_ms(), so tests with a fake clock are deterministic.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dates.h"  // AnalyticsQuery dates are YYYY-MM-DD (days_to_ymd)
#include "core/errors.h"
#include "core/http.h"
#include "core/models.h"
#include "core/oauth.h"
#include "core/request_log.h"

namespace pinlab {

// [SECTION] Calls and handles --------------------------------------------------------------------

enum class CallState : uint8_t { Pending, Done, Failed };

struct CallBase {
    CallState state = CallState::Pending;
    ApiError error;          // valid when Failed (kind Cancelled when cancelled)
    int attempts = 0;        // how many times it was sent (retries included)
    uint64_t log_id = 0;     // RequestLog entry of the latest attempt (0 = never sent)
    uint64_t call_id = 0;    // client-wide id, for cancel()

    bool pending() const { return state == CallState::Pending; }
    bool done() const { return state == CallState::Done; }
    bool failed() const { return state == CallState::Failed; }
    bool finished() const { return state != CallState::Pending; }
};

template <class T>
struct Call : CallBase {
    std::optional<T> value;  // set when Done
};

template <class T>
using Handle = std::shared_ptr<Call<T>>;

// [SECTION] Policies and state ------------------------------------------------------------------

struct RetryPolicy {
    int max_attempts = 4;           // total tries for a retryable request (1 = never retry)
    double base_delay_ms = 500;     // first backoff
    double max_delay_ms = 8000;     // cap on one backoff
    double jitter = 0.5;            // delay *= 1 - jitter*random01 … (full range [1-jitter, 1])
    double max_rate_limit_wait_ms = 120000;  // longer waits for a 429 fail instead of hanging
    std::function<double()> random01;        // [0,1); empty = internal PRNG (inject for tests)

    // Backoff before try number `attempt` (2 = first retry).
    double delay_ms(int attempt) const;
};

// Per x-ratelimit-category, from X-RateLimit-* response headers.
struct RateLimitState {
    int64_t limit = -1;        // -1 = unknown
    int64_t remaining = -1;
    double reset_at_ms = 0;    // transport clock; 0 = unknown
    double updated_ms = 0;
    int held = 0;              // requests currently held back for this category
};

struct ClientConfig {
    std::string api_base = "https://api.pinterest.com/v5";  // or "/v5" (same origin), or the emulator's
    // The backend applies api-sandbox.pinterest.com's rules: it answers an operation it does not serve
    // (x-sandbox: disabled) with 401, which then says nothing about the token (no refresh, no sign-out; the
    // error is ErrorKind::NotInSandbox). An api_base on api-sandbox.pinterest.com implies it.
    bool sandbox = false;
    OAuthConfig oauth;
    RetryPolicy retry;
    int max_in_flight = 6;
    int timeout_ms = 30000;
    int64_t refresh_margin_s = 300;   // refresh when the access token expires within this
    int64_t pace_reserve = 0;         // hold a category when remaining <= this (until its reset)
    double pace_default_wait_ms = 1000;  // hold time when remaining hits the reserve and no reset is known
    size_t log_capacity = 500;
    size_t log_body_cap = 16 * 1024;
    // Wall clock in ms since the Unix epoch (token expiry, "today" for analytics date checks).
    // Empty = the system clock. Tests inject one.
    std::function<int64_t()> epoch_ms;
};

// What the API's answers showed about the token's scopes: a pasted token's scopes are only what the person
// declared. An operation that succeeded proves the token has every scope it needs; a refusal for missing
// scopes (code 3, or 403) proves one of the operation's scopes not yet proven is missing (Pinterest's
// message does not name it; a message that does is believed).
struct ScopeEvidence {
    std::vector<std::string> confirmed;  // sorted, unique
    std::vector<std::string> missing;    // sorted, unique: certainly not granted
    // Refusals that could not be pinned on one scope: "boards:read or pins:read" (one of them is missing).
    std::vector<std::string> unclear;
};

// [SECTION] Query parameters ----------------------------------------------------------------------

struct PageQuery {
    int page_size = 25;    // 1..250
    std::string bookmark;  // empty = first page
};

struct PinListQuery {
    std::string pin_filter;                   // exclude_native|exclude_repins|has_been_promoted
    std::optional<bool> include_protected_pins;
    std::string pin_type;                     // PRIVATE
    std::vector<std::string> creative_types;
    std::optional<bool> pin_metrics;
};

struct AnalyticsQuery {
    std::string start_date, end_date;         // YYYY-MM-DD, start <= end, start >= today-90d
    std::vector<std::string> metric_types;    // comma-joined on the wire
    std::string app_types;                    // ALL|MOBILE|TABLET|WEB
    std::string split_field;                  // NO_SPLIT|APP_TYPE|…
    std::string from_claimed_content, pin_format, content_type, source;
};

struct TopPinsQuery : AnalyticsQuery {
    std::string sort_by = "IMPRESSION";       // ENGAGEMENT|SAVE|IMPRESSION|OUTBOUND_CLICK|PIN_CLICK
    int num_of_pins = 10;                     // 1..50
    std::optional<int> created_in_last_n_days;
};

struct PartnerQuery {  // GET /businesses/{business_id}/partners
    std::string partner_type;              // INTERNAL|EXTERNAL; empty = both
    std::vector<std::string> partner_ids;  // comma-joined on the wire (at most 500 characters)
    bool assets_summary = false;
};

// [SECTION] Pager -----------------------------------------------------------------------------------

// Load-more over a bookmark cursor. The UI keeps it and calls poll() every frame.
template <class T>
class Pager {
public:
    using Fetch = std::function<Handle<Paginated<T>>(const std::string& bookmark)>;
    Pager() = default;
    explicit Pager(Fetch f) : fetch_(std::move(f)) {}

    std::vector<T> items;      // everything loaded so far, in order
    std::string bookmark;      // cursor for the next page ("" before the first page)
    bool loading = false;
    bool done = false;         // last page seen (bookmark absent/null)
    ApiError error;            // last page's error; load_more() retries from the same bookmark
    int pages = 0;

    // Starts the next page unless one is loading or all are loaded. Returns true if it started one.
    bool load_more() {
        if (loading || done || !fetch_) return false;
        error = {};
        current_ = fetch_(bookmark);
        loading = true;
        poll();  // validation errors are already final
        return true;
    }
    // Merges a finished page. Cheap; call once per frame.
    void poll() {
        if (!current_ || current_->pending()) return;
        loading = false;
        if (current_->done() && current_->value) {
            auto& page = *current_->value;
            for (auto& it : page.items) items.push_back(std::move(it));
            ++pages;
            if (page.bookmark && !page.bookmark->empty()) bookmark = *page.bookmark;
            else done = true;
        } else {
            error = current_->error;
        }
        current_.reset();
    }
    void reset() { items.clear(); bookmark.clear(); loading = done = false; error = {}; pages = 0; current_.reset(); }
    const Handle<Paginated<T>>& current() const { return current_; }

private:
    Fetch fetch_;
    Handle<Paginated<T>> current_;
};

// [SECTION] Client ------------------------------------------------------------------------------------

class Client {
public:
    Client(Transport& transport, ClientConfig cfg, Storage& storage);
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // Once per frame: drain completions, retry, pace, refresh, start queued requests, run fetch_all.
    void pump();

    // --- Sign-in -------------------------------------------------------------------------------
    OAuth& auth();
    const OAuth& auth() const;
    Result<std::string> begin_sign_in();                            // the consent URL to navigate to
    Handle<Tokens> complete_sign_in(std::string_view redirect_url); // parse + exchange the code
    void use_token(std::string access_token, std::vector<std::string> scopes, std::string environment,
                   int64_t expires_at = 0);                         // paste-a-token mode
    // A full token set saved earlier ("Remember me", a reload): signed in with refresh still working.
    ApiError restore_tokens(const Tokens& t);
    Handle<Tokens> refresh_now();
    Handle<Empty> sign_out();  // revokes where supported, forgets tokens at once either way

    // --- user_account --------------------------------------------------------------------------
    Handle<Account> get_user_account();
    Handle<AnalyticsResponse> get_user_account_analytics(const AnalyticsQuery& q);
    Handle<TopPinsAnalytics> get_user_account_top_pins(const TopPinsQuery& q);

    // --- boards ---------------------------------------------------------------------------------
    Handle<Paginated<Board>> list_boards(const PageQuery& page = {}, const std::string& privacy = "");
    Handle<Board> create_board(const BoardCreate& b);
    Handle<Board> get_board(const std::string& board_id);
    Handle<Board> update_board(const std::string& board_id, const BoardUpdate& b);
    Handle<Empty> delete_board(const std::string& board_id);
    Handle<Paginated<Pin>> list_board_pins(const std::string& board_id, const PageQuery& page = {});

    // --- board sections -------------------------------------------------------------------------
    Handle<Paginated<BoardSection>> list_sections(const std::string& board_id, const PageQuery& page = {});
    Handle<BoardSection> create_section(const std::string& board_id, const SectionCreate& s);
    Handle<BoardSection> update_section(const std::string& board_id, const std::string& section_id,
                                        const SectionCreate& s);
    Handle<Empty> delete_section(const std::string& board_id, const std::string& section_id);
    Handle<Paginated<Pin>> list_section_pins(const std::string& board_id, const std::string& section_id,
                                             const PageQuery& page = {});

    // --- pins -------------------------------------------------------------------------------------
    Handle<Paginated<Pin>> list_pins(const PageQuery& page = {}, const PinListQuery& q = {});
    Handle<Pin> create_pin(const PinCreate& p);  // never retried after an unknown outcome
    Handle<Pin> get_pin(const std::string& pin_id);
    Handle<Pin> update_pin(const std::string& pin_id, const PinUpdate& p);
    Handle<Empty> delete_pin(const std::string& pin_id);
    Handle<Pin> save_pin(const std::string& pin_id, const PinSave& s);
    Handle<AnalyticsResponse> get_pin_analytics(const std::string& pin_id, const AnalyticsQuery& q);
    Handle<MultiPinAnalytics> get_multi_pin_analytics(const std::vector<std::string>& pin_ids,
                                                      const AnalyticsQuery& q);

    // --- search, media, ads -------------------------------------------------------------------
    Handle<Paginated<Pin>> search_pins(const std::string& query, const std::string& bookmark = "");
    Handle<Paginated<Board>> search_boards(const std::string& query, const PageQuery& page = {});
    Handle<Paginated<Media>> list_media(const PageQuery& page = {});
    Handle<Media> get_media(const std::string& media_id);
    Handle<MediaUpload> register_media(const std::string& media_type = "video");
    Handle<Paginated<AdAccount>> list_ad_accounts(const PageQuery& page = {},
                                                  std::optional<bool> include_shared_accounts = {});

    // --- followers, following, websites, businesses, video uploads ------------------------------
    Handle<Paginated<UserSummary>> list_followers(const PageQuery& page = {});
    Handle<Paginated<UserSummary>> list_following(const PageQuery& page = {});
    Handle<Paginated<Board>> list_following_boards(const PageQuery& page = {});
    Handle<UserSummary> follow_user(const std::string& username);  // the API (5.23) has no unfollow
    Handle<TopPinsAnalytics> get_user_account_top_video_pins(const TopPinsQuery& q);  // sort_by: a video metric
    Handle<Paginated<UserWebsite>> list_websites(const PageQuery& page = {});
    Handle<UserWebsite> verify_website(const std::string& website, const std::string& method = "METATAG");
    Handle<Empty> unverify_website(const std::string& website);
    Handle<WebsiteVerificationCode> get_website_verification();
    Handle<LinkedBusinesses> list_linked_businesses();
    Handle<Paginated<BusinessRoleBinding>> list_business_employers(const PageQuery& page = {});
    Handle<Paginated<BusinessRoleBinding>> list_business_partners(const std::string& business_id,
                                                                  const PartnerQuery& q = {},
                                                                  const PageQuery& page = {});
    // The file to a registered upload's upload_url as multipart/form-data (its upload_parameters, then the
    // file), without the Bearer token: S3's browser POST. Done on any 2xx; an S3 <Error> fails with its text.
    // Never retried (the policy is good for one upload). The log shows the parameters' names, not values.
    Handle<Empty> upload_media(const MediaUpload& target, const std::string& bytes, const std::string& filename,
                               const std::string& content_type);

    // --- raw (API console): any method/path under api_base, answered with the raw Response ------
    Handle<Response> send_raw(const std::string& method, const std::string& path_and_query,
                              const std::string& json_body = "");
    // --- any operation of the spec by operationId (the Explorer): like send_raw, any HTTP answer is the
    // result, but logged under the operation and paced by its x-ratelimit-category; never retried, so a
    // create is never repeated blindly. An id the spec does not have fails at once (no request is sent).
    Handle<Response> call_operation(const std::string& operation_id, const std::string& path_and_query,
                                    const std::string& json_body = "");
    // --- an unauthenticated form POST (the Demo consent step), logged under `operation` like every call
    // and never retried; any HTTP answer (a 302 with its Location included) is the result ------------
    Handle<Response> post_form(const Request& form_post, const char* operation);

    // --- pagination helpers ----------------------------------------------------------------------
    Pager<Pin> pins_pager(int page_size = 25, PinListQuery q = {});
    Pager<Board> boards_pager(int page_size = 25, std::string privacy = "");
    Pager<Pin> board_pins_pager(std::string board_id, int page_size = 25);
    Pager<BoardSection> sections_pager(std::string board_id, int page_size = 25);
    Pager<UserSummary> followers_pager(int page_size = 25);
    Pager<UserSummary> following_pager(int page_size = 25);
    Pager<Board> following_boards_pager(int page_size = 25);
    Pager<UserWebsite> websites_pager(int page_size = 25);
    Pager<BusinessRoleBinding> partners_pager(std::string business_id, PartnerQuery q, int page_size = 25);
    // Loads pages until the last one or until `cap` items (then Done with the first `cap` items).
    // Fails with the page error if a page fails after its retries.
    template <class T>
    Handle<std::vector<T>> fetch_all(Pager<T> pager, size_t cap);

    // --- control and inspection ------------------------------------------------------------------
    void cancel(const CallBase& call);  // the Call fails with ErrorKind::Cancelled (if still pending)
    const RequestLog& log() const;
    RequestLog& log();
    const std::map<std::string, RateLimitState>& rate_limits() const;
    size_t in_flight() const;
    size_t queued() const;      // waiting for a slot, a backoff, a rate-limit reset or a token refresh
    const ClientConfig& config() const;
    int64_t now_epoch_s() const;
    const ScopeEvidence& scope_evidence() const;  // forgotten when the tokens change (sign-in, pasted token)

    using Finish = std::function<void(const Response&, ApiError& err)>;  // decode into the Call or set err

private:
    // Plumbing for the templates above.
    void submit(const OperationInfo& op, std::string path_and_query, std::optional<std::string> body,
                std::shared_ptr<CallBase> call, Finish finish, ApiError validation = {});
    void add_task(std::function<bool()> task);  // polled in pump() until it returns true
    // Top pins and top video pins: the same query, checked against the operation's own sort_by values.
    Handle<TopPinsAnalytics> top_pins(const OperationInfo& op, const char* endpoint, const TopPinsQuery& t,
                                      const char* const* sorts, size_t n_sorts, const std::string& sort_rule);
    template <class T>
    Handle<T> run(const OperationInfo& op, std::string path_and_query, std::optional<std::string> body = {},
                  ApiError validation = {});
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// [SECTION] Template implementations -----------------------------------------------------------

template <class T>
Handle<T> Client::run(const OperationInfo& op, std::string path_and_query, std::optional<std::string> body,
                      ApiError validation) {
    auto call = std::make_shared<Call<T>>();
    Call<T>* raw = call.get();  // the Finish closure is owned by the job that owns `call`
    submit(op, std::move(path_and_query), std::move(body), call,
           [raw](const Response& resp, ApiError& err) {
               Result<T> r = decode_json<T>(resp.body);
               if (r.ok()) raw->value = std::move(*r.value);
               else err = std::move(r.error);
           },
           std::move(validation));
    return call;
}

template <class T>
Handle<std::vector<T>> Client::fetch_all(Pager<T> pager, size_t cap) {
    auto out = std::make_shared<Call<std::vector<T>>>();
    auto p = std::make_shared<Pager<T>>(std::move(pager));
    auto finish = [out, p, cap]() -> bool {
        p->poll();
        if (p->loading) return false;
        if (!p->error.ok()) {
            out->error = p->error;
            out->state = CallState::Failed;
            return true;
        }
        if (p->done || p->items.size() >= cap) {
            if (p->items.size() > cap) p->items.resize(cap);
            out->value = std::move(p->items);
            out->state = CallState::Done;
            return true;
        }
        p->load_more();
        p->poll();
        if (!p->error.ok()) {
            out->error = p->error;
            out->state = CallState::Failed;
            return true;
        }
        return false;
    };
    if (!finish()) add_task(finish);
    return out;
}

}  // namespace pinlab
