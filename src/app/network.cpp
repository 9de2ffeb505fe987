// network.cpp — the followers/following pagers and the follow action.
#include "app/network.h"

#include "app/services.h"

namespace pinlab::app {

void Network::load(Services& s) {
    Client* c = s.client();
    if (!c) return;
    started = true;
    followers = c->followers_pager();
    following = c->following_pager();
    boards = c->following_boards_pager();
    followers.load_more();
    following.load_more();
    boards.load_more();
}

void Network::more() {
    if (tab == Followers) followers.load_more();
    else if (tab == Following) following.load_more();
    else boards.load_more();
}

bool Network::following_user(const std::string& username) const {
    for (const auto& u : following.items)
        if (u.username == username) return true;
    return false;
}

void Network::follow(Services& s, const std::string& username) {
    Client* c = s.client();
    if (!c || (follow_call && follow_call->pending())) return;
    std::string name = username;
    while (!name.empty() && name.front() == '@') name.erase(name.begin());
    while (!name.empty() && name.back() == ' ') name.pop_back();
    follow_error = {};
    follow_call = c->follow_user(name);
    s.notices.set_status("Following " + name + "…");
    s.calls.track<UserSummary>(
        follow_call,
        [this, &s](UserSummary& u) {
            s.notices.set_status("Following " + u.username);
            s.notices.toast("You now follow " + u.username);
            if (follow_name == u.username) follow_name.clear();
            // The API lists the newest follow first: reload Following to show it where the API puts it.
            if (Client* cl = s.client()) {
                following = cl->following_pager();
                following.load_more();
            }
        },
        [this, &s](const ApiError& e) {
            follow_error = e;  // shown next to the field; the typed name stays
            s.notices.set_status("Follow failed");
        });
}

void Network::poll(Services& s) {
    s.calls.poll_pager(followers, [this] { followers.load_more(); });
    s.calls.poll_pager(following, [this] { following.load_more(); });
    s.calls.poll_pager(boards, [this] { boards.load_more(); });
}

}  // namespace pinlab::app
