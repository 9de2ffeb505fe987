// account.cpp — user_account (+ analytics, top pins, top video pins), pin analytics (single and multi),
// ad_accounts (media uploads: media.cpp). Analytics are computed on request from hashes of (entity, day): deterministic,
// with a weekly rhythm (weekends are busier on Pinterest) and a slow upward trend; nothing is stored.
#include <algorithm>
#include <cmath>
#include <functional>

#include "emulator/impl.h"

namespace pinlab::emu {

namespace {

const char* kUserMetrics[] = {"ENGAGEMENT", "ENGAGEMENT_RATE", "IMPRESSION", "OUTBOUND_CLICK", "OUTBOUND_CLICK_RATE",
                              "PIN_CLICK", "PIN_CLICK_RATE", "SAVE", "SAVE_RATE"};
const char* kPinMetrics[] = {"IMPRESSION", "OUTBOUND_CLICK", "PIN_CLICK", "SAVE", "SAVE_RATE", "TOTAL_COMMENTS",
                             "TOTAL_REACTIONS", "USER_FOLLOW", "PROFILE_VISIT", "VIDEO_MRC_VIEW", "VIDEO_10S_VIEW",
                             "QUARTILE_95_PERCENT_VIEW", "VIDEO_V50_WATCH_TIME", "VIDEO_START", "VIDEO_AVG_WATCH_TIME"};

template <size_t N>
bool in(const char* (&set)[N], const std::string& v) {
    return std::any_of(std::begin(set), std::end(set), [&](const char* s) { return v == s; });
}

// Counts for one entity on one day. `scale` sets the size (account ~ thousands of impressions a day).
struct Day {
    double impression, pin_click, outbound, save, comments, reactions, follows, profile_visits;
    bool video = false;  // a video pin: the VIDEO_* metrics are derived from impressions
    double avg_watch_ms = 0;
};

Day day_counts(uint64_t entity, int64_t day, double scale) {
    static const double kWeek[7] = {1.00, 1.04, 1.08, 0.97, 0.92, 1.12, 1.22};  // epoch day 0 was a Thursday
    uint64_t h = mix64(entity ^ static_cast<uint64_t>(day) * 0x9E3779B97F4A7C15ull);
    double noise = 0.8 + 0.4 * static_cast<double>(h % 1000) / 1000.0;
    double trend = 1.0 + 0.002 * static_cast<double>(day % 365);
    double imp = std::floor(scale * kWeek[((day % 7) + 7) % 7] * noise * trend);
    auto frac = [&](int shift, double lo, double hi) {
        return lo + (hi - lo) * static_cast<double>((h >> shift) % 1000) / 1000.0;
    };
    Day d;
    d.impression = imp;
    d.pin_click = std::floor(imp * frac(10, 0.015, 0.04));
    d.outbound = std::floor(imp * frac(20, 0.004, 0.012));
    d.save = std::floor(imp * frac(30, 0.005, 0.015));
    d.comments = std::floor(imp * frac(40, 0.0, 0.001));
    d.reactions = std::floor(imp * frac(44, 0.0, 0.004));
    d.follows = std::floor(imp * frac(48, 0.0, 0.001));
    d.profile_visits = std::floor(imp * frac(52, 0.0, 0.006));
    return d;
}

double metric(const Day& d, const std::string& m) {
    auto rate = [](double a, double b) { return b > 0 ? a / b : 0.0; };
    if (m == "IMPRESSION") return d.impression;
    if (m == "PIN_CLICK") return d.pin_click;
    if (m == "OUTBOUND_CLICK") return d.outbound;
    if (m == "SAVE") return d.save;
    if (m == "ENGAGEMENT") return d.pin_click + d.outbound + d.save + d.reactions + d.comments;
    if (m == "ENGAGEMENT_RATE") return rate(d.pin_click + d.outbound + d.save + d.reactions + d.comments, d.impression);
    if (m == "OUTBOUND_CLICK_RATE") return rate(d.outbound, d.impression);
    if (m == "PIN_CLICK_RATE") return rate(d.pin_click, d.impression);
    if (m == "SAVE_RATE") return rate(d.save, d.impression);
    if (m == "TOTAL_COMMENTS") return d.comments;
    if (m == "TOTAL_REACTIONS") return d.reactions;
    if (m == "USER_FOLLOW") return d.follows;
    if (m == "PROFILE_VISIT") return d.profile_visits;
    if (!d.video) return 0;  // video metrics of an image pin
    double starts = std::floor(d.impression * 0.35);
    if (m == "VIDEO_START") return starts;
    if (m == "VIDEO_MRC_VIEW") return std::floor(d.impression * 0.22);
    if (m == "VIDEO_10S_VIEW") return std::floor(d.impression * 0.12);
    if (m == "QUARTILE_95_PERCENT_VIEW") return std::floor(d.impression * 0.05);
    if (m == "VIDEO_AVG_WATCH_TIME") return starts > 0 ? d.avg_watch_ms : 0;
    if (m == "VIDEO_V50_WATCH_TIME") return std::floor(starts * d.avg_watch_ms * 0.5);
    return 0;
}

Day add(Day a, const Day& b) {
    a.impression += b.impression;
    a.pin_click += b.pin_click;
    a.outbound += b.outbound;
    a.save += b.save;
    a.comments += b.comments;
    a.reactions += b.reactions;
    a.follows += b.follows;
    a.profile_visits += b.profile_visits;
    a.video = a.video || b.video;
    a.avg_watch_ms = std::max(a.avg_watch_ms, b.avg_watch_ms);
    return a;
}

struct Range {
    int64_t start = 0, end = 0;  // days since epoch, inclusive
};

// start_date/end_date rules from the spec: YYYY-MM-DD, start not more than 90 days back, end not more than 90
// days after start, end not before start.
Outcome<Range> parse_range(const Params& q, int64_t now_ms, const char* bad_message) {
    Range r;
    auto s = param(q, "start_date"), e = param(q, "end_date");
    if (!s || !e) return error_response(400, 1, std::string(bad_message) + " start_date and end_date are required.");
    auto start = parse_ymd_days(*s), end = parse_ymd_days(*e);
    if (!start || !end) return error_response(400, 1, std::string(bad_message) + " Dates must be YYYY-MM-DD.");
    r.start = *start;
    r.end = *end;
    int64_t today = now_ms / kDayMs;
    if (r.start < today - 90)
        return error_response(400, 1, std::string(bad_message) + " start_date cannot be more than 90 days back from today.");
    if (r.end < r.start) return error_response(400, 1, std::string(bad_message) + " end_date is before start_date.");
    if (r.end > r.start + 90)
        return error_response(400, 1, std::string(bad_message) + " end_date cannot be more than 90 days past start_date.");
    if (r.end > today) r.end = today;  // no data from the future
    return r;
}

// Comma-separated metric list (also accepted as repeated parameters); `all` when absent and allowed.
template <size_t N>
Outcome<std::vector<std::string>> parse_metrics(const Params& q, const char* (&allowed)[N], bool required,
                                                const char* bad_message) {
    std::vector<std::string> out;
    for (const auto& [k, v] : q) {
        if (k != "metric_types") continue;
        for (auto& m : split(v, ',')) {
            if (m == "ALL" && !required) continue;
            if (!in(allowed, m)) return error_response(400, 1, std::string(bad_message) + " Unknown metric type " + m + ".");
            if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
        }
    }
    if (out.empty()) {
        if (required && !param(q, "metric_types")) return error_response(400, 1, std::string(bad_message) + " metric_types is required.");
        for (const char* m : allowed) out.emplace_back(m);
    }
    return out;
}

Outcome<> check_enum(const Params& q, const char* name, std::initializer_list<const char*> values,
                     const char* bad_message) {
    auto v = param(q, name);
    if (!v) return Done{};
    for (const char* x : values)
        if (*v == x) return Done{};
    return error_response(400, 1, std::string(bad_message) + " Invalid " + name + ".");
}

bool is_rate(const std::string& m) { return m.size() > 5 && m.compare(m.size() - 5, 5, "_RATE") == 0; }

json metrics_block(const std::function<Day(int64_t)>& day_fn, const Range& r, const std::vector<std::string>& metrics,
                   int64_t today, int64_t created_day, bool pin) {
    json daily = json::array();
    Day total{};
    for (int64_t d = r.start; d <= r.end; ++d) {
        json entry;
        entry["date"] = days_to_ymd(d);
        if (pin && d < created_day) {
            entry["data_status"] = "BEFORE_PIN_CREATED";
            entry["metrics"] = json::object();
            daily.push_back(entry);
            continue;
        }
        Day x = day_fn(d);
        total = add(total, x);
        entry["data_status"] = d >= today ? "PROCESSING" : "READY";
        json m = json::object();
        for (const auto& name : metrics) m[name] = metric(x, name);
        entry["metrics"] = m;
        daily.push_back(entry);
    }
    json summary = json::object();
    for (const auto& name : metrics) summary[name] = metric(total, name);
    return json{{"summary_metrics", summary}, {"daily_metrics", daily}};
}

const char* kBadUser = "Invalid user accounts analytics parameters.";
const char* kBadPin = "Invalid pins analytics parameters.";

}  // namespace

// [SECTION] User account

Response Emulator::Impl::get_user_account(Ctx& c) {
    int visible_boards = 0;
    for (const auto& [id, b] : store.boards)
        if (can_read_board(c, b)) ++visible_boards;
    const AccountInfo& me = *find_account(store.user_id);
    int64_t pins = 0;
    for (const auto& [id, p] : store.pins) pins += mine(p) ? 1 : 0;
    // Written as text in nlohmann's key order (bytewise): what json_dump of the account object wrote.
    std::string o = "{\"about\":";
    json_put_string(o, me.about);
    o += ",\"account_type\":";
    json_put_string(o, me.type);
    o += ",\"board_count\":";
    json_put_int(o, visible_boards);
    o += ",\"business_name\":";
    if (me.business_name)
        json_put_string(o, me.business_name);
    else
        o += "null";
    o += ",\"follower_count\":12840,\"following_count\":311,\"id\":";
    json_put_string(o, store.user_id);
    o += ",\"monthly_views\":482000,\"pin_count\":";
    json_put_int(o, pins);
    o += ",\"profile_image\":";
    json_put_string(o, media_url("/media/users/" + store.username + "/150x150.png"));
    o += ",\"username\":";
    json_put_string(o, store.username);
    o += ",\"website_url\":\"https://pinlab.example.com\"}";
    return json_text_response(200, std::move(o));
}

Response Emulator::Impl::get_user_account_analytics(Ctx& c) {
    auto range = parse_range(c.query, c.now, kBadUser);
    if (!range) return range.refusal();
    const Range r = *range;
    auto metric_list = parse_metrics(c.query, kUserMetrics, false, kBadUser);
    if (!metric_list) return metric_list.refusal();
    const std::vector<std::string>& metrics = *metric_list;
    for (auto e : {check_enum(c.query, "split_field", {"NO_SPLIT", "APP_TYPE", "OWNED_CONTENT", "SOURCE", "PIN_FORMAT"}, kBadUser),
                   check_enum(c.query, "app_types", {"ALL", "MOBILE", "TABLET", "WEB"}, kBadUser),
                   check_enum(c.query, "content_type", {"ALL", "PAID", "ORGANIC"}, kBadUser),
                   check_enum(c.query, "source", {"ALL", "YOUR_PINS", "OTHER_PINS"}, kBadUser),
                   check_enum(c.query, "from_claimed_content", {"OTHER", "CLAIMED", "BOTH"}, kBadUser),
                   check_enum(c.query, "pin_format", {"ALL", "ORGANIC_IMAGE", "ORGANIC_PRODUCT", "ORGANIC_VIDEO",
                                                       "ADS_STANDARD", "ADS_PRODUCT", "ADS_VIDEO", "ADS_IDEA"}, kBadUser)})
        if (!e) return e.refusal();
    int64_t today = c.now / kDayMs;
    uint64_t user = hash64(store.user_id, opts.seed);
    std::string split = param(c.query, "split_field").value_or("NO_SPLIT");
    json out = json::object();
    if (split == "APP_TYPE") {
        const std::pair<const char*, double> parts[] = {{"MOBILE", 0.62}, {"WEB", 0.30}, {"TABLET", 0.08}};
        for (const auto& [name, share] : parts) {
            uint64_t key = user ^ hash64(name);
            double s = 2400.0 * share;
            out[name] = metrics_block([&](int64_t d) { return day_counts(key, d, s); }, r, metrics, today, 0, false);
        }
    } else {
        out["all"] = metrics_block([&](int64_t d) { return day_counts(user, d, 2400.0); }, r, metrics, today, 0, false);
    }
    return json_response(200, out);
}

// [SECTION] Pin analytics

namespace {
// One pin's day: video pins also have the VIDEO_* metrics (a steady average watch time per pin).
Day pin_day(const Pin& p, uint64_t key, int64_t day, double scale) {
    Day d = day_counts(key, day, scale);
    if (p.media_type == "video") {
        d.video = true;
        d.avg_watch_ms = 3000.0 + static_cast<double>(key % 9000);
    }
    return d;
}

json pin_analytics_for(const Emulator::Impl& impl, const Pin& p, const Range& r, const std::vector<std::string>& metrics,
                       int64_t now, const std::string& split) {
    uint64_t key = hash64(p.id, impl.opts.seed);
    double scale = 5.0 + static_cast<double>(key % 60);
    int64_t today = now / kDayMs, created = p.created_ms / kDayMs;
    json out = json::object();
    auto block = [&](uint64_t k, double s) {
        json b = metrics_block([&](int64_t d) { return pin_day(p, k, d, s); }, r, metrics, today, created, true);
        // Lifetime: every day since creation (integers, per the spec).
        Day life{};
        for (int64_t d = created; d <= today; ++d) life = add(life, pin_day(p, k, d, s));
        json lm = json::object();
        for (const auto& name : metrics)
            if (!is_rate(name)) lm[name] = static_cast<int64_t>(metric(life, name));
        b["lifetime_metrics"] = lm;
        return b;
    };
    if (split == "APP_TYPE") {
        out["MOBILE"] = block(key ^ 1, scale * 0.62);
        out["WEB"] = block(key ^ 2, scale * 0.30);
        out["TABLET"] = block(key ^ 3, scale * 0.08);
    } else {
        out["all"] = block(key, scale);
    }
    return out;
}
}  // namespace

Response Emulator::Impl::get_pin_analytics(Ctx& c) {
    auto it = store.pins.find(c.params[0]);
    if (it == store.pins.end() || !mine(it->second)) return error_response(404, 50, "Pin not found.");
    if (!can_read_pin(c, it->second)) return error_response(403, 7, "Not authorized to access board or Pin.");
    auto range = parse_range(c.query, c.now, kBadPin);
    if (!range) return range.refusal();
    const Range r = *range;
    auto metric_list = parse_metrics(c.query, kPinMetrics, true, kBadPin);
    if (!metric_list) return metric_list.refusal();
    const std::vector<std::string>& metrics = *metric_list;
    if (auto ok = check_enum(c.query, "split_field", {"NO_SPLIT", "APP_TYPE"}, kBadPin); !ok) return ok.refusal();
    if (auto ok = check_enum(c.query, "app_types", {"ALL", "MOBILE", "TABLET", "WEB"}, kBadPin); !ok) return ok.refusal();
    return json_response(200, pin_analytics_for(*this, it->second, r, metrics, c.now,
                                                 param(c.query, "split_field").value_or("NO_SPLIT")));
}

Response Emulator::Impl::get_multi_pin_analytics(Ctx& c) {
    const char* bad = "Invalid multi_pins analytics parameters.";
    std::vector<std::string> ids;
    for (const auto& [k, v] : c.query)
        if (k == "pin_ids")
            for (auto& id : split(v, ','))
                if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    if (ids.empty() || ids.size() > 100) return error_response(400, 1, std::string(bad) + " pin_ids: 1 to 100 ids.");
    for (const auto& id : ids)
        if (!is_digits(id, kIdDigits)) return error_response(400, 1, std::string(bad) + " pin_ids does not match '^\\d+$'.");
    auto range = parse_range(c.query, c.now, bad);
    if (!range) return range.refusal();
    const Range r = *range;
    auto metric_list = parse_metrics(c.query, kPinMetrics, true, bad);
    if (!metric_list) return metric_list.refusal();
    const std::vector<std::string>& metrics = *metric_list;
    if (auto ok = check_enum(c.query, "app_types", {"ALL", "MOBILE", "TABLET", "WEB"}, bad); !ok) return ok.refusal();
    json out = json::object();
    for (const auto& id : ids) {
        auto it = store.pins.find(id);
        if (it == store.pins.end() || !mine(it->second)) return error_response(404, 50, "Pin not found.");
        if (!can_read_pin(c, it->second)) return error_response(401, 7, "Not authorized to access board or Pin.");
        out[id] = pin_analytics_for(*this, it->second, r, metrics, c.now, "NO_SPLIT");
    }
    return json_response(200, out);
}

// [SECTION] Top pins and top video pins

namespace {

// Top pins and top video pins: the same query and answer; `sorts` are the operation's sort_by values and
// `metric_set` the metric_types it accepts; `video_only` keeps the video pins (made from media uploads).
template <size_t N, size_t M>
Response top_pins_answer(Emulator::Impl& im, Ctx& c, const char* (&sorts)[N], const char* (&metric_set)[M],
                         bool video_only) {
    auto range = parse_range(c.query, c.now, kBadUser);
    if (!range) return range.refusal();
    const Range r = *range;
    auto sort_by = param(c.query, "sort_by");
    if (!sort_by || !in(sorts, *sort_by)) return error_response(400, 1, std::string(kBadUser) + " Invalid sort_by.");
    int num = 10;
    if (auto v = param(c.query, "num_of_pins")) {
        if (!is_digits(*v) || v->size() > 3 || std::stoi(*v) < 1 || std::stoi(*v) > 50)
            return error_response(400, 1, std::string(kBadUser) + " num_of_pins must be between 1 and 50.");
        num = std::stoi(*v);
    }
    if (auto v = param(c.query, "created_in_last_n_days"); v && *v != "30")
        return error_response(400, 1, std::string(kBadUser) + " created_in_last_n_days must be 30.");
    for (auto e : {check_enum(c.query, "app_types", {"ALL", "MOBILE", "TABLET", "WEB"}, kBadUser),
                   check_enum(c.query, "content_type", {"ALL", "PAID", "ORGANIC"}, kBadUser),
                   check_enum(c.query, "source", {"ALL", "YOUR_PINS", "OTHER_PINS"}, kBadUser),
                   check_enum(c.query, "from_claimed_content", {"OTHER", "CLAIMED", "BOTH"}, kBadUser)})
        if (!e) return e.refusal();
    auto metric_list = parse_metrics(c.query, metric_set, false, kBadUser);
    if (!metric_list) return metric_list.refusal();
    const std::vector<std::string>& metrics = *metric_list;
    int64_t today = c.now / kDayMs;
    bool recent_only = param(c.query, "created_in_last_n_days").has_value();
    std::vector<std::pair<const Pin*, Day>> rows;
    for (const auto& [id, p] : im.store.pins) {
        if ((video_only && p.media_type != "video") || !im.can_read_pin(c, p)) continue;
        if (recent_only && p.created_ms < c.now - 30 * kDayMs) continue;
        uint64_t key = hash64(p.id, im.opts.seed);
        double scale = 5.0 + static_cast<double>(key % 60);
        Day t{};
        for (int64_t d = std::max(r.start, p.created_ms / kDayMs); d <= r.end; ++d) t = add(t, pin_day(p, key, d, scale));
        if (p.media_type == "video") {
            t.video = true;
            t.avg_watch_ms = 3000.0 + static_cast<double>(key % 9000);
        }
        rows.emplace_back(&p, t);
    }
    std::string sb = *sort_by;
    std::sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
        double x = metric(a.second, sb), y = metric(b.second, sb);
        return x != y ? x > y : a.first->seq > b.first->seq;
    });
    json pins = json::array();
    for (size_t i = 0; i < rows.size() && static_cast<int>(i) < num; ++i) {
        json m = json::object();
        for (const auto& name : metrics) m[name] = metric(rows[i].second, name);
        json status = json::object();
        for (int64_t d = r.start; d <= r.end; ++d) status[days_to_ymd(d)] = d >= today ? "PROCESSING" : "READY";
        pins.push_back({{"pin_id", rows[i].first->id}, {"metrics", m}, {"data_status", status}});
    }
    json out = {{"date_availability", {{"is_realtime", false}, {"latest_available_timestamp", static_cast<double>(today * kDayMs)}}},
                {"pins", pins},
                {"sort_by", sb}};
    return json_response(200, out);
}

