// search.cpp — runs a search: both result pagers start from the first page.
#include "app/search.h"

#include "app/services.h"

namespace pinlab::app {

void Search::run(Services& s) {
    Client* c = s.client();
    if (!c) return;
    std::string q = query;
    while (!q.empty() && q.back() == ' ') q.pop_back();
    if (q.empty()) {
        s.notices.set_error(
            make_error(ErrorKind::Validation, "Type something to search for", "Search looks in your own pins and boards."));
        return;
    }
    s.notices.clear_error();
    searched = true;
    pins = {};
    pins.key = "search:" + q;
    pins.pager = Pager<Pin>([c, q](const std::string& bm) { return c->search_pins(q, bm); });
    pins.pager.load_more();
    boards = Pager<Board>([c, q](const std::string& bm) {
        PageQuery pq;
        pq.bookmark = bm;
        return c->search_boards(q, pq);
    });
    boards.load_more();
}

void Search::poll(Services& s) {
    s.calls.poll_pager(pins.pager, [this] { pins.pager.load_more(); });
    s.calls.poll_pager(boards, [this] { boards.load_more(); });
}

}  // namespace pinlab::app
