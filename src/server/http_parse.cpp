// http_parse.cpp — the front's request reading, apart from its event loop: the request head (line,
// fields, framing, ranges) and the chunked body decoder (see http_parse.h).
#include "server/http_parse.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>
#include <vector>

#include "core/text.h"

namespace pinlab::server {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool is_token_char(char c) {
    if (c >= 'a' && c <= 'z') return true;
    if (c >= 'A' && c <= 'Z') return true;
    if (c >= '0' && c <= '9') return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

}  // namespace

bool is_api_target(std::string_view t) {
    for (std::string_view p : {"/v5", "/oauth", "/media", "/_emulator", "/broker", "/proxy"})
        if (t.substr(0, p.size()) == p && (t.size() == p.size() || t[p.size()] == '/' || t[p.size()] == '?'))
            return true;
    return false;
}

std::string last_forwarded_address(std::string_view forwarded_for) {
    size_t comma = forwarded_for.rfind(',');
    std::string last(trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1)));
    unsigned char buf[sizeof(in6_addr)];
    if (last.empty() || last.size() > 45) return {};
    if (::inet_pton(AF_INET, last.c_str(), buf) != 1 && ::inet_pton(AF_INET6, last.c_str(), buf) != 1) return {};
    return last;
}

// [SECTION] Head parsing ---------------------------------------------------------------------------

ParsedHead parse_request_head(std::string_view head, const Limits& limits) {
    ParsedHead out;
    auto fail = [&](int status, std::string why) {
        out.status = status;
        out.reason = std::move(why);
        return out;
    };
    if (head.size() > limits.max_header_bytes) return fail(431, "request headers too large");
    // Split into lines (CRLF or bare LF), each within the line limit.
    std::vector<std::string_view> lines;
    for (std::string_view line : split_views(head, '\n')) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.size() > limits.max_header_line)
            return fail(lines.empty() ? 414 : 431, lines.empty() ? "request line too long" : "header line too long");
        if (line.empty()) {
            if (lines.empty()) continue;  // blank lines before the request line are tolerated (RFC 9112 §2.2)
            break;
        }
        lines.push_back(line);
        if (lines.size() > limits.max_header_count + 1) return fail(431, "too many header fields");
    }
    if (lines.empty()) return fail(400, "empty request");

    // Request line: METHOD SP target SP HTTP/1.x
    std::string_view rl = lines[0];
    size_t s1 = rl.find(' ');
    size_t s2 = s1 == std::string_view::npos ? s1 : rl.find(' ', s1 + 1);
    if (s1 == std::string_view::npos || s2 == std::string_view::npos || rl.find(' ', s2 + 1) != std::string_view::npos)
        return fail(400, "malformed request line");
    out.method = std::string(rl.substr(0, s1));
    out.target = std::string(rl.substr(s1 + 1, s2 - s1 - 1));
    out.version = std::string(rl.substr(s2 + 1));
    out.api = out.target.empty() || out.target[0] != '/' || is_api_target(out.target);
    if (out.method.empty() || out.target.empty()) return fail(400, "malformed request line");
    for (char c : out.method)
        if (!is_token_char(c)) return fail(400, "malformed method");
    for (char c : out.target)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return fail(400, "malformed target");
    if (out.version != "HTTP/1.1" && out.version != "HTTP/1.0") return fail(400, "unsupported HTTP version");

    out.normalized.reserve(head.size());
    out.normalized.append(rl.data(), rl.size()).append("\r\n");
    bool have_length = false;
    int range_count = 0;
    std::string range_value;
    for (size_t k = 1; k < lines.size(); ++k) {
        std::string_view line = lines[k];
        if (line[0] == ' ' || line[0] == '\t') return fail(400, "obsolete header folding");
        size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) return fail(400, "malformed header field");
        std::string_view name = line.substr(0, colon);
        for (char c : name)
            if (!is_token_char(c)) return fail(400, "malformed header name");
        std::string_view value = trim(line.substr(colon + 1));
        for (char c : value)
            if (c == '\0' || c == '\r') return fail(400, "malformed header value");
        if (iequals(name, "Content-Length")) {
            if (value.empty() || value.size() > 18) return fail(400, "bad Content-Length");
            size_t v = 0;
            for (char c : value) {
                if (c < '0' || c > '9') return fail(400, "bad Content-Length");
                v = v * 10 + static_cast<size_t>(c - '0');
            }
            if (have_length && v != out.content_length) return fail(400, "conflicting Content-Length");
            have_length = true;
            out.content_length = v;
            continue;  // re-added below from what is actually forwarded
        }
        if (iequals(name, "Transfer-Encoding")) {
            if (!iequals(value, "chunked") || out.chunked) return fail(501, "unsupported transfer coding");
            out.chunked = true;
            continue;
        }
        if (iequals(name, "Expect")) {
            if (!iequals(value, "100-continue")) return fail(417, "unsupported expectation");
            out.expect_continue = true;
            continue;  // answered by the front; httplib must not answer it again
        }
        if (iequals(name, "X-Forwarded-For")) out.forwarded_for = std::string(value);  // kept for httplib too
        if (iequals(name, "Range")) {
            ++range_count;
            range_value = std::string(value);
            continue;
        }
        out.normalized.append(name.data(), name.size()).append(": ").append(value.data(), value.size()).append("\r\n");
    }
    if (out.chunked && have_length) return fail(400, "both Content-Length and Transfer-Encoding");
    if (!out.chunked && out.content_length > limits.max_body_bytes) return fail(413, "request body too large");
    // One Range field with at most max_ranges ranges is passed on; anything else is ignored, so
    // the answer is the whole resource (a list of overlapping ranges would multiply it).
    if (range_count == 1) {
        int n = 1;
        for (char c : range_value) n += c == ',';
        if (n <= limits.max_ranges) out.normalized += "Range: " + range_value + "\r\n";
    }
    return out;
}

