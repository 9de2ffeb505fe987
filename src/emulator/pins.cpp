// pins.cpp — pins: list/create (image_url, image_base64, multiple images)/get/update/delete/save, search/pins,
// and the Pin JSON shape with its media (image sizes 150x150, 400x300, 600x, 1200x). Pins on SECRET boards
// need the pins:*_secret scopes.
#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/crypto.h"
#include "core/practice.h"
#include "emulator/impl.h"

namespace pinlab::emu {

namespace {

Response pin_not_found() { return error_response(404, 50, "Pin not found."); }

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }


bool http_url(std::string_view u) {
    // Only characters a URL may hold (RFC 3986; UTF-8 allowed): a link is written into pages, where
    // a quote or an angle bracket would end its attribute.
    for (char ch : u) {
        auto b = static_cast<unsigned char>(ch);
        if (b <= 0x20 || b == 0x7f || std::strchr("\"<>\\^`{|}", ch)) return false;
    }
    auto p = parse_url(u);
    return p && (p->scheme == "http" || p->scheme == "https") && !p->host.empty() && u.size() <= 2048;
}

bool base64_charset(std::string_view s) {
    if (s.empty()) return false;
    for (char ch : s)
        if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '+' || ch == '/' || ch == '=')) return false;
    return true;
}

}  // namespace

// [SECTION] JSON shapes

json Emulator::Impl::images_json(const std::string& pin_id, int index, const ImageSource& img) const {
    json images = json::object();
    for (ImageSize s : {ImageSize::S150x150, ImageSize::S400x300, ImageSize::S600x, ImageSize::S1200x}) {
        int w, h;
        size_dims(s, img.width, img.height, w, h);
        images[size_name(s)] = {{"width", w}, {"height", h}, {"url", media_url(pin_image_path(pin_id, index, size_name(s), img))}};
    }
    return images;
}

Emulator::Impl::PinMetrics Emulator::Impl::pin_metrics(const Pin& p) const {
    const uint64_t h = hash64(p.id, opts.seed);
    PinMetrics m{};
    m.impressions = static_cast<int64_t>(200 + h % 20000);
    m.clicks = m.impressions * static_cast<int64_t>(2 + (h >> 20) % 6) / 100;
    m.clickthroughs = m.clicks * static_cast<int64_t>(10 + (h >> 28) % 40) / 100;
    m.reactions = static_cast<int64_t>((h >> 36) % 50);
    m.comments = static_cast<int64_t>((h >> 44) % 8);
    return m;
}

json Emulator::Impl::pin_json(const Pin& p, bool with_metrics) const {
    json j;
    j["id"] = p.id;
    j["created_at"] = format_datetime(p.created_ms);
    j["link"] = opt(p.link);
    j["title"] = opt(p.title);
    j["description"] = opt(p.description);
    j["dominant_color"] = opt(p.dominant_color);
    j["alt_text"] = opt(p.alt_text);
    j["creative_type"] = p.media_type == "multiple_images" ? "CAROUSEL" : p.media_type == "video" ? "VIDEO" : "REGULAR";
    j["board_id"] = p.board_id;
    j["board_section_id"] = p.section_id.empty() ? json(nullptr) : json(p.section_id);
    j["board_owner"] = {{"username", store.username}};
    j["is_owner"] = true;
    j["is_standard"] = true;
    j["has_been_promoted"] = false;
    j["parent_pin_id"] = p.parent_pin_id.empty() ? json(nullptr) : json(p.parent_pin_id);
    if (p.media_type == "multiple_images") {
        json items = json::array();
        for (size_t i = 0; i < p.items.size(); ++i) {
            const auto& it = p.items[i];
            items.push_back({{"item_type", "image"}, {"title", opt(it.title)}, {"description", opt(it.description)},
                             {"link", opt(it.link)}, {"images", images_json(p.id, static_cast<int>(i), it.image)}});
        }
        j["media"] = {{"media_type", "multiple_images"}, {"items", items}};
    } else if (p.media_type == "video") {
        json images = images_json(p.id, 0, p.items[0].image);
        j["media"] = {{"media_type", "video"},
                      {"images", images},
                      {"cover_image_url", images["1200x"]["url"]},
                      {"video_url", nullptr},  // "limited and not available to all apps"; the bytes are not kept
                      {"duration", static_cast<double>(p.video_duration_ms)},
                      {"width", 1280},
                      {"height", 720}};
    } else {
        j["media"] = {{"media_type", "image"}, {"images", images_json(p.id, 0, p.items[0].image)}};
    }
    if (with_metrics) {
        const PinMetrics m = pin_metrics(p);
        j["pin_metrics"] = {
            {"90d", {{"pin_click", m.clicks / 3}, {"impression", m.impressions / 3}, {"clickthrough", m.clickthroughs / 3}}},
            {"lifetime_metrics",
             {{"pin_click", m.clicks}, {"impression", m.impressions}, {"clickthrough", m.clickthroughs},
              {"reaction", m.reactions}, {"comment", m.comments}}}};
    } else {
        j["pin_metrics"] = nullptr;
    }
    return j;
}

