// notices.cpp — status, errors and toasts, mirrored to the ARIA live region.
#include "app/notices.h"

#include <algorithm>

#include "app/platform.h"

namespace pinlab::app {

void Notices::set_status(const std::string& s) {
    if (s == status) return;
    status = s;
    p_.announce(s, false);
}

void Notices::set_error(const ApiError& e, std::function<void()> retry_fn) {
    error = e;
    retry = std::move(retry_fn);
    error_view.clear();
    std::string text = e.message.empty() ? std::string(to_string(e.kind)) : e.message;
    if (!e.hint.empty()) text += ". " + e.hint;
    p_.announce("Error: " + text, true);
}

void Notices::clear_error() {
    error = {};
    retry = nullptr;
    error_view.clear();
}

void Notices::toast(const std::string& text, bool is_error) {
    toasts.push_back(Toast{text, is_error, p_.now_ms() + (is_error ? 8000.0 : 4000.0)});
    if (toasts.size() > 4) toasts.erase(toasts.begin());
    p_.announce(text, is_error);
}

void Notices::expire(double now_ms) {
    toasts.erase(std::remove_if(toasts.begin(), toasts.end(), [now_ms](const Toast& t) { return t.until_ms <= now_ms; }),
                 toasts.end());
}

}  // namespace pinlab::app