const char* kTopSorts[] = {"ENGAGEMENT", "IMPRESSION", "OUTBOUND_CLICK", "PIN_CLICK", "SAVE"};
const char* kTopVideoSorts[] = {"IMPRESSION", "SAVE", "OUTBOUND_CLICK", "VIDEO_MRC_VIEW", "VIDEO_AVG_WATCH_TIME",
                                "VIDEO_V50_WATCH_TIME", "QUARTILE_95_PERCENT_VIEW", "VIDEO_10S_VIEW", "VIDEO_START"};

}  // namespace

Response Emulator::Impl::get_user_account_top_pins(Ctx& c) { return top_pins_answer(*this, c, kTopSorts, kUserMetrics, false); }

// Top video pins: the video pins (made from media uploads), by a video metric.
Response Emulator::Impl::get_user_account_top_video_pins(Ctx& c) {
    return top_pins_answer(*this, c, kTopVideoSorts, kTopVideoSorts, true);
}

// [SECTION] Ad accounts (one account owned by the demo user)

Response Emulator::Impl::list_ad_accounts(Ctx& c) {
    auto page = parse_page_size(c.query);
    if (!page) return page.refusal();
    if (auto v = param(c.query, "include_shared_accounts"); v && *v != "true" && *v != "false")
        return error_response(400, 1, "Invalid parameters. include_shared_accounts must be true or false.");
    if (auto bm = param(c.query, "bookmark"); bm && !bm->empty())
        return invalid_bookmark();
    if (!find_account(store.user_id)->business_name)  // a PINNER account has no ad account
        return json_response(200, json{{"items", json::array()}, {"bookmark", nullptr}});
    int64_t created = store.seed_epoch_ms / 1000 - 400 * 86400;
    json acct = {{"id", kAdAccountId},
                 {"name", kAdAccountName},
                 {"owner", {{"id", store.user_id}, {"username", store.username}}},
                 {"country", "US"},
                 {"currency", "USD"},
                 {"permissions", {"OWNER"}},
                 {"created_time", created},
                 {"updated_time", created + 86400 * 30}};
    return json_response(200, json{{"items", json::array({acct})}, {"bookmark", nullptr}});
}

}  // namespace pinlab::emu
