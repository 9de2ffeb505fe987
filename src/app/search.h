// search.h — search of the user's own pins and boards (search/pins, search/boards), paged.
#pragma once

#include <string>

#include "app/pins.h"

namespace pinlab::app {

class AppState;

struct Search {
    std::string query;
    PinGrid pins;
    Pager<Board> boards;
    bool searched = false;

    void run(AppState& s);  // a new search for `query`
    void poll(AppState& s);
    bool busy() const { return pins.pager.loading || boards.loading; }
};

}  // namespace pinlab::app
