// client_endpoints.cpp — the client's endpoints: one function per API operation the app uses, each checking
// its arguments the way the spec does (a bad one fails at once, nothing is sent) and building its path and
// query; the raw calls of the console and the Explorer; and the pagers over the list operations.
#include "core/client_engine.h"

#include <algorithm>
#include <iterator>

#include "core/dates.h"
#include "core/operations.h"
#include "core/text.h"
#include "core/url.h"

namespace pinlab {

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

// `p` with the page's query (bookmark, page_size): the lists that take no other parameter.
std::string page_path(std::string p, const PageQuery& page) {
    Params q;
    add_page(q, page);
    return path(std::move(p), q);
}

// The first check that failed, in the order given (the ids, then the page or the body); ok when all passed.
ApiError first_error(std::initializer_list<ApiError> checks) {
    for (const ApiError& e : checks)
        if (!e.ok()) return e;
    return {};
}

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
    return top_pins(ops::user_account_analytics_top_pins, "/user_account/analytics/top_pins", t, sorts, std::size(sorts),
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
    ApiError v = first_error({check_id("board_id", id), validate(b)});
    return run<Board>(ops::boards_update, "/boards/" + enc(id), json_dump(to_json(b)), v);
}

Handle<Empty> Client::delete_board(const std::string& id) {
    return run<Empty>(ops::boards_delete, "/boards/" + enc(id), {}, check_id("board_id", id));
}

Handle<Paginated<Pin>> Client::list_board_pins(const std::string& id, const PageQuery& page) {
    ApiError v = first_error({check_id("board_id", id), check_page(page)});
    return run<Paginated<Pin>>(ops::boards_list_pins, page_path("/boards/" + enc(id) + "/pins", page), {}, v);
}

Handle<Paginated<BoardSection>> Client::list_sections(const std::string& id, const PageQuery& page) {
    ApiError v = first_error({check_id("board_id", id), check_page(page)});
    return run<Paginated<BoardSection>>(ops::board_sections_list, page_path("/boards/" + enc(id) + "/sections", page), {}, v);
}

Handle<BoardSection> Client::create_section(const std::string& id, const SectionCreate& s) {
    ApiError v = first_error({check_id("board_id", id), validate(s)});
    return run<BoardSection>(ops::board_sections_create, "/boards/" + enc(id) + "/sections", json_dump(to_json(s)), v);
}

Handle<BoardSection> Client::update_section(const std::string& id, const std::string& sid, const SectionCreate& s) {
    ApiError v = first_error({check_id("board_id", id), check_id("section_id", sid), validate(s)});
    return run<BoardSection>(ops::board_sections_update, "/boards/" + enc(id) + "/sections/" + enc(sid),
                             json_dump(to_json(s)), v);
}

Handle<Empty> Client::delete_section(const std::string& id, const std::string& sid) {
    ApiError v = first_error({check_id("board_id", id), check_id("section_id", sid)});
    return run<Empty>(ops::board_sections_delete, "/boards/" + enc(id) + "/sections/" + enc(sid), {}, v);
}

Handle<Paginated<Pin>> Client::list_section_pins(const std::string& id, const std::string& sid,
                                                 const PageQuery& page) {
    ApiError v = first_error({check_id("board_id", id), check_id("section_id", sid), check_page(page)});
    return run<Paginated<Pin>>(ops::board_sections_list_pins,
                               page_path("/boards/" + enc(id) + "/sections/" + enc(sid) + "/pins", page), {}, v);
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
    ApiError v = first_error({check_id("pin_id", id), validate(p)});
    return run<Pin>(ops::pins_update, "/pins/" + enc(id), json_dump(to_json(p)), v);
}

Handle<Empty> Client::delete_pin(const std::string& id) {
    return run<Empty>(ops::pins_delete, "/pins/" + enc(id), {}, check_id("pin_id", id));
}

Handle<Pin> Client::save_pin(const std::string& id, const PinSave& s) {
    ApiError v = first_error({check_id("pin_id", id), validate(s)});
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
    return run<Paginated<Pin>>(ops::search_user_pins_list, path("/search/pins", q), {}, v);
}

Handle<Paginated<Board>> Client::search_boards(const std::string& query, const PageQuery& page) {
    ApiError v = query.empty() ? invalid("query", "required") : check_page(page);
    Params q = {{"query", query}};
    add_page(q, page);
    return run<Paginated<Board>>(ops::search_user_boards_get, path("/search/boards", q), {}, v);
}

Handle<Paginated<Media>> Client::list_media(const PageQuery& page) {
    return run<Paginated<Media>>(ops::media_list, page_path("/media", page), {}, check_page(page));
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
    return run<Paginated<UserSummary>>(ops::followers_list, page_path("/user_account/followers", page), {}, check_page(page));
}

Handle<Paginated<UserSummary>> Client::list_following(const PageQuery& page) {
    return run<Paginated<UserSummary>>(ops::user_following_get, page_path("/user_account/following", page), {}, check_page(page));
}

Handle<Paginated<Board>> Client::list_following_boards(const PageQuery& page) {
    return run<Paginated<Board>>(ops::boards_user_follows_list, page_path("/user_account/following/boards", page), {}, check_page(page));
}

Handle<UserSummary> Client::follow_user(const std::string& username) {
    ApiError v;
    if (username.empty()) v = invalid("username", "required");
    else if (is_digits(username)) v = invalid("username", "is a username, not a numeric id (got \"" + username + "\")");
    else if (username.size() > 100) v = invalid("username", "at most 100 characters");
    return run<UserSummary>(ops::follow_user_update, "/user_account/following/" + enc(username),
                            json_dump(json{{"auto_follow", false}}), v);
}

Handle<TopPinsAnalytics> Client::get_user_account_top_video_pins(const TopPinsQuery& t) {
    static const char* const sorts[] = {"IMPRESSION", "SAVE", "OUTBOUND_CLICK", "VIDEO_MRC_VIEW", "VIDEO_AVG_WATCH_TIME",
                                        "VIDEO_V50_WATCH_TIME", "QUARTILE_95_PERCENT_VIEW", "VIDEO_10S_VIEW", "VIDEO_START"};
    return top_pins(ops::user_account_analytics_top_video_pins, "/user_account/analytics/top_video_pins", t, sorts, std::size(sorts),
                    "must be IMPRESSION, SAVE, OUTBOUND_CLICK or a VIDEO_* metric (got \"" + t.sort_by + "\")");
}

Handle<Paginated<UserWebsite>> Client::list_websites(const PageQuery& page) {
    return run<Paginated<UserWebsite>>(ops::user_websites_get, page_path("/user_account/websites", page), {}, check_page(page));
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
    return run<UserWebsite>(ops::verify_website_update, "/user_account/websites",
                            json_dump(json{{"website", website}, {"verification_method", method}}), v);
}

Handle<Empty> Client::unverify_website(const std::string& website) {
    return run<Empty>(ops::unverify_website_delete, path("/user_account/websites", {{"website", website}}), {},
                      website.empty() ? invalid("website", "required") : ApiError{});
}

Handle<WebsiteVerificationCode> Client::get_website_verification() {
    return run<WebsiteVerificationCode>(ops::website_verification_get, "/user_account/websites/verification");
}

Handle<LinkedBusinesses> Client::list_linked_businesses() {
    return run<LinkedBusinesses>(ops::linked_business_accounts_get, "/user_account/businesses");
}

Handle<Paginated<BusinessRoleBinding>> Client::list_business_employers(const PageQuery& page) {
    return run<Paginated<BusinessRoleBinding>>(ops::get_business_employers, page_path("/businesses/employers", page), {}, check_page(page));
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
    return run<Paginated<BusinessRoleBinding>>(ops::get_business_partners, path("/businesses/" + enc(business_id) + "/partners", q),
                                               {}, v);
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

namespace {
// Each pager is its list operation with the page size fixed: `list(page)` fetches the page at a bookmark.
template <class T, class List>
Pager<T> paged(int page_size, List list) {
    return Pager<T>([page_size, list](const std::string& bookmark) { return list(PageQuery{page_size, bookmark}); });
}
}  // namespace

Pager<Pin> Client::pins_pager(int n, PinListQuery q) {
    return paged<Pin>(n, [this, q](const PageQuery& p) { return list_pins(p, q); });
}
Pager<Board> Client::boards_pager(int n, std::string privacy) {
    return paged<Board>(n, [this, privacy](const PageQuery& p) { return list_boards(p, privacy); });
}
Pager<Pin> Client::board_pins_pager(std::string board_id, int n) {
    return paged<Pin>(n, [this, board_id](const PageQuery& p) { return list_board_pins(board_id, p); });
}
Pager<BoardSection> Client::sections_pager(std::string board_id, int n) {
    return paged<BoardSection>(n, [this, board_id](const PageQuery& p) { return list_sections(board_id, p); });
}
Pager<UserSummary> Client::followers_pager(int n) {
    return paged<UserSummary>(n, [this](const PageQuery& p) { return list_followers(p); });
}
Pager<UserSummary> Client::following_pager(int n) {
    return paged<UserSummary>(n, [this](const PageQuery& p) { return list_following(p); });
}
Pager<Board> Client::following_boards_pager(int n) {
    return paged<Board>(n, [this](const PageQuery& p) { return list_following_boards(p); });
}
Pager<UserWebsite> Client::websites_pager(int n) {
    return paged<UserWebsite>(n, [this](const PageQuery& p) { return list_websites(p); });
}
Pager<BusinessRoleBinding> Client::partners_pager(std::string business_id, PartnerQuery q, int n) {
    return paged<BusinessRoleBinding>(n, [this, business_id, q](const PageQuery& p) {
        return list_business_partners(business_id, q, p);
    });
}

}  // namespace pinlab
