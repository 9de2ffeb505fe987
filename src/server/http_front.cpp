// http_front.cpp — the event loop, the bounded request reader and the worker pool in front of
// cpp-httplib (see http_front.h for why).
#include "server/http_front.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace pinlab::server {

namespace {

using Clock = std::chrono::steady_clock;

bool ieq(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

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

// Paths whose refusals carry Pinterest's JSON error body; the rest (the page's files) get text.
bool is_api_target(std::string_view t) {
    for (std::string_view p : {"/v5", "/oauth", "/media", "/_emulator", "/broker", "/proxy"})
        if (t.substr(0, p.size()) == p && (t.size() == p.size() || t[p.size()] == '/' || t[p.size()] == '?'))
            return true;
    return false;
}

const char* status_text(int status) {
    switch (status) {
        case 400: return "Bad Request";
        case 408: return "Request Timeout";
        case 413: return "Payload Too Large";
        case 414: return "URI Too Long";
        case 417: return "Expectation Failed";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        case 501: return "Not Implemented";
        case 503: return "Service Unavailable";
        default: return "Error";
    }
}

std::string json_escape(const std::string& s) {
    std::string o;
    for (char c : s) {
        if (c == '"' || c == '\\') o += '\\';
        if (static_cast<unsigned char>(c) < 0x20) continue;
        o += c;
    }
    return o;
}

// A refusal written by the front itself; the connection closes after it.
std::string refusal(int status, const std::string& message, bool api) {
    std::string body = api ? "{\"code\":" + std::to_string(status) + ",\"message\":\"" + json_escape(message) + "\"}"
                           : message + "\n";
    std::string r = "HTTP/1.1 " + std::to_string(status) + " " + status_text(status) + "\r\n";
    r += api ? "Content-Type: application/json\r\n" : "Content-Type: text/plain; charset=utf-8\r\n";
    r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    if (status == 429 || status == 503) r += "Retry-After: 1\r\n";
    r += "Connection: close\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n\r\n";
    return r + body;
}

std::string numeric_host(const sockaddr_storage& sa, socklen_t len, int* port) {
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&sa), len, host, sizeof host, serv, sizeof serv,
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        return {};
    *port = std::atoi(serv);
    return host;
}

thread_local ConnectionEffects t_effects;

}  // namespace

