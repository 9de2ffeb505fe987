// media.cpp — video uploads as Pinterest runs them: POST /v5/media registers an upload and answers an
// upload_url with signed form fields; the client POSTs the file there as multipart/form-data (S3's browser
// upload: the fields first, the file last; 204 on success, an XML <Error> otherwise); GET /v5/media/{id}
// then reports registered (nothing uploaded) -> processing (for kProcessingMs after the upload) ->
// succeeded, or failed when the bytes are not a video container. A succeeded upload becomes a video pin
// through pins/create with media_source video_id (pins.cpp). The video bytes are not kept.
#include <algorithm>

#include "emulator/impl.h"

namespace pinlab::emu {

namespace {

constexpr int64_t kProcessingMs = 4000;        // "processing" lasts this long after the upload
constexpr uint64_t kMaxVideoBytes = 2ull << 30;  // Pinterest's limit for a video Pin is 2 GB

std::string upload_key(const std::string& media_id) { return "uploads/" + media_id + ".mp4"; }

// S3 answers a browser upload it refuses with an XML error document.
Response s3_error(int status, const char* code, const std::string& message) {
    Response r;
    r.status = status;
    r.headers.set("Content-Type", "application/xml");
    r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + std::string(code) + "</Code><Message>" +
             message + "</Message></Error>";
    return r;
}

// ISO BMFF (MP4, MOV: "ftyp" at offset 4) or Matroska/WebM (EBML magic).
bool looks_like_video(std::string_view b) {
    if (b.size() >= 12 && b.substr(4, 4) == "ftyp") return true;
    return b.size() >= 4 && static_cast<unsigned char>(b[0]) == 0x1A && static_cast<unsigned char>(b[1]) == 0x45 &&
           static_cast<unsigned char>(b[2]) == 0xDF && static_cast<unsigned char>(b[3]) == 0xA3;
}

struct Part {
    std::string name, filename;
    std::string_view data;
};

// multipart/form-data (RFC 7578): false when the body does not follow the boundary it declares.
bool parse_multipart(std::string_view content_type, std::string_view body, std::vector<Part>& out) {
    size_t b = content_type.find("boundary=");
    if (b == std::string_view::npos) return false;
    std::string boundary(content_type.substr(b + 9));
    if (size_t semi = boundary.find(';'); semi != std::string::npos) boundary.resize(semi);
    if (boundary.size() >= 2 && boundary.front() == '"' && boundary.back() == '"')
        boundary = boundary.substr(1, boundary.size() - 2);
    if (boundary.empty() || boundary.size() > 70) return false;
    const std::string delim = "--" + boundary;
    size_t pos = body.find(delim);
    if (pos == std::string_view::npos) return false;
    while (true) {
        pos += delim.size();
        if (body.substr(pos, 2) == "--") return true;  // the closing delimiter
        if (body.substr(pos, 2) != "\r\n") return false;
        pos += 2;
        size_t head_end = body.find("\r\n\r\n", pos);
        if (head_end == std::string_view::npos) return false;
        std::string_view head = body.substr(pos, head_end - pos);
        size_t next = body.find("\r\n" + delim, head_end + 4);
        if (next == std::string_view::npos) return false;
        Part part;
        part.data = body.substr(head_end + 4, next - head_end - 4);
        for (const auto& line : split(std::string(head), '\n')) {
            std::string l = line;
            if (!l.empty() && l.back() == '\r') l.pop_back();
            if (!iequals(std::string_view(l).substr(0, std::min<size_t>(l.size(), 20)), "content-disposition:")) continue;
            auto attr = [&](const char* key) -> std::string {
                std::string k = std::string(key) + "=\"";
                size_t at = l.find(k);
                if (at == std::string::npos) return {};
                size_t end = l.find('"', at + k.size());
                return end == std::string::npos ? std::string() : l.substr(at + k.size(), end - at - k.size());
            };
            part.name = attr(" name");
            if (part.name.empty()) part.name = attr(";name");
            part.filename = attr("filename");
        }
        if (out.size() >= 64) return false;
        out.push_back(std::move(part));
        pos = next + 2;
    }
}

}  // namespace

const char* Emulator::Impl::media_status(const MediaItem& m, int64_t now) const {
    if (m.bytes == 0) return "registered";
    if (now < m.uploaded_ms + kProcessingMs) return "processing";
    return m.playable ? "succeeded" : "failed";
}

Response Emulator::Impl::list_media(Ctx& c) {
    auto page = parse_page_size(c.query);
    if (!page) return page.refusal();
    const int page_size = *page;
    return paginate(
        c, store.media_order, "media", page_size, [&](const std::string& id) { return mine(store.media.at(id)); },
        [&](const std::string& id) {
            const MediaItem& m = store.media.at(id);
            return json{{"media_id", m.id}, {"media_type", "video"}, {"status", media_status(m, c.now)}};
        });
}

Response Emulator::Impl::register_media(Ctx& c) {
    if (static_cast<int>(store.media.size()) >= opts.quotas.max_pins)
        return error_response(429, 8, "This account has reached its limit of media uploads.");
    auto parsed = parse_json_body(c.req);
    if (!parsed) return parsed.refusal();
    json& body = *parsed;
    auto t = body.find("media_type");
    if (t == body.end() || !t->is_string() || t->get_ref<const std::string&>() != "video")
        return error_response(400, 1, "Invalid parameters. media_type must be video.");
    if (store.media.size() >= 10000) return error_response(429, 8, "Too many media uploads registered.");
    MediaItem m;
    m.seq = store.next_seq++;
    m.id = std::to_string(kMediaIdBase + m.seq);
    m.created_ms = c.now;
    m.owner = owner_key();
    store.media_order[m.seq] = m.id;
    store.media[m.id] = m;
    std::string date = days_to_ymd(c.now / kDayMs);
    date.erase(std::remove(date.begin(), date.end(), '-'), date.end());
    // upload_url is the emulator's own S3 stand-in (absolute when public_base_url is set); the fields are
    // checked there as S3 checks a signed POST policy.
    json j = {{"media_id", m.id},
              {"media_type", "video"},
              {"upload_url", media_url("/media/upload/")},
              {"upload_parameters",
               {{"x-amz-date", date + "T000000Z"},
                {"x-amz-signature", std::to_string(hash64(m.id, opts.seed))},
                {"x-amz-security-token", "emulator"},
                {"x-amz-algorithm", "AWS4-HMAC-SHA256"},
                {"key", upload_key(m.id)},
                {"policy", "emulator-policy"},
                {"x-amz-credential", "EMULATOR/" + date + "/us-east-1/s3/aws4_request"},
                {"Content-Type", "multipart/form-data"}}}};
    return json_response(201, j);
}

Response Emulator::Impl::get_media(Ctx& c) {
    auto it = store.media.find(c.params[0]);
    if (it == store.media.end() || !mine(it->second)) return error_response(404, 404, "Media upload not found.");
    const MediaItem& m = it->second;
    return json_response(200, json{{"media_id", m.id}, {"media_type", "video"}, {"status", media_status(m, c.now)}});
}

// Not inlined: the Demo worker's build cuts its module here (scripts/split_worker.py).
[[gnu::noinline]] Response Emulator::Impl::media_upload(Ctx& c) {
    if (c.req.method != "POST") return s3_error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    std::string_view ct = c.req.headers.get("Content-Type");
    if (!iequals(ct.substr(0, std::min<size_t>(ct.size(), 19)), "multipart/form-data"))
        return s3_error(412, "PreconditionFailed", "Bucket POST must be of the enclosure-type multipart/form-data");
    std::vector<Part> parts;
    if (!parse_multipart(ct, c.req.body, parts))
        return s3_error(400, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.");
    auto field = [&](const char* name) -> const Part* {
        for (const auto& p : parts)
            if (iequals(p.name, name)) return &p;
        return nullptr;
    };
    const Part* key = field("key");
    const Part* file = field("file");
    if (!key) return s3_error(400, "InvalidArgument", "Bucket POST must contain a field named 'key'.");
    if (!file) return s3_error(400, "InvalidArgument", "POST requires exactly one file upload per request.");
    if (&parts.back() != file)
        return s3_error(400, "InvalidArgument", "The file must be the last field of the form (fields after it are ignored by S3).");
    std::string k(key->data);
    MediaItem* m = nullptr;
    if (starts_with(k, "uploads/") && k.size() > 12 && k.compare(k.size() - 4, 4, ".mp4") == 0) {
        auto it = store.media.find(k.substr(8, k.size() - 12));
        if (it != store.media.end()) m = &it->second;
    }
    if (!m) return s3_error(403, "AccessDenied", "Invalid according to Policy: the key does not match a registered upload.");
    for (const char* required : {"policy", "x-amz-credential", "x-amz-algorithm", "x-amz-date", "x-amz-signature"})
        if (!field(required))
            return s3_error(400, "InvalidArgument", std::string("Bucket POST must contain a field named '") + required + "'.");
    if (field("x-amz-signature")->data != std::to_string(hash64(m->id, opts.seed)))
        return s3_error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
    if (m->bytes != 0) return s3_error(403, "AccessDenied", "Invalid according to Policy: this upload has already been used.");
    if (file->data.empty()) return s3_error(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size.");
    if (file->data.size() > kMaxVideoBytes)
        return s3_error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.");
    m->uploaded_ms = c.now;
    m->bytes = file->data.size();
    m->playable = looks_like_video(file->data);
    Response r;
    r.status = 204;
    return r;
}

}  // namespace pinlab::emu
