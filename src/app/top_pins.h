// top_pins.h — the account's top pins or top video pins (user_account/analytics/top_pins, top_video_pins)
// by a chosen metric, and multi-pin analytics (GET /pins/analytics) for the pins ticked in that list, side
// by side.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/client.h"

namespace pinlab::app {

struct Services;

struct TopPins {
    bool video = false;  // top_video_pins
    int sort = 0;        // index into sorts()
    int days = 30;
    Handle<TopPinsAnalytics> call;
    std::set<std::string> selected;  // pin ids ticked for comparison
    std::vector<std::string> compared;  // the ids of the last comparison, in list order
    Handle<MultiPinAnalytics> compare_call;
    // Each listed pin's title and image (GET /pins/{id}), asked once and kept while the session lasts: the
    // analytics answers carry ids only. Bounded: the oldest go when there are more than kMaxDetails.
    std::map<std::string, Handle<Pin>> details;
    std::vector<std::string> details_order;
    static constexpr size_t kMaxDetails = 200;

    static const std::vector<const char*>& sorts(bool video);
    static const std::vector<std::string>& compare_metrics(bool video);
    void load(Services& s);
    void compare(Services& s);  // multi-pin analytics of `selected`
    void load_details(Services& s);  // the titles and images of the listed pins not asked for yet
    const Pin* detail(const std::string& pin_id) const;  // nullptr until it has arrived (or when it failed)
    void reset() { *this = TopPins{}; }
};

}  // namespace pinlab::app