ConnectionEffects& current_connection_effects() { return t_effects; }

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
    size_t i = 0;
    while (i < head.size()) {
        size_t nl = head.find('\n', i);
        if (nl == std::string_view::npos) nl = head.size();
        std::string_view line = head.substr(i, nl - i);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.size() > (lines.empty() ? limits.max_header_line : limits.max_header_line))
            return fail(lines.empty() ? 414 : 431, lines.empty() ? "request line too long" : "header line too long");
        if (line.empty()) {
            if (lines.empty()) {  // blank lines before the request line are tolerated (RFC 9112 §2.2)
                i = nl + 1;
                continue;
            }
            break;
        }
        lines.push_back(line);
        if (lines.size() > limits.max_header_count + 1) return fail(431, "too many header fields");
        i = nl + 1;
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
        if (ieq(name, "Content-Length")) {
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
        if (ieq(name, "Transfer-Encoding")) {
            if (!ieq(value, "chunked") || out.chunked) return fail(501, "unsupported transfer coding");
            out.chunked = true;
            continue;
        }
        if (ieq(name, "Expect")) {
            if (!ieq(value, "100-continue")) return fail(417, "unsupported expectation");
            out.expect_continue = true;
            continue;  // answered by the front; httplib must not answer it again
        }
        if (ieq(name, "Range")) {
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

// [SECTION] Connections ----------------------------------------------------------------------------

namespace {

enum class Phase { Head, Body, Busy, Delayed, Writing, Lingering };

struct Conn {
    int fd = -1;
    std::string peer, local;
    int peer_port = 0, local_port = 0;
    Phase phase = Phase::Head;
    Clock::time_point deadline;
    std::string in;            // bytes received and not yet consumed
    size_t head_scan = 0;      // where the search for the blank line resumes
    size_t line_start = 0;     // start of the head line being received
    size_t line_count = 0;     // head lines complete so far
    ParsedHead head;
    size_t head_len = 0;
    ChunkedDecoder chunks;
    size_t chunk_pos = 0;
    std::string body;
    std::string request;       // the normalised request handed to the worker
    std::string out;           // answer bytes still to send
    size_t out_off = 0;
    bool close_after = false;
    bool continue_sent = false;
    bool peer_closed = false;  // the client shut down its side (its last request may still be here)
    int requests = 0;
    uint32_t events = 0;       // what epoll waits for
    bool in_epoll = false;
};

// Reads the request from memory and writes the answer to memory: httplib sees a plain Stream.
class MemoryStream : public httplib::Stream {
public:
    MemoryStream(const Conn& c, std::string& out) : c_(c), out_(out) {}
    bool is_readable() const override { return pos_ < c_.request.size(); }
    bool is_writable() const override { return true; }
    ssize_t read(char* ptr, size_t size) override {
        size_t n = std::min(size, c_.request.size() - pos_);
        std::memcpy(ptr, c_.request.data() + pos_, n);
        pos_ += n;
        return static_cast<ssize_t>(n);
    }
    ssize_t write(const char* ptr, size_t size) override {
        out_.append(ptr, size);
        return static_cast<ssize_t>(size);
    }
    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = c_.peer;
        port = c_.peer_port;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        ip = c_.local;
        port = c_.local_port;
    }
    socket_t socket() const override { return c_.fd; }

private:
    const Conn& c_;
    std::string& out_;
    size_t pos_ = 0;
};

}  // namespace

struct HttpFront::Impl {
    RequestProcessor& processor;
    Limits limits;
    Log log;
    std::atomic<size_t>& open;

    int listen_fd = -1, epoll_fd = -1, wake_fd = -1;
    std::atomic<bool> stopping{false};
    std::thread loop_thread;
    std::vector<std::thread> workers;

    // Loop-owned.
    std::unordered_map<int, std::unique_ptr<Conn>> conns;
    std::unordered_map<std::string, int> per_peer;
    std::vector<Conn*> delayed;
    Clock::time_point last_sweep;

    // Shared with workers.
    std::mutex mu;
    std::condition_variable cv;
    std::deque<Conn*> jobs;
    struct Done {
        Conn* conn;
        std::string out;
        bool close;
        bool drop;
        int64_t delay_ms;
    };
    std::vector<Done> done;

    Impl(RequestProcessor& p, const Limits& l, Log lg, std::atomic<size_t>& o)
        : processor(p), limits(l), log(std::move(lg)), open(o) {}

    void run_loop();
    void worker();
    void accept_all();
    void on_readable(Conn& c);
    void on_writable(Conn& c);
    void advance(Conn& c);  // parse what is buffered; may queue, refuse or wait
    void refuse(Conn& c, int status, const std::string& why, bool api);
    void start_write(Conn& c);
    void close_conn(Conn& c);
    void watch(Conn& c, uint32_t events);
    void sweep(Clock::time_point now);
    void take_done();
    void back_to_reading(Conn& c);
};

void HttpFront::Impl::watch(Conn& c, uint32_t events) {
    if (c.in_epoll && c.events == events) return;
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = c.fd;
    if (!c.in_epoll) {
        if (events == 0) return;
        ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c.fd, &ev);
        c.in_epoll = true;
    } else if (events == 0) {
        ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
        c.in_epoll = false;
    } else {
        ::epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c.fd, &ev);
    }
    c.events = events;
}

void HttpFront::Impl::close_conn(Conn& c) {
    int fd = c.fd;
    if (c.in_epoll) ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
    auto pp = per_peer.find(c.peer);
    if (pp != per_peer.end() && --pp->second <= 0) per_peer.erase(pp);
    delayed.erase(std::remove(delayed.begin(), delayed.end(), &c), delayed.end());
    conns.erase(fd);  // destroys c
    open = conns.size();
}

