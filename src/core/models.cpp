// models.cpp — decoders for the API's response models and encoders/validators for request bodies.
// Field names and limits follow components/schemas of the OpenAPI 5.23.0 description.
#include "core/models.h"

#include <algorithm>

#include "core/text.h"

namespace pinlab {

// [SECTION] Decoders -----------------------------------------------------------------------------

bool read(const JVal& v, const JPath& p, Dec& d, Account& o) {
    if (!expect_object(v, p, d)) return false;
    return opt(v, "id", p, d, o.id) && opt(v, "username", p, d, o.username) &&
           opt(v, "account_type", p, d, o.account_type) && opt(v, "profile_image", p, d, o.profile_image) &&
           opt(v, "website_url", p, d, o.website_url) && opt(v, "about", p, d, o.about) &&
           opt(v, "business_name", p, d, o.business_name) && opt(v, "board_count", p, d, o.board_count) &&
           opt(v, "pin_count", p, d, o.pin_count) && opt(v, "follower_count", p, d, o.follower_count) &&
           opt(v, "following_count", p, d, o.following_count) && opt(v, "monthly_views", p, d, o.monthly_views);
}

bool read(const JVal& v, const JPath& p, Dec& d, ImageDetails& o) {
    if (!expect_object(v, p, d)) return false;
    return req(v, "url", p, d, o.url) && opt(v, "width", p, d, o.width) && opt(v, "height", p, d, o.height);
}

bool read(const JVal& v, const JPath& p, Dec& d, PinMediaItem& o) {
    if (!expect_object(v, p, d)) return false;
    return opt(v, "item_type", p, d, o.item_type) && opt(v, "title", p, d, o.title) &&
           opt(v, "description", p, d, o.description) && opt(v, "link", p, d, o.link) &&
           opt(v, "images", p, d, o.images) && opt(v, "cover_image_url", p, d, o.cover_image_url) &&
           opt(v, "video_url", p, d, o.video_url) && opt(v, "duration", p, d, o.duration) &&
           opt(v, "width", p, d, o.width) && opt(v, "height", p, d, o.height);
}

static MediaKind media_kind(std::string_view t) {
    if (t == "image") return MediaKind::Image;
    if (t == "video") return MediaKind::Video;
    if (t == "multiple_images") return MediaKind::MultipleImages;
    if (t == "multiple_videos") return MediaKind::MultipleVideos;
    if (t == "multiple_mixed") return MediaKind::MultipleMixed;
    return MediaKind::Unknown;
}

bool read(const JVal& v, const JPath& p, Dec& d, PinMedia& o) {
    if (!expect_object(v, p, d)) return false;
    if (!req(v, "media_type", p, d, o.media_type)) return false;
    o.kind = media_kind(o.media_type);
    // Unknown kinds are kept with their raw media_type: a new Pinterest media type must not fail a page.
    return opt(v, "images", p, d, o.images) && opt(v, "cover_image_url", p, d, o.cover_image_url) &&
           opt(v, "video_url", p, d, o.video_url) && opt(v, "duration", p, d, o.duration) &&
           opt(v, "width", p, d, o.width) && opt(v, "height", p, d, o.height) && opt(v, "items", p, d, o.items);
}

const ImageDetails* PinMedia::best_image(int min_width) const {
    const ImageMap* maps[] = {&images, items.empty() ? nullptr : &items.front().images};
    const ImageDetails* best = nullptr;
    const ImageDetails* largest = nullptr;
    for (const ImageMap* m : maps) {
        if (!m) continue;
        for (const auto& [k, img] : *m) {
            int w = img.width.value_or(0);
            if (!largest || w > largest->width.value_or(0)) largest = &img;
            if (w >= min_width && (!best || w < best->width.value_or(0))) best = &img;
        }
        if (best || largest) break;
    }
    return best ? best : largest;
}

bool read(const JVal& v, const JPath& p, Dec& d, Pin& o) {
    if (!expect_object(v, p, d)) return false;
    if (!req(v, "id", p, d, o.id)) return false;
    if (!(opt(v, "created_at", p, d, o.created_at) && opt(v, "link", p, d, o.link) &&
          opt(v, "title", p, d, o.title) && opt(v, "description", p, d, o.description) &&
          opt(v, "alt_text", p, d, o.alt_text) && opt(v, "dominant_color", p, d, o.dominant_color) &&
          opt(v, "board_id", p, d, o.board_id) && opt(v, "board_section_id", p, d, o.board_section_id) &&
          opt(v, "parent_pin_id", p, d, o.parent_pin_id) && opt(v, "creative_type", p, d, o.creative_type) &&
          opt(v, "is_owner", p, d, o.is_owner) && opt(v, "is_standard", p, d, o.is_standard) &&
          opt(v, "has_been_promoted", p, d, o.has_been_promoted) && opt(v, "media", p, d, o.media)))
        return false;
    if (const JVal* bo = json_field(v, "board_owner"); bo && !bo->is_null()) {
        JPath bp(p, "board_owner");
        if (!expect_object(*bo, bp, d) || !opt(*bo, "username", bp, d, o.board_owner_username)) return false;
    }
    if (const JVal* m = json_field(v, "pin_metrics"); m && !m->is_null()) {
        if (!m->is_object()) return d.fail(JPath(p, "pin_metrics"), std::string("expected object, got ") + json_type_name(*m));
        o.pin_metrics = m->to_nlohmann();
    }
    return true;
}

bool read(const JVal& v, const JPath& p, Dec& d, BoardMedia& o) {
    if (!expect_object(v, p, d)) return false;
    return opt(v, "image_cover_url", p, d, o.image_cover_url) &&
           opt(v, "pin_thumbnail_urls", p, d, o.pin_thumbnail_urls);
}

bool read(const JVal& v, const JPath& p, Dec& d, Board& o) {
    if (!expect_object(v, p, d)) return false;
    if (!(req(v, "id", p, d, o.id) && req(v, "name", p, d, o.name) && opt(v, "description", p, d, o.description) &&
          opt(v, "privacy", p, d, o.privacy) && opt(v, "created_at", p, d, o.created_at) &&
          opt(v, "board_pins_modified_at", p, d, o.board_pins_modified_at) && opt(v, "media", p, d, o.media) &&
          opt(v, "is_ads_only", p, d, o.is_ads_only) && opt(v, "pin_count", p, d, o.pin_count) &&
          opt(v, "follower_count", p, d, o.follower_count) &&
          opt(v, "collaborator_count", p, d, o.collaborator_count)))
        return false;
    if (const JVal* ow = json_field(v, "owner"); ow && !ow->is_null()) {
        JPath op(p, "owner");
        if (!expect_object(*ow, op, d) || !opt(*ow, "username", op, d, o.owner_username)) return false;
    }
    return true;
}

bool read(const JVal& v, const JPath& p, Dec& d, BoardSection& o) {
    if (!expect_object(v, p, d)) return false;
    return req(v, "id", p, d, o.id) && req(v, "name", p, d, o.name);
}

bool read(const JVal& v, const JPath& p, Dec& d, Media& o) {
    if (!expect_object(v, p, d)) return false;
    return req(v, "media_id", p, d, o.media_id) && req(v, "media_type", p, d, o.media_type) &&
           opt(v, "status", p, d, o.status);
}

bool read(const JVal& v, const JPath& p, Dec& d, MediaUpload& o) {
    if (!expect_object(v, p, d)) return false;
    return req(v, "media_id", p, d, o.media_id) && req(v, "media_type", p, d, o.media_type) &&
           opt(v, "upload_url", p, d, o.upload_url) && opt(v, "upload_parameters", p, d, o.upload_parameters);
}

bool read(const JVal& v, const JPath& p, Dec& d, AdAccount& o) {
    if (!expect_object(v, p, d)) return false;
    if (!(req(v, "id", p, d, o.id) && opt(v, "name", p, d, o.name) && opt(v, "country", p, d, o.country) &&
          opt(v, "currency", p, d, o.currency) && opt(v, "permissions", p, d, o.permissions) &&
          opt(v, "created_time", p, d, o.created_time) && opt(v, "updated_time", p, d, o.updated_time)))
        return false;
    if (const JVal* ow = json_field(v, "owner"); ow && !ow->is_null()) {
        JPath op(p, "owner");
        if (!expect_object(*ow, op, d) || !opt(*ow, "id", op, d, o.owner_id) ||
            !opt(*ow, "username", op, d, o.owner_username))
            return false;
    }
    return true;
}

bool read(const JVal& v, const JPath& p, Dec& d, DailyMetrics& o) {
    if (!expect_object(v, p, d)) return false;
    return req(v, "date", p, d, o.date) && opt(v, "data_status", p, d, o.data_status) &&
           opt(v, "metrics", p, d, o.metrics);
}

bool read(const JVal& v, const JPath& p, Dec& d, AnalyticsGroup& o) {
    if (!expect_object(v, p, d)) return false;
    return opt(v, "summary_metrics", p, d, o.summary_metrics) && opt(v, "daily_metrics", p, d, o.daily_metrics) &&
           opt(v, "lifetime_metrics", p, d, o.lifetime_metrics);
}

bool read(const JVal& v, const JPath& p, Dec& d, AnalyticsResponse& o) { return read(v, p, d, o.groups); }
bool read(const JVal& v, const JPath& p, Dec& d, MultiPinAnalytics& o) { return read(v, p, d, o.pins); }

bool read(const JVal& v, const JPath& p, Dec& d, TopPin& o) {
    if (!expect_object(v, p, d)) return false;
    return req(v, "pin_id", p, d, o.pin_id) && opt(v, "metrics", p, d, o.metrics) &&
           opt(v, "data_status", p, d, o.data_status);
}

bool read(const JVal& v, const JPath& p, Dec& d, TopPinsAnalytics& o) {
    if (!expect_object(v, p, d)) return false;
    if (!(opt(v, "pins", p, d, o.pins) && opt(v, "sort_by", p, d, o.sort_by))) return false;
    if (const JVal* da = json_field(v, "date_availability"); da && !da->is_null()) {
        JPath dp(p, "date_availability");
        if (!expect_object(*da, dp, d) || !opt(*da, "is_realtime", dp, d, o.is_realtime) ||
            !opt(*da, "latest_available_timestamp", dp, d, o.latest_available_timestamp))
            return false;
    }
    return true;
}

bool read(const JVal& v, const JPath& p, Dec& d, UserSummary& o) {
    if (!expect_object(v, p, d)) return false;
    return req(v, "username", p, d, o.username) && opt(v, "type", p, d, o.type);
}

bool read(const JVal& v, const JPath& p, Dec& d, UserWebsite& o) {
    if (!expect_object(v, p, d)) return false;
    return req(v, "website", p, d, o.website) && opt(v, "status", p, d, o.status) &&
           opt(v, "verified_at", p, d, o.verified_at);
}

bool read(const JVal& v, const JPath& p, Dec& d, WebsiteVerificationCode& o) {
    if (!expect_object(v, p, d)) return false;
    return opt(v, "verification_code", p, d, o.verification_code) && opt(v, "dns_txt_record", p, d, o.dns_txt_record) &&
           opt(v, "metatag", p, d, o.metatag) && opt(v, "filename", p, d, o.filename) &&
           opt(v, "file_content", p, d, o.file_content);
}

bool read(const JVal& v, const JPath& p, Dec& d, LinkedBusiness& o) {
    if (!expect_object(v, p, d)) return false;
    return req(v, "username", p, d, o.username) && opt(v, "image_small_url", p, d, o.image_small_url) &&
           opt(v, "image_medium_url", p, d, o.image_medium_url) && opt(v, "image_large_url", p, d, o.image_large_url) &&
           opt(v, "image_xlarge_url", p, d, o.image_xlarge_url);
}

bool read(const JVal& v, const JPath& p, Dec& d, LinkedBusinesses& o) { return read(v, p, d, o.items); }

bool read(const JVal& v, const JPath& p, Dec& d, BusinessAccessUser& o) {
    if (!expect_object(v, p, d)) return false;
    return opt(v, "id", p, d, o.id) && opt(v, "username", p, d, o.username) && opt(v, "email", p, d, o.email);
}

bool read(const JVal& v, const JPath& p, Dec& d, BusinessRoleBinding& o) {
    if (!expect_object(v, p, d)) return false;
    return req(v, "id", p, d, o.id) && opt(v, "business_roles", p, d, o.business_roles) && opt(v, "user", p, d, o.user) &&
           opt(v, "created_by_business", p, d, o.created_by_business) &&
           opt(v, "created_by_user", p, d, o.created_by_user) && opt(v, "created_time", p, d, o.created_time) &&
           opt(v, "is_shared_partner", p, d, o.is_shared_partner) && opt(v, "assets_summary", p, d, o.assets_summary);
}

bool read(const JVal& v, const JPath& p, Dec& d, TokenResponse& o) {
    if (!expect_object(v, p, d)) return false;
    return req(v, "access_token", p, d, o.access_token) && opt(v, "token_type", p, d, o.token_type) &&
           opt(v, "expires_in", p, d, o.expires_in) && opt(v, "scope", p, d, o.scope) &&
           opt(v, "response_type", p, d, o.response_type) && opt(v, "refresh_token", p, d, o.refresh_token) &&
           opt(v, "refresh_token_expires_in", p, d, o.refresh_token_expires_in) &&
           opt(v, "refresh_token_expires_at", p, d, o.refresh_token_expires_at);
}

bool read(const JVal& v, const JPath& p, Dec& d, PinterestError& o) {
    if (!expect_object(v, p, d)) return false;
    return req(v, "code", p, d, o.code) && req(v, "message", p, d, o.message);
}

bool read(const JVal&, const JPath&, Dec&, Empty&) { return true; }

// [SECTION] Encoders -----------------------------------------------------------------------------

static void put(json& j, const char* k, const opt_str& v) {
    if (v) j[k] = *v;
}

json to_json(const BoardCreate& b) {
    json j = json::object();
    j["name"] = b.name;
    put(j, "description", b.description);
    put(j, "privacy", b.privacy);
    if (b.is_ads_only) j["is_ads_only"] = *b.is_ads_only;
    return j;
}

json to_json(const BoardUpdate& b) {
    json j = json::object();
    put(j, "name", b.name);
    put(j, "description", b.description);
    put(j, "privacy", b.privacy);
    return j;
}

json to_json(const SectionCreate& s) { return json{{"name", s.name}}; }

json to_json(const MediaSource& m) {
    json j = json::object();
    switch (m.type) {
        case MediaSource::Type::ImageUrl:
            j["source_type"] = "image_url";
            j["url"] = m.url;
            break;
        case MediaSource::Type::ImageBase64:
            j["source_type"] = "image_base64";
            j["content_type"] = m.content_type;
            j["data"] = m.data;
            break;
        case MediaSource::Type::MultipleImageUrls: {
            j["source_type"] = "multiple_image_urls";
            json items = json::array();
            for (const auto& it : m.items) {
                json e = json::object();
                e["url"] = it.url;
                put(e, "title", it.title);
                put(e, "description", it.description);
                put(e, "link", it.link);
                items.push_back(std::move(e));
            }
            j["items"] = std::move(items);
            break;
        }
        case MediaSource::Type::VideoId:
            j["source_type"] = "video_id";
            j["media_id"] = m.media_id;
            put(j, "cover_image_url", m.cover_image_url);
            break;
    }
    return j;
}

json to_json(const PinCreate& p) {
    json j = json::object();
    j["board_id"] = p.board_id;
    put(j, "board_section_id", p.board_section_id);
    put(j, "title", p.title);
    put(j, "description", p.description);
    put(j, "link", p.link);
    put(j, "alt_text", p.alt_text);
    put(j, "dominant_color", p.dominant_color);
    put(j, "parent_pin_id", p.parent_pin_id);
    j["media_source"] = to_json(p.media_source);
    return j;
}

json to_json(const PinUpdate& p) {
    json j = json::object();
    put(j, "title", p.title);
    put(j, "description", p.description);
    put(j, "link", p.link);
    put(j, "alt_text", p.alt_text);
    put(j, "board_id", p.board_id);
    put(j, "board_section_id", p.board_section_id);
    return j;
}

json to_json(const PinSave& p) {
    json j = json::object();
    put(j, "board_id", p.board_id);
    put(j, "board_section_id", p.board_section_id);
    return j;
}

// [SECTION] Validation -----------------------------------------------------------------------------

bool is_http_url(std::string_view s) {
    size_t n = 0;
    if (starts_with(s, "https://")) n = 8;
    else if (starts_with(s, "http://")) n = 7;
    else return false;
    if (s.size() <= n) return false;
    char c = s[n];
    if (c == '/' || c == '?' || c == '#' || c == ':') return false;
    return s.find_first_of(" \t\r\n") == std::string_view::npos;
}

ApiError invalid(std::string field, std::string msg) {
    return make_error(ErrorKind::Validation, field + ": " + msg, "Fix the field and try again.");
}

static ApiError check_len(const char* field, const opt_str& v, size_t max) {
    if (v && v->size() > max)
        return invalid(field, "at most " + std::to_string(max) + " characters (got " + std::to_string(v->size()) + ")");
    return {};
}

static ApiError check_link(const opt_str& link) {
    if (!link) return {};
    if (auto e = check_len("link", link, 2048)) return e;
    if (!link->empty() && !is_http_url(*link)) return invalid("link", "must be an http:// or https:// URL");
    return {};
}

static ApiError check_id(const char* field, const opt_str& v) {
    if (v && !is_digits(*v)) return invalid(field, "must be a numeric id");
    return {};
}

ApiError validate(const BoardCreate& b) {
    if (b.name.empty()) return invalid("name", "required");
    if (b.privacy && *b.privacy != "PUBLIC" && *b.privacy != "PROTECTED" && *b.privacy != "SECRET")
        return invalid("privacy", "must be PUBLIC, PROTECTED or SECRET");
    return {};
}

ApiError validate(const BoardUpdate& b) {
    if (b.name && b.name->empty()) return invalid("name", "cannot be empty");
    if (b.privacy && *b.privacy != "PUBLIC" && *b.privacy != "SECRET")
        return invalid("privacy", "must be PUBLIC or SECRET when updating a board");
    return {};
}

ApiError validate(const SectionCreate& s) {
    if (s.name.empty()) return invalid("name", "required (1 to 180 characters)");
    if (s.name.size() > 180) return invalid("name", "at most 180 characters");
    return {};
}

static ApiError validate_source(const MediaSource& m) {
    using T = MediaSource::Type;
    switch (m.type) {
        case T::ImageUrl:
            if (!is_http_url(m.url)) return invalid("media_source.url", "must be an http:// or https:// URL");
            return {};
        case T::ImageBase64: {
            if (m.content_type != "image/jpeg" && m.content_type != "image/png")
                return invalid("media_source.content_type", "must be image/jpeg or image/png");
            if (m.data.empty()) return invalid("media_source.data", "required");
            bool ok = std::all_of(m.data.begin(), m.data.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
                       c == '/' || c == '=';
            });
            if (!ok) return invalid("media_source.data", "must be standard base64 ([A-Za-z0-9+/=])");
            return {};
        }
        case T::MultipleImageUrls:
            if (m.items.size() < 2 || m.items.size() > 5)
                return invalid("media_source.items", "2 to 5 images (got " + std::to_string(m.items.size()) + ")");
            for (size_t i = 0; i < m.items.size(); ++i) {
                const std::string f = "media_source.items[" + std::to_string(i) + "]";
                if (!is_http_url(m.items[i].url)) return invalid(f + ".url", "must be an http:// or https:// URL");
                if (m.items[i].title && m.items[i].title->size() > 100) return invalid(f + ".title", "at most 100 characters");
                if (m.items[i].description && m.items[i].description->size() > 800)
                    return invalid(f + ".description", "at most 800 characters");
                if (m.items[i].link && !is_http_url(*m.items[i].link))
                    return invalid(f + ".link", "must be an http:// or https:// URL");
            }
            return {};
        case T::VideoId:
            if (!is_digits(m.media_id)) return invalid("media_source.media_id", "must be a numeric media id");
            return {};
    }
    return {};
}

ApiError validate(const PinCreate& p) {
    if (p.board_id.empty()) return invalid("board_id", "required");
    if (!is_digits(p.board_id)) return invalid("board_id", "must be a numeric id");
    if (auto e = check_id("board_section_id", p.board_section_id)) return e;
    if (auto e = check_id("parent_pin_id", p.parent_pin_id)) return e;
    if (auto e = check_len("title", p.title, 100)) return e;
    if (auto e = check_len("description", p.description, 800)) return e;
    if (auto e = check_len("alt_text", p.alt_text, 500)) return e;
    if (auto e = check_link(p.link)) return e;
    return validate_source(p.media_source);
}

ApiError validate(const PinUpdate& p) {
    if (auto e = check_id("board_id", p.board_id)) return e;
    if (auto e = check_id("board_section_id", p.board_section_id)) return e;
    if (auto e = check_len("title", p.title, 100)) return e;
    if (auto e = check_len("description", p.description, 800)) return e;
    if (auto e = check_len("alt_text", p.alt_text, 500)) return e;
    return check_link(p.link);
}

ApiError validate(const PinSave& p) {
    if (auto e = check_id("board_id", p.board_id)) return e;
    return check_id("board_section_id", p.board_section_id);
}

}  // namespace pinlab