// The same bytes as json_dump(pin_json(p, with_metrics)), written straight into `out` without building a
// json tree: a page of pins is most of what the emulator serves, and building, dumping and freeing ~40 small
// json objects a pin cost more than everything else in a page answer. Keys in nlohmann's order (std::map:
// bytewise); strings and numbers as nlohmann writes them (core/json_writer.h). tests/emulator/
// test_pin_writer.cpp compares the two.
namespace {

// {"key":n,...} for counters given in key order (the pin metrics' objects).
void put_int_object(std::string& o, std::initializer_list<std::pair<const char*, int64_t>> fields) {
    char sep = '{';
    for (const auto& [key, value] : fields) {
        o += sep;
        sep = ',';
        json_put_string(o, key);
        o += ':';
        json_put_int(o, value);
    }
    o += '}';
}

}  // namespace

void Emulator::Impl::write_images_json(std::string& o, const std::string& pin_id, int index, const ImageSource& img) const {
    o += '{';
    bool first = true;
    for (ImageSize s : {ImageSize::S1200x, ImageSize::S150x150, ImageSize::S400x300, ImageSize::S600x}) {  // key order
        int w, h;
        size_dims(s, img.width, img.height, w, h);
        if (!first) o += ',';
        first = false;
        o += '"';
        o += size_name(s);
        o += "\":{\"height\":";
        json_put_int(o, h);
        o += ",\"url\":";
        // media_url(pin_image_path(...)) without the temporaries: one reused buffer per thread
        thread_local std::string url;
        url.clear();
        append_media_base(url);
        append_pin_image_path(url, pin_id, index, size_name(s), img);
        json_put_string(o, url);
        o += ",\"width\":";
        json_put_int(o, w);
        o += '}';
    }
    o += '}';
}