void HttpFront::Impl::accept_all() {
    for (int n = 0; n < 256; ++n) {
        sockaddr_storage sa{};
        socklen_t len = sizeof sa;
        int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&sa), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return;  // EAGAIN, or out of descriptors (retried on the next wake-up)
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        auto c = std::make_unique<Conn>();
        c->fd = fd;
        c->peer = numeric_host(sa, len, &c->peer_port);
        sockaddr_storage la{};
        socklen_t ll = sizeof la;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&la), &ll) == 0) c->local = numeric_host(la, ll, &c->local_port);
        c->deadline = Clock::now() + std::chrono::milliseconds(limits.idle_timeout_ms);
        Conn& ref = *c;
        conns[fd] = std::move(c);
        int& mine = per_peer[ref.peer];
        ++mine;
        open = conns.size();
        if (static_cast<int>(conns.size()) > limits.max_connections) {
            refuse(ref, 503, "too many connections", true);
            continue;
        }
        if (limits.max_connections_per_peer > 0 && mine > limits.max_connections_per_peer) {
            refuse(ref, 429, "too many connections from this address", true);
            continue;
        }
        watch(ref, EPOLLIN | EPOLLRDHUP);
    }
}

void HttpFront::Impl::refuse(Conn& c, int status, const std::string& why, bool api) {
    if (log) log(c.peer + " \"" + (c.head.method.empty() ? "-" : c.head.method) + " -\" " + std::to_string(status) +
                 " refused: " + why);
    c.out = refusal(status, why, api);
    c.out_off = 0;
    c.close_after = true;
    start_write(c);
}

void HttpFront::Impl::start_write(Conn& c) {
    c.phase = Phase::Writing;
    c.deadline = Clock::now() + std::chrono::milliseconds(limits.write_timeout_ms);
    on_writable(c);
}

void HttpFront::Impl::on_writable(Conn& c) {
    while (c.out_off < c.out.size()) {
        ssize_t n = ::send(c.fd, c.out.data() + c.out_off, c.out.size() - c.out_off, MSG_NOSIGNAL);
        if (n > 0) {
            c.out_off += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            watch(c, EPOLLOUT);  // not RDHUP: a half-closed peer would wake us in a loop
            return;
        }
        if (n < 0 && errno == EINTR) continue;
        return close_conn(c);
    }
    std::string().swap(c.out);
    c.out_off = 0;
    if (c.close_after) {
        // Lingering close: stop sending, keep reading (and dropping) briefly, so the refusal is
        // not lost to a reset caused by unread request bytes.
        ::shutdown(c.fd, SHUT_WR);
        c.phase = Phase::Lingering;
        c.in.clear();
        c.deadline = Clock::now() + std::chrono::milliseconds(2000);
        watch(c, EPOLLIN | EPOLLRDHUP);
        return;
    }
    back_to_reading(c);
}

void HttpFront::Impl::back_to_reading(Conn& c) {
    c.phase = Phase::Head;
    c.head = ParsedHead{};
    c.head_scan = 0;
    c.line_start = 0;
    c.line_count = 0;
    c.head_len = 0;
    c.chunks = ChunkedDecoder{};
    c.chunk_pos = 0;
    std::string().swap(c.body);
    std::string().swap(c.request);
    c.continue_sent = false;
    c.deadline = Clock::now() + std::chrono::milliseconds(c.in.empty() ? limits.idle_timeout_ms : limits.header_timeout_ms);
    watch(c, EPOLLIN | EPOLLRDHUP);
    if (!c.in.empty()) advance(c);  // a pipelined request is already here
}

