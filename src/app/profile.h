// profile.h — the signed-in user's account (GET /user_account): the Profile view and the status bar's name.
#pragma once

#include <optional>

#include "core/client.h"

namespace pinlab::app {

struct Services;

struct Profile {
    std::optional<Account> account;
    Handle<Account> call;

    void load(Services& s);
};

}  // namespace pinlab::app