void Emulator::Impl::write_pin_json(std::string& o, const Pin& p, bool with_metrics) const {
    o += "{\"alt_text\":";
    json_put_opt(o, p.alt_text);
    o += ",\"board_id\":";
    json_put_string(o, p.board_id);
    o += ",\"board_owner\":{\"username\":";
    json_put_string(o, store.username);
    o += "},\"board_section_id\":";
    if (p.section_id.empty()) o += "null"; else json_put_string(o, p.section_id);
    o += ",\"created_at\":";
    json_put_string(o, format_datetime(p.created_ms));
    o += ",\"creative_type\":";
    o += p.media_type == "multiple_images" ? "\"CAROUSEL\"" : p.media_type == "video" ? "\"VIDEO\"" : "\"REGULAR\"";
    o += ",\"description\":";
    json_put_opt(o, p.description);
    o += ",\"dominant_color\":";
    json_put_opt(o, p.dominant_color);
    o += ",\"has_been_promoted\":false,\"id\":";
    json_put_string(o, p.id);
    o += ",\"is_owner\":true,\"is_standard\":true,\"link\":";
    json_put_opt(o, p.link);
    o += ",\"media\":";
    if (p.media_type == "multiple_images") {
        o += "{\"items\":[";
        for (size_t i = 0; i < p.items.size(); ++i) {
            const auto& it = p.items[i];
            if (i) o += ',';
            o += "{\"description\":";
            json_put_opt(o, it.description);
            o += ",\"images\":";
            write_images_json(o, p.id, static_cast<int>(i), it.image);
            o += ",\"item_type\":\"image\",\"link\":";
            json_put_opt(o, it.link);
            o += ",\"title\":";
            json_put_opt(o, it.title);
            o += '}';
        }
        o += "],\"media_type\":\"multiple_images\"}";
    } else if (p.media_type == "video") {
        const ImageSource& img = p.items[0].image;
        int w, h;
        size_dims(ImageSize::S1200x, img.width, img.height, w, h);
        o += "{\"cover_image_url\":";
        json_put_string(o, media_url(pin_image_path(p.id, 0, size_name(ImageSize::S1200x), img)));
        o += ",\"duration\":";
        json_put_whole_double(o, p.video_duration_ms);  // a double in the spec; at most a day of milliseconds
        o += ",\"height\":720,\"images\":";
        write_images_json(o, p.id, 0, img);
        o += ",\"media_type\":\"video\",\"video_url\":null,\"width\":1280}";
    } else {
        o += "{\"images\":";
        write_images_json(o, p.id, 0, p.items[0].image);
        o += ",\"media_type\":\"image\"}";
    }
    o += ",\"parent_pin_id\":";
    if (p.parent_pin_id.empty()) o += "null"; else json_put_string(o, p.parent_pin_id);
    o += ",\"pin_metrics\":";
    if (with_metrics) {
        const PinMetrics m = pin_metrics(p);
        o += "{\"90d\":";
        put_int_object(o, {{"clickthrough", m.clickthroughs / 3}, {"impression", m.impressions / 3}, {"pin_click", m.clicks / 3}});
        o += ",\"lifetime_metrics\":";
        put_int_object(o, {{"clickthrough", m.clickthroughs},
                           {"comment", m.comments},
                           {"impression", m.impressions},
                           {"pin_click", m.clicks},
                           {"reaction", m.reactions}});
        o += '}';
    } else {
        o += "null";
    }
    o += ",\"title\":";
    json_put_opt(o, p.title);
    o += '}';
}

bool Emulator::Impl::can_read_pin(const Ctx& c, const Pin& p) const {
    auto b = store.boards.find(p.board_id);
    if (b == store.boards.end() || !mine(b->second)) return false;
    if (b->second.privacy != "SECRET") return true;
    return c.token && has_scope(*c.token, "pins:read_secret") && has_scope(*c.token, "boards:read_secret");
}

// [SECTION] List, get, delete

Response Emulator::Impl::list_pins(Ctx& c) {
    auto page = parse_page_size(c.query);
    if (!page) return page.refusal();
    const int page_size = *page;
    auto filter = param(c.query, "pin_filter");
    if (filter && *filter != "exclude_native" && *filter != "exclude_repins" && *filter != "has_been_promoted")
        return error_response(400, 1, "Invalid parameters. Unknown pin_filter.");
    auto pin_type = param(c.query, "pin_type");
    if (pin_type && *pin_type != "PRIVATE") return error_response(400, 1, "Invalid parameters. Unknown pin_type.");
    auto include_protected = parse_bool_param(c.query, "include_protected_pins");
    if (!include_protected) return include_protected.refusal();
    auto list = pin_list_params(c.query);
    if (!list) return list.refusal();
    const std::vector<std::string>& types = list->types;  // (list lives until the answer is written)
    const bool metrics = list->metrics;
    return paginate_text(
        c, store.pin_order, "pins", page_size,
        [&](const std::string& id) {
            const Pin& p = store.pins.at(id);
            if (!can_read_pin(c, p)) return false;
            if (filter && *filter == "has_been_promoted") return false;  // nothing is promoted
            if (filter && *filter == "exclude_repins" && !p.parent_pin_id.empty()) return false;
            if (filter && *filter == "exclude_native" && p.parent_pin_id.empty()) return false;
            if (pin_type && store.boards.at(p.board_id).privacy != "SECRET") return false;
            return creative_ok(p, types);
        },
        [&](const std::string& id, std::string& out) { write_pin_json(out, store.pins.at(id), metrics); });
}