void HttpFront::Impl::on_readable(Conn& c) {
    char buf[16384];
    // Bounded per wake-up so one fast sender cannot starve the others (level-triggered: we return).
    for (int round = 0; round < 4; ++round) {
        ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
        if (n == 0) {
            c.peer_closed = true;
            break;
        }
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            if (errno == EINTR) continue;
            return close_conn(c);
        }
        if (c.phase == Phase::Lingering) continue;  // dropped
        if (c.phase == Phase::Head && c.in.empty())
            c.deadline = Clock::now() + std::chrono::milliseconds(limits.header_timeout_ms);
        c.in.append(buf, static_cast<size_t>(n));
        if (c.phase == Phase::Head && c.in.size() > limits.max_header_bytes + 4) break;  // advance() refuses
    }
    if (c.phase == Phase::Lingering) {
        if (c.peer_closed) close_conn(c);
        return;
    }
    const int fd = c.fd;
    advance(c);  // may close (and free) c
    auto it = conns.find(fd);
    if (it == conns.end()) return;
    Conn& still = *it->second;
    if (still.peer_closed) {
        if (still.phase == Phase::Head || still.phase == Phase::Body) close_conn(still);  // nothing more will come
        else still.close_after = true;
    }
}

void HttpFront::Impl::advance(Conn& c) {
    if (c.phase == Phase::Head) {
        // Find the blank line that ends the head, checking each line as it completes (a line is
        // refused as soon as it is too long, never buffered whole).
        size_t end = std::string::npos;
        size_t i = c.head_scan;
        for (; i < c.in.size(); ++i) {
            if (c.in[i] != '\n') continue;
            size_t len = i - c.line_start;
            if (len > 0 && c.in[i - 1] == '\r') --len;
            if (len == 0) {
                if (c.line_count > 0) {
                    end = i + 1;
                    break;
                }
                c.line_start = i + 1;  // blank lines before the request line are tolerated
                continue;
            }
            if (len > limits.max_header_line)
                return refuse(c, c.line_count == 0 ? 414 : 431,
                              c.line_count == 0 ? "request line too long" : "header line too long",
                              c.line_count > 0 || is_api_target(std::string_view(c.in).substr(c.line_start, len)));
            if (++c.line_count > limits.max_header_count + 1) return refuse(c, 431, "too many header fields", true);
            c.line_start = i + 1;
        }
        if (end == std::string::npos) {
            c.head_scan = c.in.size();
            // Incomplete: refuse as soon as a limit is certainly exceeded.
            if (c.in.size() - c.line_start > limits.max_header_line + 1)
                return refuse(c, c.line_count == 0 ? 414 : 431,
                              c.line_count == 0 ? "request line too long" : "header line too long",
                              c.line_count > 0 || is_api_target(std::string_view(c.in).substr(c.line_start)));
            if (c.in.size() > limits.max_header_bytes) return refuse(c, 431, "request headers too large", true);
            return;
        }
        c.head = parse_request_head(std::string_view(c.in).substr(0, end), limits);
        if (c.head.status != 0) return refuse(c, c.head.status, c.head.reason, c.head.api);
        c.head_len = end;
        c.chunk_pos = end;
        c.phase = Phase::Body;
        c.deadline = Clock::now() + std::chrono::milliseconds(limits.body_timeout_ms);
        bool has_body = c.head.chunked || c.head.content_length > 0;
        if (has_body && c.head.expect_continue && c.in.size() == end) {
            // The client waits for this before sending the body (the size was checked above).
            static const char k100[] = "HTTP/1.1 100 Continue\r\n\r\n";
            ::send(c.fd, k100, sizeof k100 - 1, MSG_NOSIGNAL);
        }
    }
    if (c.phase != Phase::Body) return;
    size_t consumed = 0;
    if (c.head.chunked) {
        auto r = c.chunks.feed(c.in, c.chunk_pos, c.body, limits.max_body_bytes);
        if (r == ChunkedDecoder::TooLarge) return refuse(c, 413, "request body too large", c.head.api);
        if (r == ChunkedDecoder::Bad) return refuse(c, 400, "malformed chunked body", c.head.api);
        if (r == ChunkedDecoder::NeedMore) {
            // Drop decoded bytes from the buffer so it holds at most one read's worth of framing.
            c.in.erase(c.head_len, c.chunk_pos - c.head_len);
            c.chunk_pos = c.head_len;
            return;
        }
        consumed = c.chunk_pos;
    } else {
        if (c.in.size() - c.head_len < c.head.content_length) return;
        c.body.assign(c.in, c.head_len, c.head.content_length);
        consumed = c.head_len + c.head.content_length;
    }
    // Complete: the normalised request for httplib, and whatever follows stays for next time.
    c.request = std::move(c.head.normalized);
    if (!c.body.empty() || c.head.chunked || c.head.content_length > 0)
        c.request += "Content-Length: " + std::to_string(c.body.size()) + "\r\n";
    c.request += "\r\n";
    c.request += c.body;
    std::string().swap(c.body);
    c.in.erase(0, consumed);
    {
        std::lock_guard<std::mutex> lock(mu);
        if (static_cast<int>(jobs.size()) >= limits.max_queued_requests)
            return refuse(c, 503, "server busy", c.head.api);
        c.phase = Phase::Busy;
        watch(c, 0);  // the worker owns it until it is handed back
        jobs.push_back(&c);
    }
    cv.notify_one();
}

