// analytics.cpp — one analytics call for the chosen range and subject.
#include "app/analytics.h"

#include "app/services.h"

namespace pinlab::app {

void Analytics::load(Services& s) {
    Client* c = s.client();
    if (!c) return;
    int64_t today = s.platform.epoch_ms() / 86400000;
    AnalyticsQuery q;
    q.start_date = days_to_ymd(today - days);
    q.end_date = days_to_ymd(today);
    q.metric_types = {"IMPRESSION", "SAVE", "PIN_CLICK", "OUTBOUND_CLICK"};
    call = pin_id.empty() ? c->get_user_account_analytics(q) : c->get_pin_analytics(pin_id, q);
    s.notices.set_status("Loading analytics…");
    // A failure is shown in the view as the API gave it (message, status, code, hint), with Retry.
    s.calls.track<AnalyticsResponse>(call, [&s](AnalyticsResponse&) { s.notices.set_status("Analytics loaded"); },
                               [&s](const ApiError&) { s.notices.set_status("Analytics failed"); });
}

}  // namespace pinlab::app