Response Emulator::Impl::get_pin(Ctx& c) {
    auto it = store.pins.find(c.params[0]);
    if (it == store.pins.end() || !mine(it->second)) return pin_not_found();
    if (!can_read_pin(c, it->second)) return scope_error();
    auto m = param(c.query, "pin_metrics");
    if (m && *m != "true" && *m != "false") return error_response(400, 1, "Invalid parameters. pin_metrics must be true or false.");
    return json_response(200, pin_json(it->second, m && *m == "true"));
}

Response Emulator::Impl::delete_pin(Ctx& c) {
    auto it = store.pins.find(c.params[0]);
    if (it == store.pins.end() || !mine(it->second)) return pin_not_found();
    if (!can_read_pin(c, it->second)) return scope_error();
    if (store.boards.at(it->second.board_id).privacy == "SECRET" && !has_scope(*c.token, "pins:write_secret"))
        return scope_error();
    store.pin_order.erase(it->second.seq);
    store.pins.erase(it);
    return no_content();
}

// [SECTION] Create, update, save

namespace {

// Validates the writable text fields shared by create and update. Fills `p` for the fields present.
// Its value: whether any was present.
Outcome<bool> read_text_fields(const json& body, Pin& p) {
    struct F {
        const char* name;
        size_t max;
        std::optional<std::string>* dst;
    } fields[] = {{"title", 100, &p.title},
                  {"description", 800, &p.description},
                  {"link", 2048, &p.link},
                  {"alt_text", 500, &p.alt_text},
                  {"dominant_color", 16, &p.dominant_color}};
    bool any = false;
    for (auto& f : fields) {
        auto field = get_string(body, f.name, true, f.max);
        if (!field) return field.refusal();
        if (!field->present) continue;
        const std::optional<std::string>& v = field->value;
        if (std::string(f.name) == "link" && v && !v->empty() && !http_url(*v))
            return error_response(400, 1, "Invalid parameters. 'link' must be an http(s) URL.");
        if (std::string(f.name) == "dominant_color" && v) {
            bool ok = v->size() == 7 && (*v)[0] == '#' &&
                      std::all_of(v->begin() + 1, v->end(), [](char ch) { return std::isxdigit(static_cast<unsigned char>(ch)); });
            if (!ok) return error_response(400, 1, "Invalid parameters. 'dominant_color' must look like #RRGGBB.");
        }
        *f.dst = v;
        any = true;
    }
    return any;
}

// One image of media_source: an http(s) URL (we cannot fetch it: the image is generated from the URL's hash)
// or base64 data (kept byte for byte after checking the PNG/JPEG magic against content_type).
Outcome<> read_image(const json& item, bool from_url, ImageSource& img) {
    if (from_url) {
        auto u = item.find("url");
        if (u == item.end() || !u->is_string() || !http_url(u->get_ref<const std::string&>()))
            return error_response(400, 1, "Invalid parameters. media_source.url must be an http(s) URL.");
        const std::string& url = u->get_ref<const std::string&>();
        uint64_t h = hash64(url, 77);
        static const int kAspects[][2] = {{2, 3}, {1, 1}, {4, 5}, {3, 4}, {9, 16}, {4, 3}};
        const int* a = kAspects[h % 6];
        img.key = h;
        img.width = 1000;
        img.height = 1000 * a[1] / a[0];
        return Done{};
    }
    auto ct = item.find("content_type");
    auto data = item.find("data");
    if (ct == item.end() || !ct->is_string() ||
        (ct->get_ref<const std::string&>() != "image/png" && ct->get_ref<const std::string&>() != "image/jpeg"))
        return error_response(400, 1, "Invalid parameters. media_source.content_type must be image/jpeg or image/png.");
    if (data == item.end() || !data->is_string() || !base64_charset(data->get_ref<const std::string&>()))
        return error_response(400, 1, "Invalid parameters. media_source.data must be base64.");
    auto bytes = base64_decode(data->get_ref<const std::string&>());
    if (!bytes) return error_response(400, 1, "Invalid parameters. media_source.data is not valid base64.");
    std::string mime;
    int w = 0, h = 0;
    if (!sniff_image(*bytes, mime, w, h))
        return error_response(400, 1, "Invalid parameters. media_source.data is not a PNG or JPEG image.");
    if (mime != ct->get_ref<const std::string&>())
        return error_response(400, 1, "Invalid parameters. media_source.data does not match content_type.");
    if (w > 20000 || h > 20000) return error_response(400, 1, "Invalid parameters. The image is too large.");
    img.uploaded = true;
    img.mime = mime;
    img.width = w;
    img.height = h;
    img.key = hash64(*bytes);
    img.bytes = std::make_shared<const std::string>(std::move(*bytes));
    return Done{};
}

// A carousel item's title, description and link: the same bounds and URL check as a pin's own.
Outcome<> read_item_texts(const json& item, CarouselItem& out) {
    struct F {
        const char* name;
        size_t max;
        std::optional<std::string>* dst;
    } fields[] = {{"title", 100, &out.title}, {"description", 800, &out.description}, {"link", 2048, &out.link}};
    for (auto& f : fields) {
        auto field = get_string(item, f.name, true, f.max, 0, "media_source.items: ");
        if (!field) return field.refusal();
        const std::optional<std::string>& v = field->value;
        if (std::string(f.name) == "link" && v && !v->empty() && !http_url(*v))
            return error_response(400, 1, "Invalid parameters. media_source.items link must be an http(s) URL.");
        *f.dst = v;
    }
    return Done{};
}

}  // namespace

