// analytics.h — account or pin analytics over the last N days (impressions, saves, clicks).
#pragma once

#include <string>

#include "core/client.h"

namespace pinlab::app {

struct Services;

struct Analytics {
    int days = 30;
    std::string pin_id;  // empty = the account
    Handle<AnalyticsResponse> call;

    void load(Services& s);
};

}  // namespace pinlab::app
