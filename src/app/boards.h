// boards.h — the user's boards and the sections of the board shown: the pagers, a cache by id (names for
// other views), and the board and section forms. Actions start client calls; results land in poll().
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "app/ui/value_menu.h"
#include "core/client.h"

namespace pinlab::app {

struct Services;

struct BoardForm {
    bool open = false;
    std::string id;  // empty = a new board
    std::string name, description;
    int privacy = 0;  // 0 PUBLIC, 1 SECRET, 2 PROTECTED (create only)
    bool saving = false;  // the create/update call is under way (the dialog stays open until it succeeds)
    ApiError error;       // why the last save failed, shown in the dialog with what was typed
};

struct Boards {
    Pager<Board> list;
    bool started = false;
    // A reload under way: `list` stays on screen until `reload` has every board (a failed reload keeps it).
    Pager<Board> reload;
    bool reloading = false;
    std::map<std::string, Board> cache;  // by id (from lists and gets)
    Pager<BoardSection> sections;        // the sections of `sections_board`
    std::string sections_board;
    BoardForm form;
    std::string section_name;            // the new-section form
    bool section_form_open = false;
    bool section_focus = false;          // the form was just opened: its field takes the keys typed next
    bool section_rename_open = false;    // the rename form of the section shown (nav.section_id)
    uint64_t sections_deleted = 0;       // counts deletions: the board's pins moved (Pins reloads its grid)
    std::string section_rename;
    ValueMenu values;                    // the board's page: its name or description clicked (copy menu)

    void load(Services& s, bool reset);
    void fetch(Services& s, const std::string& id);  // into the cache, unless there already
    void create(Services& s, const BoardCreate& b);
    void update(Services& s, const std::string& id, const BoardUpdate& b);
    void remove(Services& s, const std::string& id);
    void ensure_sections(Services& s, const std::string& board_id);  // `sections` follows this board
    void create_section(Services& s, const std::string& board_id, const std::string& name);
    void rename_section(Services& s, const std::string& board_id, const std::string& section_id,
                        const std::string& name);
    void delete_section(Services& s, const std::string& board_id, const std::string& section_id);
    std::string name_of(const std::string& id) const;  // the cached name, or the id
    // Section names by id from every sections page seen; lookup_sections loads a board's (the pin view's
    // section) without moving `sections`, which the pickers drive.
    std::map<std::string, std::string> section_names;
    Pager<BoardSection> names;
    std::string names_board;
    void lookup_sections(Services& s, const std::string& board_id);

    void saving_failed(const ApiError& e);
    // Forgets what came from the previous client (lists, caches, the open forms' state); keeps what was
    // typed in the new-section form.
    void reset();
    void poll(Services& s);  // pages arriving; boards and sections are few, so all of them are loaded
    bool busy() const { return list.loading || reload.loading || sections.loading || names.loading; }
};

}  // namespace pinlab::app
