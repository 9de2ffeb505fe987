// pins.h — pins: the grid of a board or section, All pins, the pin shown (with its edit form and "Save to
// board"), and the create-pin form. Actions start client calls; results land in the tracked callbacks.
#pragma once

#include <optional>
#include <string>

#include "app/ui/masonry.h"
#include "app/ui/value_menu.h"
#include "app/platform.h"
#include "core/client.h"

namespace pinlab::app {

struct Boards;
struct Services;

// A pin grid (board, section, search results, all pins) with its layout.
struct PinGrid {
    std::string key;  // "board:ID", "section:ID/SID", "search:q", "pins"
    Pager<Pin> pager;
    MasonryLayout layout;
    uint64_t version = 1;
    // Set by pin_grid() each frame it is drawn: the end of the laid-out content is inside the view.
    bool scrolled_to_end = false;
    float scroll_y = 0;  // CSS px scrolled, as of the last frame drawn (the bridge's grid_scroll)
    // Scrolled to the end and nothing more to load (the bridge's `at_bottom`).
    bool at_bottom() const { return scrolled_to_end && pager.done && !pager.loading; }
};

struct CreateForm {
    std::string board_id, section_id;
    enum class Source : uint8_t { Url, File };
    Source source = Source::Url;  // where the image comes from
    std::string image_url, title, description, link, alt_text;
    std::optional<PickedFile> file;
    ApiError error;
    bool submitting = false;
};

struct PinEdit {
    bool open = false;
    float fields_h = 0;  // the form's fields as last drawn: the buttons follow them, or stay in view below
    std::string title, description, link, alt_text;
};

struct Pins {
    // The boards name pins' boards and sections; `searched` is the search results' grid, kept in step with edits.
    Pins(Boards& boards, PinGrid& searched) : boards_(boards), searched_(searched) {}
    Pins(const Pins&) = delete;
    Pins& operator=(const Pins&) = delete;

    PinGrid grid;                    // the board or section shown
    PinGrid all;                     // All pins (GET /pins, 100 a page)
    std::optional<Pin> pin;          // the pin shown
    Handle<Pin> call;
    std::string loaded_id;
    PinEdit edit;
    std::string save_board_id, save_section_id;  // pin view: Save to board
    ValueMenu values;                            // pin view: a field clicked (Copy value, Copy JSON path)
    std::string last_board_id, last_section_id;  // the board last opened: the create form's default
    CreateForm create;

    void open_grid_for_nav(Services& s);  // the grid of the board/section in the address
    void load_all(Services& s, bool reset);
    void load_more(PinGrid& g) { g.pager.load_more(); }  // the next page of a grid this module shows
    void load(Services& s, const std::string& id);
    void submit_create(Services& s);
    void update(Services& s, const std::string& id, const PinUpdate& u);
    void remove(Services& s, const std::string& id);
    void save(Services& s, const std::string& id, const PinSave& sv);

    void poll(Services& s);
    bool busy() const { return grid.pager.loading || all.pager.loading; }
    // Forgets what came from the previous client (grids, the pin shown); keeps the forms' text and the
    // board last opened.
    void reset();

private:
    Boards& boards_;
    PinGrid& searched_;
    uint64_t sections_deleted_seen_ = 0;  // Boards::sections_deleted as of the grid shown
    bool drop_grid_if_sections_deleted();
};

}  // namespace pinlab::app
