// profile.h — the signed-in user's account (GET /user_account): the Profile view and the status bar's name.
#pragma once

#include <optional>

#include "core/client.h"

namespace pinlab::app {

class AppState;

struct Profile {
    std::optional<Account> account;
    Handle<Account> call;

    void load(AppState& s);
};

}  // namespace pinlab::app
