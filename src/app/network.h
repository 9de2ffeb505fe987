// network.h — followers and following: the users who follow the account, the users and boards it follows
// (each paged with its bookmark), and following a user by username. The API (5.23) has no unfollow.
#pragma once

#include <string>

#include "core/client.h"

namespace pinlab::app {

struct Services;

struct Network {
    enum Tab { Followers, Following, Boards };
    int tab = Followers;
    Pager<UserSummary> followers, following;
    Pager<Board> boards;
    bool started = false;
    std::string follow_name;  // the username typed to follow (kept when following fails)
    Handle<UserSummary> follow_call;
    ApiError follow_error;

    void load(Services& s);  // first pages of all three lists
    void more();  // the next page of the current tab (or its failed page again)
    void follow(Services& s, const std::string& username);
    bool following_user(const std::string& username) const;
    void poll(Services& s);
    bool busy() const { return followers.loading || following.loading || boards.loading; }
    void reset() { *this = Network{}; }
};

}  // namespace pinlab::app