void HttpFront::Impl::worker() {
    while (true) {
        Conn* c = nullptr;
        {
            std::unique_lock<std::mutex> lock(mu);
            cv.wait(lock, [&] { return stopping.load() || !jobs.empty(); });
            if (stopping.load() && jobs.empty()) return;
            c = jobs.front();
            jobs.pop_front();
        }
        std::string out;
        MemoryStream strm(*c, out);
        t_effects = ConnectionEffects{};
        bool closed = false;
        bool close = ++c->requests >= limits.keep_alive_max_requests || stopping.load();
        bool ok = processor.process_request(strm, close, closed, nullptr);
        Done d{c, std::move(out), close || closed || !ok, t_effects.drop, t_effects.delay_ms};
        {
            std::lock_guard<std::mutex> lock(mu);
            done.push_back(std::move(d));
        }
        uint64_t one = 1;
        ssize_t w = ::write(wake_fd, &one, sizeof one);
        (void)w;
    }
}

void HttpFront::Impl::take_done() {
    std::vector<Done> ready;
    {
        std::lock_guard<std::mutex> lock(mu);
        ready.swap(done);
    }
    for (Done& d : ready) {
        Conn& c = *d.conn;
        if (d.drop) {
            ::shutdown(c.fd, SHUT_RDWR);
            close_conn(c);
            continue;
        }
        c.out = std::move(d.out);
        c.out_off = 0;
        c.close_after = d.close || c.peer_closed;
        if (d.delay_ms > 0) {
            c.phase = Phase::Delayed;
            c.deadline = Clock::now() + std::chrono::milliseconds(d.delay_ms);
            delayed.push_back(&c);
            continue;
        }
        start_write(c);
    }
}

void HttpFront::Impl::sweep(Clock::time_point now) {
    std::vector<Conn*> due;
    for (auto& [fd, c] : conns)
        if (c->phase != Phase::Busy && c->phase != Phase::Delayed && c->deadline <= now) due.push_back(c.get());
    for (Conn* c : due) {
        if (c->phase == Phase::Head && !c->in.empty()) refuse(*c, 408, "request headers not received in time", true);
        else if (c->phase == Phase::Body) refuse(*c, 408, "request body not received in time", c->head.api);
        else close_conn(*c);  // idle, or not reading its answer, or done lingering
    }
}

