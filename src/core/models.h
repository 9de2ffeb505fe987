// models.h — typed Pinterest API v5 models (OpenAPI 5.23.0, components/schemas), their decoders
// and the request-body encoders with the spec's validation rules.
//
// Decoding rules: unknown fields are ignored; nullable or non-required fields are std::optional;
// a wrong type or a missing required field is a Decode error naming the field path. Decoding
// never throws or aborts (see json.h / json_util.h).
//
// Decoders read a JVal (core/json_reader.h: the fast reader decode_json parses with), not nlohmann
// json. A decoder written for nlohmann converts by type alone: `const json&` → `const JVal&`,
// `const json*` → `const JVal*`, and a field kept as free-form json is `v.to_nlohmann()`; opt, req,
// read, expect_object, json_field and json_type_name take both.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/errors.h"
#include "core/json.h"
#include "core/json_util.h"

namespace pinlab {

using opt_str = std::optional<std::string>;

// [SECTION] Responses --------------------------------------------------------------------------

struct Account {
    opt_str id, username, account_type /* PINNER|BUSINESS */, profile_image, website_url, about, business_name;
    std::optional<int64_t> board_count, pin_count, follower_count, following_count, monthly_views;
};

struct ImageDetails {  // ImageDetails: width/height required but nullable
    std::optional<int> width, height;
    std::string url;
};
using ImageMap = std::map<std::string, ImageDetails>;  // "150x150", "400x300", "600x", "1200x", "originals", …

// One slide of a carousel/multi-media pin (ImageMetadata or VideoMetadataWithItemType).
struct PinMediaItem {
    opt_str item_type, title, description, link;
    ImageMap images;
    opt_str cover_image_url, video_url;
    std::optional<double> duration;  // ms
    std::optional<int> width, height;
};

enum class MediaKind : uint8_t { Unknown, Image, Video, MultipleImages, MultipleVideos, MultipleMixed };

struct PinMedia {
    MediaKind kind = MediaKind::Unknown;
    std::string media_type;          // raw discriminator ("image", "video", …); unknown kinds are kept, not errors
    ImageMap images;                 // image, video (cover)
    opt_str cover_image_url, video_url;  // video
    std::optional<double> duration;
    std::optional<int> width, height;
    std::vector<PinMediaItem> items; // multiple_*

