// boards.cpp — boards and sections: list, create, edit, delete, with the cache kept in step.
#include "app/boards.h"

#include <algorithm>

#include "app/services.h"

namespace pinlab::app {

void Boards::load(Services& s, bool reset) {
    Client* c = s.session.client();
    if (!c) return;
    if (reset && started && !list.items.empty()) {
        reload = c->boards_pager(50);
        reloading = true;
        reload.load_more();
        return;
    }
    if (reset || !started) list = c->boards_pager(50);
    started = true;
    list.load_more();
}

void Boards::fetch(Services& s, const std::string& id) {
    Client* c = s.session.client();
    if (!c || id.empty() || cache.count(id)) return;
    s.calls.track<Board>(c->get_board(id), [this](Board& b) { cache[b.id] = b; },
                   [this, &s, id](const ApiError& e) { s.notices.set_error(e, [this, &s, id] { fetch(s, id); }); });
}

void Boards::create(Services& s, const BoardCreate& b) {
    Client* c = s.session.client();
    if (!c) return;
    form.saving = true;
    form.error = {};
    s.calls.track<Board>(c->create_board(b), [this, &s](Board& nb) {
        cache[nb.id] = nb;
        list.items.insert(list.items.begin(), nb);
        form = {};  // closes the dialog
        s.notices.toast("Board \"" + nb.name + "\" created");
    }, [this](const ApiError& e) { saving_failed(e); });
}

void Boards::update(Services& s, const std::string& id, const BoardUpdate& u) {
    Client* c = s.session.client();
    if (!c) return;
    form.saving = true;
    form.error = {};
    s.calls.track<Board>(c->update_board(id, u), [this, &s](Board& nb) {
        cache[nb.id] = nb;
        for (auto& b : list.items)
            if (b.id == nb.id) b = nb;
        if (form.id == nb.id) form = {};  // closes the dialog
        s.notices.toast("Board \"" + nb.name + "\" saved");
    }, [this](const ApiError& e) { saving_failed(e); });
}

void Boards::remove(Services& s, const std::string& id) {
    Client* c = s.session.client();
    if (!c) return;
    s.calls.track<Empty>(c->delete_board(id), [this, &s, id](Empty&) {
        std::string name = name_of(id);
        cache.erase(id);
        list.items.erase(std::remove_if(list.items.begin(), list.items.end(), [&](const Board& b) { return b.id == id; }),
                         list.items.end());
        s.notices.toast("Board \"" + name + "\" deleted");
        const Nav& here = s.app.here();
        if (here.route == Route::Board && here.board_id == id) s.app.go(Nav{Route::Boards});
    }, [&s](const ApiError& e) { s.notices.set_error(e); });
}

void Boards::ensure_sections(Services& s, const std::string& bid) {
    Client* c = s.session.client();
    if (!c || bid.empty() || sections_board == bid) return;
    sections_board = bid;
    sections = c->sections_pager(bid, 50);
    sections.load_more();
}

void Boards::create_section(Services& s, const std::string& board_id, const std::string& name) {
    Client* c = s.session.client();
    if (!c) return;
    SectionCreate sc;
    sc.name = name;
    s.calls.track<BoardSection>(c->create_section(board_id, sc), [this, &s, board_id](BoardSection& sec) {
        if (sections_board == board_id) sections.items.push_back(sec);
        section_names[sec.id] = sec.name;
        s.notices.toast("Section \"" + sec.name + "\" created");
    }, [&s](const ApiError& e) { s.notices.set_error(e); });
}

void Boards::rename_section(Services& s, const std::string& board_id, const std::string& section_id,
                            const std::string& name) {
    Client* c = s.session.client();
    if (!c) return;
    SectionCreate sc;
    sc.name = name;
    s.calls.track<BoardSection>(c->update_section(board_id, section_id, sc), [this, &s, board_id](BoardSection& sec) {
        if (sections_board == board_id)
            for (auto& x : sections.items)
                if (x.id == sec.id) x = sec;
        section_names[sec.id] = sec.name;
        section_rename_open = false;
        s.notices.toast("Section renamed to \"" + sec.name + "\"");
    }, [&s](const ApiError& e) { s.notices.set_error(e); });
}

void Boards::delete_section(Services& s, const std::string& board_id, const std::string& section_id) {
    Client* c = s.session.client();
    if (!c) return;
    s.calls.track<Empty>(c->delete_section(board_id, section_id), [this, &s, board_id, section_id](Empty&) {
        std::string name = section_id;
        if (sections_board == board_id) {
            auto& v = sections.items;
            for (const auto& x : v)
                if (x.id == section_id) name = x.name;
            v.erase(std::remove_if(v.begin(), v.end(), [&](const BoardSection& x) { return x.id == section_id; }),
                    v.end());
        }
        section_rename_open = false;
        ++sections_deleted;  // the board's pins may have changed (the section's pins go with it)
        s.notices.toast("Section \"" + name + "\" deleted");
        const Nav& here = s.app.here();
        if (here.route == Route::Board && here.board_id == board_id) s.app.go(Nav{Route::Board, board_id});
    }, [&s](const ApiError& e) { s.notices.set_error(e); });
}

void Boards::lookup_sections(Services& s, const std::string& bid) {
    Client* c = s.session.client();
    if (!c || bid.empty() || names_board == bid || sections_board == bid) return;
    names_board = bid;
    names = c->sections_pager(bid, 100);
    names.load_more();
}

std::string Boards::name_of(const std::string& id) const {
    auto it = cache.find(id);
    return it == cache.end() ? id : it->second.name;
}

// The dialog stays open with what was typed and says why.
void Boards::saving_failed(const ApiError& e) {
    form.saving = false;
    form.error = e;
}

void Boards::poll(Services& s) {
    if (reloading && s.calls.poll_pager(reload, [this] { reload.load_more(); })) {
        if (!reload.done && reload.items.size() < 1000) {
            reload.load_more();
        } else {
            list = std::move(reload);
            reload = {};
            reloading = false;
            for (const auto& b : list.items) cache[b.id] = b;
        }
    }
    if (s.calls.poll_pager(list, [this] { list.load_more(); })) {
        for (const auto& b : list.items) cache[b.id] = b;
        if (!list.done && list.items.size() < 1000) list.load_more();  // boards are few: load them all
    }
    if (s.calls.poll_pager(sections, [this] { sections.load_more(); })) {
        for (const auto& x : sections.items) section_names[x.id] = x.name;
        if (!sections.done && sections.items.size() < 500) sections.load_more();
    }
    if (s.calls.poll_pager(names, [this] { names.load_more(); })) {
        for (const auto& x : names.items) section_names[x.id] = x.name;
        if (!names.done && names.items.size() < 500) names.load_more();
    }
}

void Boards::reset() {
    list = {};
    reload = {};
    reloading = false;
    form = {};
    started = false;
    sections = {};
    sections_board.clear();
    names = {};
    names_board.clear();
    section_names.clear();
    values = {};
    section_rename_open = false;
    cache.clear();
}

}  // namespace pinlab::app