void HttpFront::Impl::run_loop() {
    std::vector<epoll_event> events(256);
    last_sweep = Clock::now();
    while (!stopping.load()) {
        int timeout = delayed.empty() ? 100 : 5;
        int n = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), timeout);
        for (int i = 0; i < n; ++i) {
            int fd = events[i].data.fd;
            if (fd == listen_fd) {
                accept_all();
                continue;
            }
            if (fd == wake_fd) {
                uint64_t v;
                ssize_t r = ::read(wake_fd, &v, sizeof v);
                (void)r;
                take_done();
                continue;
            }
            auto it = conns.find(fd);
            if (it == conns.end()) continue;
            Conn& c = *it->second;
            uint32_t e = events[i].events;
            if (c.phase == Phase::Writing && (e & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
                on_writable(c);
                continue;
            }
            if (e & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP)) {
                if (c.phase == Phase::Head || c.phase == Phase::Body || c.phase == Phase::Lingering) on_readable(c);
                else if (e & (EPOLLERR | EPOLLHUP)) close_conn(c);
            }
        }
        auto now = Clock::now();
        if (!delayed.empty()) {
            std::vector<Conn*> due;
            for (Conn* c : delayed)
                if (c->deadline <= now) due.push_back(c);
            for (Conn* c : due) {
                delayed.erase(std::remove(delayed.begin(), delayed.end(), c), delayed.end());
                start_write(*c);
            }
        }
        if (now - last_sweep >= std::chrono::milliseconds(50)) {
            last_sweep = now;
            sweep(now);
        }
    }
}

// [SECTION] HttpFront ------------------------------------------------------------------------------

HttpFront::HttpFront(RequestProcessor& processor, const Limits& limits, Log log)
    : impl_(std::make_unique<Impl>(processor, limits, std::move(log), open_)) {}

HttpFront::~HttpFront() { stop(); }

bool HttpFront::bind(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* res = nullptr;
    std::string service = std::to_string(port);
    bind_error_.clear();
    if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &res); rc != 0) {
        bind_error_ = std::string("cannot resolve host (") + gai_strerror(rc) + ")";
        return false;
    }
    int fd = -1, err = 0;
    for (addrinfo* ai = res; ai; ai = ai->ai_next) {
        fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            err = errno;
            continue;
        }
        // SO_REUSEADDR only: SO_REUSEPORT would let a second server silently share the port.
        int yes = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (::bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && ::listen(fd, 1024) == 0) break;
        err = errno;
        ::close(fd);
        fd = -1;
    }
    ::freeaddrinfo(res);
    if (fd < 0) {
        switch (err) {
            case EADDRINUSE: bind_error_ = "address already in use (try --port N)"; break;
            case EACCES: bind_error_ = "permission denied (ports below 1024 need privileges; try --port N)"; break;
            case EADDRNOTAVAIL: bind_error_ = "address not available on this machine (try --host 127.0.0.1)"; break;
            default: bind_error_ = err ? std::strerror(err) : "listen failed";
        }
        return false;
    }
    sockaddr_storage sa{};
    socklen_t len = sizeof sa;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
    port_ = ntohs(sa.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&sa)->sin6_port
                                           : reinterpret_cast<sockaddr_in*>(&sa)->sin_port);
    impl_->listen_fd = fd;
    return true;
}

void HttpFront::start() {
    Impl& im = *impl_;
    im.epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
    im.wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = im.listen_fd;
    ::epoll_ctl(im.epoll_fd, EPOLL_CTL_ADD, im.listen_fd, &ev);
    ev.data.fd = im.wake_fd;
    ::epoll_ctl(im.epoll_fd, EPOLL_CTL_ADD, im.wake_fd, &ev);
    int threads = std::max(1, im.limits.threads);
    for (int i = 0; i < threads; ++i) im.workers.emplace_back([&im] { im.worker(); });
    im.loop_thread = std::thread([&im] { im.run_loop(); });
}

void HttpFront::stop() {
    if (!impl_) return;
    Impl& im = *impl_;
    if (im.stopping.exchange(true)) return;
    {
        std::lock_guard<std::mutex> lock(im.mu);
        im.jobs.clear();  // queued requests are not started
    }
    im.cv.notify_all();
    for (auto& t : im.workers)
        if (t.joinable()) t.join();
    if (im.loop_thread.joinable()) im.loop_thread.join();
    for (auto& [fd, c] : im.conns) ::close(fd);
    im.conns.clear();
    open_ = 0;
    if (im.listen_fd >= 0) ::close(im.listen_fd);
    if (im.epoll_fd >= 0) ::close(im.epoll_fd);
    if (im.wake_fd >= 0) ::close(im.wake_fd);
    im.listen_fd = im.epoll_fd = im.wake_fd = -1;
}

}  // namespace pinlab::server
