// notices.h — what the app tells the user besides the view: the status line, the error box (with its
// Retry) and toasts, each also spoken through the page's ARIA live region.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/errors.h"

namespace pinlab::app {

class Platform;

struct Toast {
    std::string text;
    bool error = false;
    double until_ms = 0;
};

class Notices {
public:
    explicit Notices(Platform& p) : p_(p) {}
    std::string status;
    ApiError error;
    std::function<void()> retry;  // what the error box's Retry does (empty: no Retry)
    std::string error_view;       // the view (its hash) the error was first shown on: it goes when that view does
    std::vector<Toast> toasts;    // newest last, at most 4

    void set_status(const std::string& s);
    void set_error(const ApiError& e, std::function<void()> retry_fn = {});
    void clear_error();
    void toast(const std::string& text, bool is_error = false);
    void expire(double now_ms);  // drops toasts whose time is up

private:
    Platform& p_;
};

}  // namespace pinlab::app
