// boards.cpp — boards and board sections: list/create/get/update/delete, their pins, search/boards, and the
// JSON shapes of Board and BoardSection exactly as the spec names them. Privacy: SECRET boards need the
// boards:*_secret scopes (lists simply leave them out).
#include <algorithm>
#include <iterator>

#include "emulator/impl.h"

namespace pinlab::emu {

// [SECTION] JSON shapes

// Written as text (core/json_writer.h) in nlohmann's key order (bytewise), the bytes json_dump wrote for the
// json object these answers were built as; tests/emulator/test_answer_writer.cpp compares the two.
void Emulator::Impl::write_board_json(std::string& o, const Board& b) const {
    int count = 0;
    const Pin* thumbs[5];  // the newest pins: thumbnails, and the first is the cover
    size_t thumb_count = 0;
    for (auto it = store.pin_order.rbegin(); it != store.pin_order.rend(); ++it) {
        auto p = store.pins.find(it->second);
        if (p == store.pins.end() || p->second.board_id != b.id) continue;
        ++count;
        if (thumb_count < std::size(thumbs)) thumbs[thumb_count++] = &p->second;
    }
    o += "{\"board_pins_modified_at\":";
    json_put_string(o, format_datetime(b.pins_modified_ms));
    o += ",\"collaborator_count\":";
    json_put_int(o, b.collaborator_count);
    o += ",\"created_at\":";
    json_put_string(o, format_datetime(b.created_ms));
    o += ",\"description\":";
    json_put_opt(o, b.description);
    o += ",\"follower_count\":";
    json_put_int(o, b.follower_count);
    o += ",\"id\":";
    json_put_string(o, b.id);
    o += b.is_ads_only ? ",\"is_ads_only\":true" : ",\"is_ads_only\":false";
    o += ",\"media\":{\"image_cover_url\":";
    if (thumb_count == 0)
        o += "null";
    else
        json_put_string(o, media_url(pin_image_path(thumbs[0]->id, 0, "400x300", thumbs[0]->items[0].image)));
    o += ",\"pin_thumbnail_urls\":[";
    for (size_t i = 0; i < thumb_count; ++i) {
        if (i) o += ',';
        json_put_string(o, media_url(pin_image_path(thumbs[i]->id, 0, "150x150", thumbs[i]->items[0].image)));
    }
    o += "]},\"name\":";
    json_put_string(o, b.name);
    o += ",\"owner\":{\"username\":";
    const AccountInfo* owner = find_account(b.owner);
    json_put_string(o, owner ? owner->username : store.username);
    o += "},\"pin_count\":";
    json_put_int(o, count);
    o += ",\"privacy\":";
    json_put_string(o, b.privacy);
    o += '}';
}

void Emulator::Impl::write_section_json(std::string& o, const Section& s) const {
    o += "{\"id\":";
    json_put_string(o, s.id);
    o += ",\"name\":";
    json_put_string(o, s.name);
    o += '}';
}

namespace {
// An answer holding one object that `write` appends (write_board_json, write_section_json).
template <typename Write>
Response written_response(int status, Write write) {
    std::string body;
    write(body);
    return json_text_response(status, std::move(body));
}
}  // namespace

bool Emulator::Impl::can_read_board(const Ctx& c, const Board& b) const {
    if (!mine(b)) return false;  // another account's: not found (readable_board)
    return b.privacy != "SECRET" || (c.token && has_scope(*c.token, "boards:read_secret"));
}

bool Emulator::Impl::can_write_board(const Ctx& c, const Board& b) const {
    if (!mine(b)) return false;
    return b.privacy != "SECRET" || (c.token && has_scope(*c.token, "boards:write_secret"));
}

Outcome<Board*> Emulator::Impl::readable_board(const Ctx& c) {
    auto it = store.boards.find(c.params[0]);
    if (it == store.boards.end() || !mine(it->second)) return board_not_found();
    if (!can_read_board(c, it->second)) return scope_error();
    return &it->second;
}

const Board* Emulator::Impl::own_board(const std::string& id) const {
    auto it = store.boards.find(id);
    return it == store.boards.end() || !mine(it->second) ? nullptr : &it->second;
}

bool Emulator::Impl::mine(const Pin& p) const {
    const Board* b = own_board(p.board_id);
    return b != nullptr;
}

Section* Emulator::Impl::board_section(const Board& b, const std::string& section_id) {
    auto it = store.sections.find(section_id);
    return it == store.sections.end() || it->second.board_id != b.id ? nullptr : &it->second;
}

// [SECTION] Boards

Response Emulator::Impl::list_boards(Ctx& c) {
    auto page = parse_page_size(c.query);
    if (!page) return page.refusal();
    const int page_size = *page;
    std::string privacy = param(c.query, "privacy").value_or("ALL");
    static const char* kFilters[] = {"ALL", "PUBLIC", "PROTECTED", "SECRET", "PUBLIC_AND_SECRET"};
    if (std::none_of(std::begin(kFilters), std::end(kFilters), [&](const char* f) { return privacy == f; }))
        return error_response(400, 1, "Invalid parameters. privacy must be one of ALL, PUBLIC, PROTECTED, SECRET, "
                                      "PUBLIC_AND_SECRET.");
    return paginate_text(
        c, store.board_order, "boards", page_size,
        [&](const std::string& id) {
            const Board& b = store.boards.at(id);
            if (!can_read_board(c, b)) return false;
            if (privacy == "ALL") return true;
            if (privacy == "PUBLIC_AND_SECRET") return b.privacy != "PROTECTED";
            return b.privacy == privacy;
        },
        [&](const std::string& id, std::string& out) { write_board_json(out, store.boards.at(id)); });
}

namespace {
// The text fields a board create and a board update both take, each checked as the spec says.
struct BoardFields {
    TextField name, description, privacy;
};
Outcome<BoardFields> board_fields(const json& body) {
    auto name = get_string(body, "name", false, 180);
    if (!name) return name.refusal();
    auto description = get_string(body, "description", true, 500);
    if (!description) return description.refusal();
    auto privacy = get_string(body, "privacy", false);
    if (!privacy) return privacy.refusal();
    return BoardFields{*name, *description, *privacy};
}

// Erases the objects `drop` accepts from `items` and their places in `order` (a deleted board's pins and
// sections, a deleted section's pins).
template <typename T, typename Drop>
void erase_listed_if(std::map<std::string, T>& items, Order& order, Drop drop) {
    for (auto it = items.begin(); it != items.end();) {
        if (drop(it->second)) {
            order.erase(it->second.seq);
            it = items.erase(it);
        } else {
            ++it;
        }
    }
}
}  // namespace

Response Emulator::Impl::create_board(Ctx& c) {
    if (auto room = within_quota(0, 1, 0); !room) return room.refusal();
    auto parsed = parse_json_body(c.req);
    if (!parsed) return parsed.refusal();
    json& body = *parsed;
    auto fields = board_fields(body);
    if (!fields) return fields.refusal();
    const std::optional<std::string>& name = fields->name.value;
    const std::optional<std::string>& description = fields->description.value;
    const std::optional<std::string>& privacy = fields->privacy.value;
    if (!name || name->find_first_not_of(" \t\r\n") == std::string::npos)
        return error_response(400, 1, "Invalid parameters. 'name' is required.");
    std::string priv = privacy.value_or("PUBLIC");
    if (priv != "PUBLIC" && priv != "PROTECTED" && priv != "SECRET")
        return error_response(400, 1, "Invalid parameters. privacy must be one of PUBLIC, PROTECTED, SECRET.");
    bool ads_only = false;
    if (auto it = body.find("is_ads_only"); it != body.end() && !it->is_null()) {
        if (!it->is_boolean()) return error_response(400, 1, "Invalid parameters. 'is_ads_only' must be a boolean.");
        ads_only = it->get<bool>();
    }
    if (priv == "SECRET" && !has_scope(*c.token, "boards:write_secret")) return scope_error();
    for (const auto& [id, b] : store.boards)
        if (mine(b) && ascii_lower(b.name) == ascii_lower(*name))
            return error_response(409, 58, "You already have a board with this name.");
    Board b;
    b.seq = store.next_seq++;
    b.id = std::to_string(kBoardIdBase + b.seq);
    b.name = ads_only ? "Ad-only Pins" : *name;  // as the spec notes for ad-only boards
    b.description = description;
    b.privacy = ads_only ? "PROTECTED" : priv;
    b.is_ads_only = ads_only;
    b.created_ms = b.pins_modified_ms = c.now;
    b.owner = owner_key();
    store.board_order[b.seq] = b.id;
    auto& ref = store.boards[b.id] = std::move(b);
    return written_response(201, [&](std::string& out) { write_board_json(out, ref); });
}

Response Emulator::Impl::get_board(Ctx& c) {
    auto b = readable_board(c);
    if (!b) return b.refusal();
    return written_response(200, [&](std::string& out) { write_board_json(out, **b); });
}

Response Emulator::Impl::update_board(Ctx& c) {
    auto readable = readable_board(c);
    if (!readable) return readable.refusal();
    Board& b = **readable;
    auto parsed = parse_json_body(c.req);
    if (!parsed) return parsed.refusal();
    auto fields = board_fields(*parsed);
    if (!fields) return fields.refusal();
    const std::optional<std::string>& name = fields->name.value;
    const std::optional<std::string>& description = fields->description.value;
    const std::optional<std::string>& privacy = fields->privacy.value;
    const bool name_set = fields->name.present, desc_set = fields->description.present, priv_set = fields->privacy.present;
    if (name_set && name->find_first_not_of(" \t\r\n") == std::string::npos)
        return error_response(400, 1, "Invalid parameters. 'name' must not be empty.");
    if (priv_set && *privacy != "PUBLIC" && *privacy != "SECRET")
        return error_response(400, 1, "Invalid parameters. privacy must be one of PUBLIC, SECRET.");
    bool secret_involved = b.privacy == "SECRET" || (priv_set && *privacy == "SECRET");
    if (secret_involved && !has_scope(*c.token, "boards:write_secret")) return scope_error();
    if (name_set) b.name = *name;
    if (desc_set) b.description = description;
    if (priv_set) b.privacy = *privacy;
    return written_response(200, [&](std::string& out) { write_board_json(out, b); });
}

Response Emulator::Impl::delete_board(Ctx& c) {
    auto readable = readable_board(c);
    if (!readable) return readable.refusal();
    const Board* b = *readable;
    if (!can_write_board(c, *b)) return scope_error();
    const std::string id = b->id;
    erase_listed_if(store.pins, store.pin_order, [&](const Pin& p) { return p.board_id == id; });
    erase_listed_if(store.sections, store.section_order, [&](const Section& s) { return s.board_id == id; });
    store.board_order.erase(b->seq);
    store.boards.erase(id);  // `b` dangles from here on
    return no_content();
}

namespace {
// creative_types=REGULAR,CAROUSEL (array form): empty = no filter; false on an unknown value.
bool parse_creative_types(const Params& q, std::vector<std::string>& out) {
    static const char* kTypes[] = {"REGULAR", "VIDEO", "SHOPPING", "CAROUSEL", "MAX_VIDEO", "SHOP_THE_PIN",
                                   "COLLECTION", "IDEA", "SHOWCASE", "QUIZ", "COLLAGE",
                                   "MAX_WIDTH_REGULAR_COLLECTION", "MAX_WIDTH_VIDEO_COLLECTION"};
    out.clear();
    for (const auto& [k, v] : q) {
        if (k != "creative_types") continue;
        for (auto& t : split(v, ',')) {
            if (std::none_of(std::begin(kTypes), std::end(kTypes), [&](const char* x) { return t == x; })) return false;
            out.push_back(t);
        }
    }
    return true;
}
}  // namespace

Outcome<bool> parse_bool_param(const Params& q, const char* name) {
    auto v = param(q, name);
    if (!v || *v == "false") return false;
    if (*v == "true") return true;
    return error_response(400, 1, std::string("Invalid parameters. ") + name + " must be true or false.");
}

Outcome<PinListParams> pin_list_params(const Params& q) {
    PinListParams out;
    if (!parse_creative_types(q, out.types))
        return error_response(400, 1, "Invalid parameters. Unknown creative_types value.");
    auto metrics = parse_bool_param(q, "pin_metrics");
    if (!metrics) return metrics.refusal();
    out.metrics = *metrics;
    return out;
}

bool creative_ok(const Pin& p, const std::vector<std::string>& types) {
    if (types.empty()) return true;
    std::string t = p.media_type == "multiple_images" ? "CAROUSEL" : p.media_type == "video" ? "VIDEO" : "REGULAR";
    return std::find(types.begin(), types.end(), t) != types.end();
}

template <typename Keep>
Response Emulator::Impl::pin_list_page(Ctx& c, const std::string& kind, Keep keep) {
    auto page = parse_page_size(c.query);
    if (!page) return page.refusal();
    auto list = pin_list_params(c.query);
    if (!list) return list.refusal();
    const std::vector<std::string>& types = list->types;  // (list lives until the answer is written)
    const bool metrics = list->metrics;
    return paginate_text(
        c, store.pin_order, kind, *page,
        [&](const std::string& id) {
            const Pin& p = store.pins.at(id);
            return keep(p) && creative_ok(p, types) && can_read_pin(c, p);
        },
        [&](const std::string& id, std::string& out) { write_pin_json(out, store.pins.at(id), metrics); });
}

Response Emulator::Impl::list_board_pins(Ctx& c) {
    auto readable = readable_board(c);
    if (!readable) return readable.refusal();
    const std::string board_id = (*readable)->id;
    return pin_list_page(c, "board_pins." + board_id, [&](const Pin& p) { return p.board_id == board_id; });
}

// [SECTION] Sections

Response Emulator::Impl::list_sections(Ctx& c) {
    auto readable = readable_board(c);
    if (!readable) return readable.refusal();
    const Board* b = *readable;
    auto page = parse_page_size(c.query);
    if (!page) return page.refusal();
    const int page_size = *page;
    const std::string board_id = b->id;
    return paginate_text(
        c, store.section_order, "sections." + board_id, page_size,
        [&](const std::string& id) { return store.sections.at(id).board_id == board_id; },
        [&](const std::string& id, std::string& out) { write_section_json(out, store.sections.at(id)); });
}

Section& add_section(Store& store, const std::string& board_id, std::string name) {
    Section s;
    s.seq = store.next_seq++;
    s.id = std::to_string(kSectionIdBase + s.seq);
    s.board_id = board_id;
    s.name = std::move(name);
    store.section_order[s.seq] = s.id;
    const std::string id = s.id;
    return store.sections[id] = std::move(s);
}

// The request body's section name for board `b`: required, 1-180 characters, and no other section of the board
// (`except_id` is the one being renamed) has it in any case (409, as on Pinterest).
Outcome<std::string> Emulator::Impl::section_name(const Ctx& c, const Board& b, const std::string& except_id) const {
    auto parsed = parse_json_body(c.req);
    if (!parsed) return parsed.refusal();
    auto name = get_string(*parsed, "name", false, 180, 1);
    if (!name) return name.refusal();
    if (!name->value) return error_response(400, 1, "Invalid parameters. 'name' is required.");
    const std::string wanted = ascii_lower(*name->value);
    for (const auto& [id, s] : store.sections)
        if (id != except_id && s.board_id == b.id && ascii_lower(s.name) == wanted)
            return error_response(409, 409, "Board section conflict.");
    return *name->value;
}

Response Emulator::Impl::create_section(Ctx& c) {
    if (auto room = within_quota(0, 1, 0); !room) return room.refusal();
    auto readable = readable_board(c);
    if (!readable) return readable.refusal();
    const Board* b = *readable;
    if (!can_write_board(c, *b)) return scope_error();
    auto named = section_name(c, *b);
    if (!named) return named.refusal();
    const Section& added = add_section(store, b->id, *named);
    return written_response(201, [&](std::string& out) { write_section_json(out, added); });
}

namespace {
// The section named by the second path parameter, on the board named by the first, when the token may change
// it: else readable_board's refusal, a 404 for the section, or a scope error.
Outcome<Section*> writable_section(Emulator::Impl& emu, const Ctx& c) {
    auto readable = emu.readable_board(c);
    if (!readable) return readable.refusal();
    const Board* b = *readable;
    Section* sec = emu.board_section(*b, c.params[1]);
    if (!sec) return section_not_found();
    if (!emu.can_write_board(c, *b)) return scope_error();
    return sec;
}
}  // namespace

Response Emulator::Impl::update_section(Ctx& c) {
    auto writable = writable_section(*this, c);
    if (!writable) return writable.refusal();
    Section* sec = *writable;
    auto named = section_name(c, store.boards.at(sec->board_id), sec->id);
    if (!named) return named.refusal();
    sec->name = *named;
    return written_response(200, [&](std::string& out) { write_section_json(out, *sec); });
}

Response Emulator::Impl::delete_section(Ctx& c) {
    auto writable = writable_section(*this, c);
    if (!writable) return writable.refusal();
    const Section* sec = *writable;
    const std::string section_id = sec->id;
    // Deleting a section deletes the Pins in it, as on Pinterest.
    erase_listed_if(store.pins, store.pin_order, [&](const Pin& p) { return p.section_id == section_id; });
    store.section_order.erase(sec->seq);
    store.sections.erase(section_id);
    return no_content();
}

Response Emulator::Impl::list_section_pins(Ctx& c) {
    auto b = store.boards.find(c.params[0]);
    auto it = store.sections.find(c.params[1]);
    if (b == store.boards.end() || !mine(b->second) || it == store.sections.end() || it->second.board_id != b->second.id)
        return error_response(404, 404, "Board or section not found.");
    if (!can_read_board(c, b->second)) return scope_error();
    const std::string section_id = it->second.id;
    return pin_list_page(c, "section_pins." + section_id, [&](const Pin& p) { return p.section_id == section_id; });
}

// [SECTION] Search boards (the token user's own boards)

Response Emulator::Impl::search_boards(Ctx& c) {
    auto page = parse_page_size(c.query);
    if (!page) return page.refusal();
    const int page_size = *page;
    std::string q = ascii_lower(param(c.query, "query").value_or(""));
    if (q.size() > 500) return error_response(400, 1, "Invalid parameters. query is too long.");
    return paginate_text(
        c, store.board_order, "search_boards." + std::to_string(hash64(q) & 0xFFFFFF), page_size,
        [&](const std::string& id) {
            const Board& b = store.boards.at(id);
            if (!can_read_board(c, b)) return false;
            return q.empty() || ascii_lower(b.name).find(q) != std::string::npos ||
                   (b.description && ascii_lower(*b.description).find(q) != std::string::npos);
        },
        [&](const std::string& id, std::string& out) { write_board_json(out, store.boards.at(id)); });
}

}  // namespace pinlab::emu