// media_source video_id: a media upload that finished processing (and made no pin yet) plus its cover: a URL
// (generated from the URL's hash, as image_url), base64 data, or else a frame of the video (generated).
Outcome<> Emulator::Impl::read_video(const json& ms, Ctx& c, Pin& p) {
    auto id = ms.find("media_id");
    if (id == ms.end() || !id->is_string() || !is_digits(id->get_ref<const std::string&>(), kIdDigits))
        return error_response(400, 1, "Invalid parameters. media_source.media_id is required and must match '^\\d+$'.");
    auto m = store.media.find(id->get_ref<const std::string&>());
    if (m == store.media.end() || !mine(m->second)) return error_response(404, 404, "Media upload not found.");
    std::string status = media_status(m->second, c.now);
    if (status != "succeeded")
        return error_response(400, 1, "Invalid parameters. The video upload " + m->second.id + " is " + status +
                                          (status == "failed" ? " (the file is not a video)." : "; create the Pin once GET /media/" + m->second.id + " says succeeded."));
    if (m->second.used) return error_response(409, 1, "Media upload " + m->second.id + " has already been used by a Pin.");
    CarouselItem cover;
    if (ms.contains("cover_image_url")) {
        json u = {{"url", ms["cover_image_url"]}};
        if (!read_image(u, true, cover.image))
            return error_response(400, 1, "Invalid parameters. media_source.cover_image_url must be an http(s) URL.");
    } else if (ms.contains("cover_image_data")) {
        json d = {{"content_type", ms.value("cover_image_content_type", json(nullptr))}, {"data", ms["cover_image_data"]}};
        if (auto read = read_image(d, false, cover.image); !read) return read;
    } else {
        cover.image.key = hash64(m->second.id, opts.seed);
        cover.image.width = 1280;
        cover.image.height = 720;
    }
    p.media_type = "video";
    p.video_media_id = m->second.id;
    p.video_duration_ms = 5000 + static_cast<int64_t>(hash64(m->second.id, opts.seed) % 55000);
    p.items.push_back(std::move(cover));
    return Done{};
}