    // The smallest image at least `min_width` wide (or the largest one); nullptr if none.
    const ImageDetails* best_image(int min_width) const;
};

struct Pin {
    std::string id;
    opt_str created_at, link, title, description, alt_text, dominant_color;
    opt_str board_id, board_section_id, parent_pin_id, board_owner_username, creative_type;
    std::optional<bool> is_owner, is_standard, has_been_promoted;
    std::optional<PinMedia> media;
    std::optional<json> pin_metrics;  // free-form ({"90d": {...}, "lifetime_metrics": {...}})
};

struct BoardMedia {
    opt_str image_cover_url;
    std::vector<std::string> pin_thumbnail_urls;
};

struct Board {
    std::string id, name;
    opt_str description, privacy /* PUBLIC|PROTECTED|SECRET */, owner_username, created_at, board_pins_modified_at;
    std::optional<BoardMedia> media;
    std::optional<bool> is_ads_only;
    std::optional<int64_t> pin_count, follower_count, collaborator_count;
};

struct BoardSection {
    std::string id, name;
};

struct Media {  // GET /media, /media/{id}
    std::string media_id, media_type;
    opt_str status;  // registered|processing|succeeded|failed
};

struct MediaUpload {  // POST /media
    std::string media_id, media_type;
    opt_str upload_url;
    std::map<std::string, std::string> upload_parameters;
};

struct AdAccount {
    std::string id;
    opt_str name, country, currency, owner_id, owner_username;
    std::vector<std::string> permissions;
    std::optional<int64_t> created_time, updated_time;
};

// [SECTION] Account relations: followers/following, websites, businesses (client.h: the social calls)

struct UserSummary {  // followers, following, follow_user
    std::string username;
    opt_str type;  // "user"
};

struct UserWebsite {  // UserWebsiteSummary
    std::string website;
    opt_str status, verified_at;
};

struct WebsiteVerificationCode {  // UserWebsiteVerificationCode
    opt_str verification_code, dns_txt_record, metatag, filename, file_content;
};

struct LinkedBusiness {
    std::string username;
    opt_str image_small_url, image_medium_url, image_large_url, image_xlarge_url;
};

struct LinkedBusinesses {  // GET /user_account/businesses answers a bare array
    std::vector<LinkedBusiness> items;
};

struct BusinessAccessUser {
    opt_str id, username, email;
};

struct BusinessRoleBinding {  // employers, members and partners of a business
    std::string id;
    std::vector<std::string> business_roles;
    std::optional<BusinessAccessUser> user, created_by_business, created_by_user;
    std::optional<int64_t> created_time;  // ms
    std::optional<bool> is_shared_partner;
    std::optional<json> assets_summary;
};

struct DailyMetrics {
    std::string date;  // YYYY-MM-DD
    opt_str data_status;
    std::map<std::string, double> metrics;
};

// One split group ("all" when not split) of AnalyticsResponse / PinAnalyticsResponse.
struct AnalyticsGroup {
    std::map<std::string, double> summary_metrics;
    std::vector<DailyMetrics> daily_metrics;
    std::map<std::string, double> lifetime_metrics;  // pin analytics only
};

struct AnalyticsResponse {  // also PinAnalyticsResponse
    std::map<std::string, AnalyticsGroup> groups;
};

struct MultiPinAnalytics {  // GET /pins/analytics: pin_id -> PinAnalyticsResponse
    std::map<std::string, AnalyticsResponse> pins;
};

struct TopPin {
    std::string pin_id;
    std::map<std::string, double> metrics;
    std::map<std::string, std::string> data_status;
};

struct TopPinsAnalytics {
    std::vector<TopPin> pins;
    opt_str sort_by;
    std::optional<bool> is_realtime;
    std::optional<double> latest_available_timestamp;  // ms since epoch
};

template <class T>
struct Paginated {
    std::vector<T> items;
    opt_str bookmark;  // absent/null = last page
};

struct TokenResponse {
    std::string access_token;
    std::string token_type = "bearer";
    std::optional<int64_t> expires_in;  // seconds
    std::string scope;                  // space-separated in responses
    opt_str response_type, refresh_token;
    std::optional<int64_t> refresh_token_expires_in, refresh_token_expires_at;
};

struct PinterestError {  // {code, message}
    int code = 0;
    std::string message;
};

struct Empty {};  // 204 responses

// [SECTION] Decoders (json_util style over JVal: first error recorded in Dec with its path) -----------------
bool read(const JVal& v, const JPath& p, Dec& d, Account& out);
bool read(const JVal& v, const JPath& p, Dec& d, ImageDetails& out);
bool read(const JVal& v, const JPath& p, Dec& d, PinMediaItem& out);
bool read(const JVal& v, const JPath& p, Dec& d, PinMedia& out);
bool read(const JVal& v, const JPath& p, Dec& d, Pin& out);
bool read(const JVal& v, const JPath& p, Dec& d, BoardMedia& out);
bool read(const JVal& v, const JPath& p, Dec& d, Board& out);
bool read(const JVal& v, const JPath& p, Dec& d, BoardSection& out);
bool read(const JVal& v, const JPath& p, Dec& d, Media& out);
bool read(const JVal& v, const JPath& p, Dec& d, MediaUpload& out);
bool read(const JVal& v, const JPath& p, Dec& d, AdAccount& out);
bool read(const JVal& v, const JPath& p, Dec& d, DailyMetrics& out);
bool read(const JVal& v, const JPath& p, Dec& d, AnalyticsGroup& out);
bool read(const JVal& v, const JPath& p, Dec& d, AnalyticsResponse& out);
bool read(const JVal& v, const JPath& p, Dec& d, MultiPinAnalytics& out);
bool read(const JVal& v, const JPath& p, Dec& d, TopPin& out);
bool read(const JVal& v, const JPath& p, Dec& d, TopPinsAnalytics& out);
bool read(const JVal& v, const JPath& p, Dec& d, TokenResponse& out);
bool read(const JVal& v, const JPath& p, Dec& d, UserSummary& out);
bool read(const JVal& v, const JPath& p, Dec& d, UserWebsite& out);
bool read(const JVal& v, const JPath& p, Dec& d, WebsiteVerificationCode& out);
bool read(const JVal& v, const JPath& p, Dec& d, LinkedBusiness& out);
bool read(const JVal& v, const JPath& p, Dec& d, LinkedBusinesses& out);
bool read(const JVal& v, const JPath& p, Dec& d, BusinessAccessUser& out);
bool read(const JVal& v, const JPath& p, Dec& d, BusinessRoleBinding& out);
bool read(const JVal& v, const JPath& p, Dec& d, PinterestError& out);
bool read(const JVal& v, const JPath& p, Dec& d, Empty& out);

template <class T>
bool read(const JVal& v, const JPath& p, Dec& d, Paginated<T>& out) {
    if (!expect_object(v, p, d)) return false;
    return req(v, "items", p, d, out.items) && opt(v, "bookmark", p, d, out.bookmark);
}

// Parses `body` and decodes a T. Malformed/truncated JSON and schema mismatches are Decode errors.
template <class T>
Result<T> decode_json(std::string_view body) {
    if constexpr (std::is_same_v<T, Empty>) return Empty{};  // 204 No Content: any body is fine
    JDoc doc;
    if (!doc.parse(body))  // says where and what, never the body's text: "(240 bytes; byte 17: invalid escape)"
        return make_error(ErrorKind::Decode,
                          "response body is not valid JSON (" + std::to_string(body.size()) + " bytes; " + doc.error() + ")");
    T out{};
    Dec d;
    JPath root;
    if (!read(doc.root(), root, d, out)) {
        if (d.ok()) d.error = "(root): decode failed";
        return make_error(ErrorKind::Decode, d.error, "The server's answer does not match the API spec.");
    }
    return out;
}

// [SECTION] Request bodies --------------------------------------------------------------------

struct BoardCreate {
    std::string name;            // required
    opt_str description;
    opt_str privacy;             // PUBLIC|PROTECTED|SECRET
    std::optional<bool> is_ads_only;
};

struct BoardUpdate {
    opt_str name, description;
    opt_str privacy;             // PUBLIC|SECRET only
};

struct SectionCreate {  // also the update body
    std::string name;   // 1..180
};

struct ImageUrlItem {
    std::string url;
    opt_str title, description, link;
};

struct MediaSource {
    enum class Type : uint8_t { ImageUrl, ImageBase64, MultipleImageUrls, VideoId };
    Type type = Type::ImageUrl;
    std::string url;                  // ImageUrl
    std::string content_type, data;   // ImageBase64 (image/jpeg|image/png, base64)
    std::vector<ImageUrlItem> items;  // MultipleImageUrls (2..5)
    std::string media_id;             // VideoId
    opt_str cover_image_url;          // VideoId