// [SECTION] Chunked bodies -------------------------------------------------------------------------

ChunkedDecoder::Result ChunkedDecoder::feed(std::string_view data, size_t& pos, std::string& body, size_t max_body) {
    constexpr size_t kMaxSizeLine = 1024, kMaxTrailer = 16 * 1024;
    while (true) {
        switch (stage_) {
            case Size: {
                size_t nl = data.find('\n', pos);
                if (nl == std::string_view::npos) return data.size() - pos > kMaxSizeLine ? Bad : NeedMore;
                std::string_view line = data.substr(pos, nl - pos);
                if (line.size() > kMaxSizeLine) return Bad;
                if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
                size_t semi = line.find(';');
                std::string_view hex = trim(line.substr(0, semi));
                if (hex.empty() || hex.size() > 15) return Bad;
                size_t v = 0;
                for (char c : hex) {
                    int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                                                             : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
                    if (d < 0) return Bad;
                    v = v * 16 + static_cast<size_t>(d);
                }
                pos = nl + 1;
                if (v == 0) {
                    stage_ = Trailer;
                    break;
                }
                if (v > max_body || body.size() + v > max_body) return TooLarge;
                left_ = v;
                stage_ = Data;
                break;
            }
            case Data: {
                size_t n = std::min(left_, data.size() - pos);
                body.append(data.data() + pos, n);
                pos += n;
                left_ -= n;
                if (left_ > 0) return NeedMore;
                stage_ = DataEnd;
                break;
            }
            case DataEnd: {
                if (pos >= data.size()) return NeedMore;
                if (data[pos] == '\r') {
                    if (pos + 1 >= data.size()) return NeedMore;
                    if (data[pos + 1] != '\n') return Bad;
                    pos += 2;
                } else if (data[pos] == '\n') {
                    pos += 1;
                } else {
                    return Bad;
                }
                stage_ = Size;
                break;
            }
            case Trailer: {  // trailer fields are read and dropped, up to a bound
                size_t nl = data.find('\n', pos);
                if (nl == std::string_view::npos) return trailer_bytes_ + (data.size() - pos) > kMaxTrailer ? Bad : NeedMore;
                std::string_view line = data.substr(pos, nl - pos);
                trailer_bytes_ += line.size() + 1;
                if (trailer_bytes_ > kMaxTrailer) return Bad;
                pos = nl + 1;
                if (line.empty() || line == "\r") return Done;
                break;
            }
        }
    }
}

}  // namespace pinlab::server