Response Emulator::Impl::create_pin(Ctx& c) {
    auto parsed = parse_json_body(c.req);
    if (!parsed) return parsed.refusal();
    json& body = *parsed;
    Pin p;
    if (auto texts = read_text_fields(body, p); !texts) return texts.refusal();
    auto board_field = get_string(body, "board_id", false, 20);
    if (!board_field) return board_field.refusal();
    auto section_field = get_string(body, "board_section_id", true, 20);
    if (!section_field) return section_field.refusal();
    auto parent_field = get_string(body, "parent_pin_id", true, 20);
    if (!parent_field) return parent_field.refusal();
    const std::optional<std::string>& board_id = board_field->value;
    const std::optional<std::string>& section_id = section_field->value;
    const std::optional<std::string>& parent = parent_field->value;
    if (!board_id) return error_response(400, 1, practice_message("pins/create", "board_id"));
    if (!is_digits(*board_id, kIdDigits)) return error_response(400, 1, "Invalid parameters. 'board_id' does not match '^\\d+$'.");
    auto b = store.boards.find(*board_id);
    if (b == store.boards.end() || !mine(b->second)) return board_not_found();
    if (b->second.privacy == "SECRET" &&
        !(has_scope(*c.token, "pins:write_secret") && has_scope(*c.token, "boards:write_secret")))
        return scope_error();
    if (section_id) {
        auto s = store.sections.find(*section_id);
        if (s == store.sections.end() || s->second.board_id != *board_id) return section_not_found();
        p.section_id = *section_id;
    }
    if (parent) {
        if (auto pp = store.pins.find(*parent); pp == store.pins.end() || !mine(pp->second)) return pin_not_found();
        p.parent_pin_id = *parent;
    }

    auto ms = body.find("media_source");
    if (ms == body.end() || !ms->is_object())
        return error_response(400, 1, practice_message("pins/create", "media_source"));
    auto st = ms->find("source_type");
    if (st == ms->end() || !st->is_string()) return error_response(400, 1, "Invalid parameters. media_source.source_type is required.");
    const std::string& type = st->get_ref<const std::string&>();
    if (type == "image_url" || type == "image_base64") {
        CarouselItem item;
        if (auto read = read_image(*ms, type == "image_url", item.image); !read) return read.refusal();
        p.items.push_back(std::move(item));
    } else if (type == "multiple_image_urls" || type == "multiple_image_base64") {
        auto items = ms->find("items");
        if (items == ms->end() || !items->is_array() || items->size() < 2 || items->size() > 5)
            return error_response(400, 1, "Invalid parameters. constraint: minItems=2, maxItems=5 for media_source.items.");
        for (const auto& it : *items) {
            if (!it.is_object()) return error_response(400, 1, "Invalid parameters. media_source.items must be objects.");
            CarouselItem item;
            if (auto read = read_image(it, type == "multiple_image_urls", item.image); !read) return read.refusal();
            if (auto read = read_item_texts(it, item); !read) return read.refusal();
            p.items.push_back(std::move(item));
        }
        p.media_type = "multiple_images";
    } else if (type == "video_id") {
        if (auto read = read_video(*ms, c, p); !read) return read.refusal();
    } else if (type == "pin_url") {
        return error_response(400, 1, "Invalid parameters. source_type " + type + " is not supported by the emulator.");
    } else {
        return error_response(400, 1, "Invalid parameters. Unknown media_source.source_type.");
    }

    size_t upload_bytes = 0;
    for (const auto& item : p.items) upload_bytes += item.image.byte_count();
    if (auto room = within_quota(1, 0, upload_bytes); !room) return room.refusal();
    p.board_id = *board_id;
    if (!p.dominant_color) p.dominant_color = p.items[0].image.uploaded ? "#808080" : average_color_hex(p.items[0].image);
    return add_pin(std::move(p), b->second, c.now);
}

Response Emulator::Impl::add_pin(Pin p, Board& b, int64_t now) {
    p.seq = store.next_seq++;
    p.id = std::to_string(kPinIdBase + p.seq);
    p.created_ms = now;
    b.pins_modified_ms = now;
    store.pin_order[p.seq] = p.id;
    if (p.media_type == "video") store.media.at(p.video_media_id).used = true;
    auto& ref = store.pins[p.id] = std::move(p);
    return json_response(201, pin_json(ref, false));
}

