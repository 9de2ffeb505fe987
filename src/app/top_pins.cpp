// top_pins.cpp — one top-pins call for the range and sort; one multi-pin analytics call for the selection.
#include "app/top_pins.h"

#include "app/services.h"

namespace pinlab::app {

const std::vector<const char*>& TopPins::sorts(bool video) {
    static const std::vector<const char*> pins = {"IMPRESSION", "SAVE", "PIN_CLICK", "OUTBOUND_CLICK", "ENGAGEMENT"};
    static const std::vector<const char*> videos = {"IMPRESSION", "VIDEO_START", "VIDEO_MRC_VIEW", "VIDEO_AVG_WATCH_TIME",
                                                    "VIDEO_10S_VIEW", "QUARTILE_95_PERCENT_VIEW", "SAVE", "OUTBOUND_CLICK"};
    return video ? videos : pins;
}

const std::vector<std::string>& TopPins::compare_metrics(bool video) {
    static const std::vector<std::string> pins = {"IMPRESSION", "SAVE", "PIN_CLICK", "OUTBOUND_CLICK"};
    static const std::vector<std::string> videos = {"IMPRESSION", "VIDEO_START", "VIDEO_MRC_VIEW", "VIDEO_AVG_WATCH_TIME", "SAVE"};
    return video ? videos : pins;
}

namespace {
void range(Services& s, int days, AnalyticsQuery& q) {
    int64_t today = s.platform.epoch_ms() / 86400000;
    q.start_date = days_to_ymd(today - days);
    q.end_date = days_to_ymd(today);
}
}  // namespace

void TopPins::load(Services& s) {
    Client* c = s.client();
    if (!c) return;
    const auto& list = sorts(video);
    if (sort < 0 || sort >= static_cast<int>(list.size())) sort = 0;
    TopPinsQuery q;
    range(s, days, q);
    q.sort_by = list[sort];
    q.num_of_pins = 25;
    call = video ? c->get_user_account_top_video_pins(q) : c->get_user_account_top_pins(q);
    selected.clear();
    s.notices.set_status(video ? "Loading top video pins…" : "Loading top pins…");
    // Errors are shown in the view (with their hint), not as the banner.
    s.calls.track<TopPinsAnalytics>(call, [this, &s](TopPinsAnalytics& t) {
        s.notices.set_status(std::to_string(t.pins.size()) + " top pins");
        load_details(s);
    }, [&s](const ApiError&) { s.notices.set_status("Top pins not available"); });
}

void TopPins::load_details(Services& s) {
    Client* c = s.client();
    if (!c || !call || !call->value) return;
    for (const auto& p : call->value->pins) {
        if (p.pin_id.empty() || details.count(p.pin_id)) continue;
        details[p.pin_id] = c->get_pin(p.pin_id);  // a failure leaves the row with its id: no error box
        details_order.push_back(p.pin_id);
    }
    while (details_order.size() > kMaxDetails) {
        details.erase(details_order.front());
        details_order.erase(details_order.begin());
    }
}

const Pin* TopPins::detail(const std::string& pin_id) const {
    auto it = details.find(pin_id);
    return it != details.end() && it->second && it->second->value ? &*it->second->value : nullptr;
}

void TopPins::compare(Services& s) {
    Client* c = s.client();
    if (!c || selected.empty()) return;
    compared.clear();
    if (call && call->value)
        for (const auto& p : call->value->pins)
            if (selected.count(p.pin_id)) compared.push_back(p.pin_id);
    AnalyticsQuery q;
    range(s, days, q);
    q.metric_types = compare_metrics(video);
    compare_call = c->get_multi_pin_analytics(compared, q);
    s.notices.set_status("Comparing " + std::to_string(compared.size()) + " pins…");
    s.calls.track<MultiPinAnalytics>(compare_call, [&s](MultiPinAnalytics&) { s.notices.set_status("Comparison loaded"); },
                               [&s](const ApiError&) { s.notices.set_status("Comparison failed"); });
}

}  // namespace pinlab::app
