// pins.cpp — pin grids, the pin view's loading and edits, and creating pins (from a URL or a file).
#include "app/pins.h"

#include <algorithm>

#include "app/boards.h"
#include "app/services.h"
#include "core/crypto.h"

namespace pinlab::app {

void Pins::open_grid_for_nav(Services& s) {
    Client* c = s.session.client();
    const Nav& here = s.app.here();
    if (!c || here.board_id.empty()) return;
    const std::string bid = here.board_id, sid = here.section_id;
    std::string key = sid.empty() ? "board:" + bid : "section:" + bid + "/" + sid;
    drop_grid_if_sections_deleted();
    boards_.fetch(s, bid);
    boards_.ensure_sections(s, bid);
    if (grid.key == key && (grid.pager.loading || !grid.pager.items.empty() || grid.pager.done)) return;
    grid.key = key;
    ++grid.version;
    grid.layout.reset();
    if (sid.empty()) {
        grid.pager = c->board_pins_pager(bid, 50);
    } else {
        grid.pager = Pager<Pin>([c, bid, sid](const std::string& bm) {
            PageQuery q;
            q.page_size = 50;
            q.bookmark = bm;
            return c->list_section_pins(bid, sid, q);
        });
    }
    grid.pager.load_more();
}

void Pins::load_all(Services& s, bool reset) {
    Client* c = s.session.client();
    if (!c) return;
    if (reset || all.key.empty()) {
        all = {};
        all.key = "pins";
        all.pager = c->pins_pager(100);
    }
    all.pager.load_more();
}

void Pins::load(Services& s, const std::string& id) {
    Client* c = s.session.client();
    if (!c || id.empty()) return;
    if (loaded_id == id && (pin || (call && call->pending()))) return;
    loaded_id = id;
    pin.reset();
    edit.open = false;
    for (const auto* g : {&grid, &searched_, &all})
        for (const auto& p : g->pager.items)
            if (p.id == id) pin = p;  // show at once what the grid knows; the GET refreshes it
    call = c->get_pin(id);
    s.calls.track<Pin>(call, [this, id](Pin& p) {
        if (loaded_id == id) pin = p;
    }, [this, &s, id](const ApiError& e) {
        s.notices.set_error(e, [this, &s, id] {
            loaded_id.clear();
            load(s, id);
        });
    });
}

void Pins::submit_create(Services& s) {
    Client* c = s.session.client();
    if (!c) return;
    CreateForm& f = create;
    f.error = {};
    PinCreate p;
    p.board_id = f.board_id;
    if (!f.section_id.empty()) p.board_section_id = f.section_id;
    auto opt_text = [](const std::string& t) -> opt_str { return t.empty() ? opt_str{} : opt_str{t}; };
    p.title = opt_text(f.title);
    p.description = opt_text(f.description);
    p.link = opt_text(f.link);
    p.alt_text = opt_text(f.alt_text);
    if (f.board_id.empty()) {
        f.error = make_error(ErrorKind::Validation, "Choose a board for the pin", "Pick one in the Board list.");
        s.notices.set_error(f.error);
        return;
    }
    if (f.source == CreateForm::Source::Url) {
        if (f.image_url.empty()) {
            f.error = make_error(ErrorKind::Validation, "media_source.url: an image URL is required",
                                 "Paste the address of a JPEG or PNG image, or choose a local file.");
            s.notices.set_error(f.error);
            return;
        }
        p.media_source = MediaSource::image_url(f.image_url);
    } else {
        if (!f.file) {
            f.error = make_error(ErrorKind::Validation, "No file chosen", "Click \"Choose file\" and pick an image.");
            s.notices.set_error(f.error);
            return;
        }
        std::string ct = f.file->mime.empty() ? "image/png" : f.file->mime;
        p.media_source = MediaSource::image_base64(ct, base64_encode(f.file->bytes));
    }
    f.submitting = true;
    s.notices.set_status("Creating the pin…");
    const std::string board = f.board_id;
    s.calls.track<Pin>(c->create_pin(p), [this, &s, board](Pin& np) {
        create.submitting = false;
        create.title.clear();
        create.description.clear();
        create.link.clear();
        create.alt_text.clear();
        create.image_url.clear();
        create.file.reset();
        create.error = {};
        s.notices.set_status("Pin created");
        s.notices.toast("Pin created");
        if (grid.key == "board:" + board) grid = {};  // reload the board's grid when shown again
        all = {};                                      // and All pins
        loaded_id = np.id;
        pin = np;
        s.app.go(Nav{Route::Pin, "", "", np.id});
    }, [this, &s](const ApiError& e) {
        create.submitting = false;
        create.error = e;  // the form keeps what was typed
        s.notices.set_status("The pin was not created");
        s.notices.set_error(e, [this, &s] { submit_create(s); });
    });
}

void Pins::update(Services& s, const std::string& id, const PinUpdate& u) {
    Client* c = s.session.client();
    if (!c) return;
    s.calls.track<Pin>(c->update_pin(id, u), [this, &s](Pin& np) {
        if (loaded_id == np.id) pin = np;
        for (auto* g : {&grid, &all, &searched_})
            for (auto& p : g->pager.items)
                if (p.id == np.id) p = np;
        edit.open = false;
        s.notices.toast("Pin saved");
        s.notices.set_status("Pin saved");  // the status line says what is true now (not an earlier "Pin created")
    }, [&s](const ApiError& e) { s.notices.set_error(e); });
}

void Pins::remove(Services& s, const std::string& id) {
    Client* c = s.session.client();
    if (!c) return;
    s.calls.track<Empty>(c->delete_pin(id), [this, &s, id](Empty&) {
        for (auto* g : {&grid, &all, &searched_}) {
            auto& items = g->pager.items;
            size_t before = items.size();
            items.erase(std::remove_if(items.begin(), items.end(), [&](const Pin& p) { return p.id == id; }),
                        items.end());
            if (items.size() != before) ++g->version;  // the masonry is laid out again
        }
        std::string board = pin && pin->board_id ? *pin->board_id : "";
        if (loaded_id == id) {
            pin.reset();
            loaded_id.clear();
        }
        s.notices.toast("Pin deleted");
        s.notices.set_status("Pin deleted");
        if (!board.empty()) s.app.go(Nav{Route::Board, board});
        else s.app.go(Nav{Route::Boards});
    }, [&s](const ApiError& e) { s.notices.set_error(e); });
}

void Pins::save(Services& s, const std::string& id, const PinSave& sv) {
    Client* c = s.session.client();
    if (!c) return;
    s.calls.track<Pin>(c->save_pin(id, sv), [this, &s, sv](Pin&) {
        const std::string where = sv.board_id && boards_.cache.count(*sv.board_id) ? boards_.name_of(*sv.board_id)
                                                                                       : std::string("the board");
        s.notices.toast("Saved to " + where);
        s.notices.set_status("Saved to " + where);
        all = {};  // the saved copy is a new pin of the user's
    }, [&s](const ApiError& e) { s.notices.set_error(e); });
}

// A section deleted since the grid was loaded took its pins with it: the grid goes (its version keeps
// counting up, so the layout knows the pins changed). Checked where the grid opens and in poll.
bool Pins::drop_grid_if_sections_deleted() {
    if (boards_.sections_deleted == sections_deleted_seen_) return false;
    sections_deleted_seen_ = boards_.sections_deleted;
    const uint64_t version = grid.version;
    grid = {};
    grid.version = version + 1;
    return true;
}

void Pins::poll(Services& s) {
    if (drop_grid_if_sections_deleted() && s.app.here().route == Route::Board) open_grid_for_nav(s);
    s.calls.poll_pager(grid.pager, [this] { grid.pager.load_more(); });
    s.calls.poll_pager(all.pager, [this] { all.pager.load_more(); });
}

void Pins::reset() {
    grid = {};
    all = {};
    pin.reset();
    loaded_id.clear();
    call.reset();
    values = {};
}

}  // namespace pinlab::app