Response Emulator::Impl::update_pin(Ctx& c) {
    auto it = store.pins.find(c.params[0]);
    if (it == store.pins.end() || !mine(it->second)) return pin_not_found();
    if (!can_read_pin(c, it->second)) return scope_error();
    auto parsed = parse_json_body(c.req);
    if (!parsed) return parsed.refusal();
    json& body = *parsed;
    Pin next = it->second;
    if (auto texts = read_text_fields(body, next); !texts) return texts.refusal();
    auto board_field = get_string(body, "board_id", false, 20);
    if (!board_field) return board_field.refusal();
    auto section_field = get_string(body, "board_section_id", true, 20);
    if (!section_field) return section_field.refusal();
    const std::optional<std::string>& board_id = board_field->value;
    const std::optional<std::string>& section_id = section_field->value;
    const bool board_set = board_field->present, section_set = section_field->present;
    if (board_set) {
        if (!own_board(*board_id)) return board_not_found();
        if (*board_id != next.board_id && !section_set) next.section_id.clear();
        next.board_id = *board_id;
    }
    if (section_set) {
        if (section_id) {
            auto s = store.sections.find(*section_id);
            if (s == store.sections.end() || s->second.board_id != next.board_id) return section_not_found();
            next.section_id = *section_id;
        } else {
            next.section_id.clear();
        }
    }
    if (auto cs = body.find("carousel_slots"); cs != body.end() && !cs->is_null() && !cs->is_array())
        return error_response(400, 1, "Invalid parameters. 'carousel_slots' must be an array.");
    bool secret = store.boards.at(it->second.board_id).privacy == "SECRET" ||
                  store.boards.at(next.board_id).privacy == "SECRET";
    if (secret && !has_scope(*c.token, "pins:write_secret")) return scope_error();
    it->second = std::move(next);
    store.boards.at(it->second.board_id).pins_modified_ms = c.now;
    return json_response(200, pin_json(it->second, false));
}

Response Emulator::Impl::save_pin(Ctx& c) {
    auto it = store.pins.find(c.params[0]);
    if (it == store.pins.end() || !mine(it->second)) return pin_not_found();
    if (!can_read_pin(c, it->second)) return scope_error();
    size_t copy_bytes = 0;  // a saved pin copies its images
    for (const auto& item : it->second.items) copy_bytes += item.image.byte_count();
    if (auto room = within_quota(1, 0, copy_bytes); !room) return room.refusal();
    auto parsed = parse_json_body(c.req);
    if (!parsed) return parsed.refusal();
    json& body = *parsed;
    auto board_field = get_string(body, "board_id", true, 20);
    if (!board_field) return board_field.refusal();
    auto section_field = get_string(body, "board_section_id", true, 20);
    if (!section_field) return section_field.refusal();
    const std::optional<std::string>& board_id = board_field->value;
    const std::optional<std::string>& section_id = section_field->value;
    std::string target = board_id.value_or(it->second.board_id);
    auto b = store.boards.find(target);
    if (b == store.boards.end() || !mine(b->second)) return board_not_found();
    if (section_id) {
        auto s = store.sections.find(*section_id);
        if (s == store.sections.end() || s->second.board_id != target) return section_not_found();
    }
    if (b->second.privacy == "SECRET" && !has_scope(*c.token, "pins:write_secret")) return scope_error();
    Pin p = it->second;
    p.board_id = target;
    p.section_id = section_id.value_or("");
    p.parent_pin_id = it->second.id;
    return add_pin(std::move(p), b->second, c.now);
}

// [SECTION] Search pins (the token user's own pins): keywords in title/description/alt text, or pin ids

Response Emulator::Impl::search_pins(Ctx& c) {
    auto q = param(c.query, "query");
    if (!q || q->empty()) return error_response(400, 1, "Invalid parameters. 'query' is required.");
    if (q->size() > 500) return error_response(400, 1, "Invalid parameters. 'query' is too long.");
    std::string needle = ascii_lower(*q);
    std::vector<std::string> ids;
    bool by_id = std::all_of(needle.begin(), needle.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) || ch == ','; });
    if (by_id) ids = split(needle, ',');
    return paginate_text(
        c, store.pin_order, "search_pins." + std::to_string(hash64(needle) & 0xFFFFFF), 25,
        [&](const std::string& id) {
            const Pin& p = store.pins.at(id);
            if (!can_read_pin(c, p)) return false;
            if (by_id) return std::find(ids.begin(), ids.end(), p.id) != ids.end();
            for (const auto* f : {&p.title, &p.description, &p.alt_text})
                if (*f && ascii_lower(**f).find(needle) != std::string::npos) return true;
            return false;
        },
        [&](const std::string& id, std::string& out) { write_pin_json(out, store.pins.at(id), false); });
}

}  // namespace pinlab::emu
