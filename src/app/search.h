// search.h — search of the user's own pins and boards (search/pins, search/boards), paged.
#pragma once

#include <string>

#include "app/pins.h"

namespace pinlab::app {

struct Services;

struct Search {
    std::string query;
    PinGrid pins;
    Pager<Board> boards;
    bool searched = false;
    bool focus_query = false;  // the view was just opened: the field takes the keys typed next

    void run(Services& s);  // a new search for `query`
    void poll(Services& s);
    bool busy() const { return pins.pager.loading || boards.loading; }
};

}  // namespace pinlab::app