    static MediaSource image_url(std::string u) { MediaSource m; m.type = Type::ImageUrl; m.url = std::move(u); return m; }
    static MediaSource video_id(std::string id, opt_str cover) {
        MediaSource m; m.type = Type::VideoId; m.media_id = std::move(id); m.cover_image_url = std::move(cover); return m;
    }
    static MediaSource image_base64(std::string ct, std::string b64) {
        MediaSource m; m.type = Type::ImageBase64; m.content_type = std::move(ct); m.data = std::move(b64); return m;
    }
};

struct PinCreate {
    std::string board_id;  // required (in practice)
    opt_str board_section_id, title, description, link, alt_text, dominant_color, parent_pin_id;
    MediaSource media_source;
};

struct PinUpdate {
    opt_str title, description, link, alt_text, board_id, board_section_id;
};

struct PinSave {
    opt_str board_id, board_section_id;
};

json to_json(const BoardCreate& b);
json to_json(const BoardUpdate& b);
json to_json(const SectionCreate& s);
json to_json(const MediaSource& m);
json to_json(const PinCreate& p);
json to_json(const PinUpdate& p);
json to_json(const PinSave& p);

// Spec constraints checked before sending; ErrorKind::Validation naming the field, or ok().
ApiError validate(const BoardCreate& b);
ApiError validate(const BoardUpdate& b);
ApiError validate(const SectionCreate& s);
ApiError validate(const PinCreate& p);
ApiError validate(const PinUpdate& p);
ApiError validate(const PinSave& p);

// Small shared checks (also used for query parameters).
ApiError invalid(std::string field, std::string msg);  // ErrorKind::Validation "field: msg" with a hint
bool is_http_url(std::string_view s);               // http:// or https:// with a host

}  // namespace pinlab
