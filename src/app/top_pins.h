// top_pins.h — the account's top pins or top video pins (user_account/analytics/top_pins, top_video_pins)
// by a chosen metric, and multi-pin analytics (GET /pins/analytics) for the pins ticked in that list, side
// by side.
#pragma once

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

    static const std::vector<const char*>& sorts(bool video);
    static const std::vector<std::string>& compare_metrics(bool video);
    void load(Services& s);
    void compare(Services& s);  // multi-pin analytics of `selected`
    void reset() { *this = TopPins{}; }
};

}  // namespace pinlab::app
