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
#include <cstdint>
#include <cstring>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/text.h"
#include "server/http_text.h"
#include "server/worker_queue.h"

namespace pinlab::server {

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kKeepBuffer = 64 * 1024;  // a connection's read buffer is shrunk back past this

std::string numeric_host(const sockaddr_storage& sa, socklen_t len, int* port) {
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&sa), len, host, sizeof host, serv, sizeof serv,
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        return {};
    *port = std::atoi(serv);
    return host;
}

thread_local ConnectionEffects t_effects;
thread_local std::string t_form_type;  // hide_form_type: the Content-Type taken away from httplib

}  // namespace

ConnectionEffects& current_connection_effects() { return t_effects; }

// The request is httplib's own (a local of process_request, not const there), still unread.
void hide_form_type(const httplib::Request& req) {
    auto& r = const_cast<httplib::Request&>(req);
    t_form_type.clear();
    if (!r.is_multipart_form_data()) return;
    t_form_type = r.get_header_value("Content-Type");
    r.headers.erase("Content-Type");
}

void restore_form_type(const httplib::Request& req) {
    if (t_form_type.empty()) return;
    const_cast<httplib::Request&>(req).headers.emplace("Content-Type", std::move(t_form_type));
    t_form_type.clear();
}

// [SECTION] Connections ----------------------------------------------------------------------------

namespace {

enum class Phase { Head, Body, Busy, Delayed, Writing, Lingering };

// An answer to send: its own bytes, then perhaps a slice of immutable shared bytes (sent from where
// they are, not copied: a stored image read slowly by many), then its own bytes after that slice.
struct Answer {
    std::string head;
    std::shared_ptr<const std::string> shared;
    size_t from = 0, len = 0;
    std::string tail;
    size_t size() const { return head.size() + len + tail.size(); }
    std::string_view piece(int i) const {
        if (i == 0) return head;
        if (i == 1) return shared ? std::string_view(shared->data() + from, len) : std::string_view();
        return tail;
    }
};

struct Conn {
    int fd = -1;
    std::string peer, local;
    std::string client;        // who sent the current request: the peer, or whom a trusted proxy names
    int peer_port = 0, local_port = 0;
    bool counted = false;      // holds a place under the connection limits (closing ones do not)
    size_t out_counted = 0;    // own bytes of `out` in the front's queued_out (shared ones: shared_refs)
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
    std::string request;       // the normalised request handed to the worker (a length-framed body grows in it)
    size_t body_got = 0;       // body bytes of a length-framed request moved into `request` so far
    Answer out;                // the answer being sent
    int out_piece = 0;         // which of its pieces (Answer::piece) is going out
    size_t out_off = 0;        // and how far into it
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
    MemoryStream(const Conn& c, Answer& out) : c_(c), out_(out) {}
    bool is_readable() const override { return pos_ < c_.request.size(); }
    bool is_writable() const override { return true; }
    ssize_t read(char* ptr, size_t size) override {
        size_t n = std::min(size, c_.request.size() - pos_);
        std::memcpy(ptr, c_.request.data() + pos_, n);
        pos_ += n;
        return static_cast<ssize_t>(n);
    }
    ssize_t write(const char* ptr, size_t size) override {
        // Bytes from inside the handler's shared body, continuing the slice taken so far: referenced.
        const auto& sb = t_effects.shared_body;
        const auto at = reinterpret_cast<uintptr_t>(ptr);
        const auto base = sb ? reinterpret_cast<uintptr_t>(sb->data()) : 0;
        const bool inside = sb && at >= base && at + size <= base + sb->size();
        if (inside && out_.tail.empty() && (!out_.shared || (out_.shared == sb && out_.from + out_.len == at - base))) {
            if (!out_.shared) {
                out_.shared = sb;
                out_.from = at - base;
            }
            out_.len += size;
        } else {
            (out_.shared ? out_.tail : out_.head).append(ptr, size);
        }
        return static_cast<ssize_t>(size);
    }
    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = c_.client.empty() ? c_.peer : c_.client;
        port = c_.peer_port;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        ip = c_.local;
        port = c_.local_port;
    }
    socket_t socket() const override { return c_.fd; }

private:
    const Conn& c_;
    Answer& out_;
    size_t pos_ = 0;
};

}  // namespace

struct HttpFront::Impl {
    RequestProcessor& processor;
    Limits limits;
    Log log;

    int listen_fd = -1, epoll_fd = -1, wake_fd = -1;
    std::atomic<bool> stopping{false};
    std::thread loop_thread;
    std::vector<std::thread> workers;

    // Loop-owned.
    std::unordered_map<int, std::unique_ptr<Conn>> conns;
    std::unordered_map<std::string, int> per_peer;  // counted connections per address
    int active = 0;                                 // counted connections
    int lingering = 0;                              // closing connections (not counted)
    std::vector<std::string> trusted;               // --trusted-proxy
    std::atomic<size_t> queued_out{0};              // answer bytes not yet sent, all connections
    std::unordered_map<const std::string*, int> shared_refs;  // shared bodies being sent: by how many
    std::atomic<size_t> buffered{0};                // what connection buffers hold (sweep counts it)
    std::vector<Conn*> delayed;
    Clock::time_point last_sweep;

    // Shared with workers.
    WorkerQueue<Conn*> jobs;
    std::mutex mu;  // done
    struct Done {
        Conn* conn;
        Answer out;
        bool close;
        bool drop;
        int64_t delay_ms;
    };
    std::vector<Done> done;

    Impl(RequestProcessor& p, const Limits& l, Log lg, std::vector<std::string> t)
        : processor(p), limits(l), log(std::move(lg)), trusted(std::move(t)), jobs(std::max(1, l.threads)) {}

    void run_loop();
    void worker(int w);
    void accept_all();
    void on_readable(Conn& c);
    void on_writable(Conn& c);
    void advance(Conn& c);  // parse what is buffered; may queue, refuse or wait
    void start_request(Conn& c, size_t body_size);  // the normalised head into `request`, room for the body
    void refuse(Conn& c, int status, const std::string& why, bool api);
    void start_write(Conn& c);
    void close_conn(Conn& c);
    void watch(Conn& c, uint32_t events);
    void sweep(Clock::time_point now);
    void take_done();
    void back_to_reading(Conn& c);
    void uncount(Conn& c);
    bool make_room_for(const std::string& peer);
    void set_out(Conn& c, Answer out);
    size_t added_bytes(const Answer& a) const;  // what queued_out would grow by
    void release_out(Conn& c);
    bool is_trusted(const std::string& peer) const {
        return std::find(trusted.begin(), trusted.end(), peer) != trusted.end();
    }
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
    uncount(c);
    release_out(c);
    if (c.phase == Phase::Lingering) --lingering;
    delayed.erase(std::remove(delayed.begin(), delayed.end(), &c), delayed.end());
    conns.erase(fd);  // destroys c
}

void HttpFront::Impl::uncount(Conn& c) {
    if (!c.counted) return;
    c.counted = false;
    --active;
    auto pp = per_peer.find(c.peer);
    if (pp != per_peer.end() && --pp->second <= 0) per_peer.erase(pp);
}

// At the connection limit, a newcomer from an address with fewer connections than the busiest one
// takes the place of one of that address's connections that is not being served (idle first, then
// one still sending its request), so no address holds more than its share while others wait.
bool HttpFront::Impl::make_room_for(const std::string& peer) {
    auto it = per_peer.find(peer);
    const int mine = it == per_peer.end() ? 0 : it->second;
    const std::string* busiest = nullptr;
    int most = 0;
    for (const auto& [addr, n] : per_peer)
        if (n > most && !is_trusted(addr)) {
            most = n;
            busiest = &addr;
        }
    if (!busiest || most <= mine + 1) return false;
    Conn* victim = nullptr;
    int rank = 3;
    for (auto& [fd, c] : conns) {
        if (!c->counted || c->peer != *busiest) continue;
        int r = c->phase == Phase::Head && c->in.empty() ? 0 : c->phase == Phase::Head ? 1 : c->phase == Phase::Body ? 2 : 3;
        if (r < rank) {
            rank = r;
            victim = c.get();
            if (r == 0) break;
        }
    }
    if (!victim) return false;
    if (log) log(victim->peer + " \"- -\" closed: its address holds more than its share of connections");
    close_conn(*victim);
    return true;
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
        // Refused connections never hold a place: only those let in count toward the limits.
        const bool proxy = is_trusted(ref.peer);
        auto pp = per_peer.find(ref.peer);
        const int mine = pp == per_peer.end() ? 0 : pp->second;
        if (!proxy && limits.max_connections_per_peer > 0 && mine >= limits.max_connections_per_peer) {
            refuse(ref, 429, "too many connections from this address", true);
            continue;
        }
        if (active >= limits.max_connections && !make_room_for(ref.peer)) {
            refuse(ref, 503, "too many connections", true);
            continue;
        }
        ref.counted = true;
        ++active;
        ++per_peer[ref.peer];
        watch(ref, EPOLLIN | EPOLLRDHUP);
    }
}

size_t HttpFront::Impl::added_bytes(const Answer& a) const {
    const bool new_shared = a.shared && shared_refs.find(a.shared.get()) == shared_refs.end();
    return a.head.size() + a.tail.size() + (new_shared ? a.shared->size() : 0);
}

void HttpFront::Impl::set_out(Conn& c, Answer out) {
    release_out(c);
    c.out = std::move(out);
    c.out_piece = 0;
    c.out_off = 0;
    c.out_counted = c.out.head.size() + c.out.tail.size();
    queued_out += c.out_counted;
    // Shared bytes count once, whole (they stay in memory while anyone sends them), however many send them.
    if (c.out.shared && shared_refs[c.out.shared.get()]++ == 0) queued_out += c.out.shared->size();
}

void HttpFront::Impl::release_out(Conn& c) {
    queued_out -= c.out_counted;
    c.out_counted = 0;
    if (!c.out.shared) return;
    auto it = shared_refs.find(c.out.shared.get());
    if (it != shared_refs.end() && --it->second <= 0) {
        queued_out -= c.out.shared->size();
        shared_refs.erase(it);
    }
    c.out.shared.reset();
}

void HttpFront::Impl::refuse(Conn& c, int status, const std::string& why, bool api) {
    if (log) log((c.client.empty() ? c.peer : c.client) + " \"" + (c.head.method.empty() ? "-" : c.head.method) +
                 " -\" " + std::to_string(status) + " refused: " + why);
    Answer a;
    a.head = refusal_answer(status, why, api);
    set_out(c, std::move(a));
    c.close_after = true;
    start_write(c);
}

void HttpFront::Impl::start_write(Conn& c) {
    c.phase = Phase::Writing;
    c.deadline = Clock::now() + std::chrono::milliseconds(limits.write_timeout_ms);
    on_writable(c);
}

void HttpFront::Impl::on_writable(Conn& c) {
    while (true) {
        const std::string_view piece = c.out.piece(c.out_piece);
        if (c.out_off >= piece.size()) {
            if (c.out_piece == 2) break;
            ++c.out_piece;
            c.out_off = 0;
            continue;
        }
        ssize_t n = ::send(c.fd, piece.data() + c.out_off, piece.size() - c.out_off, MSG_NOSIGNAL);
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
    release_out(c);
    c.out = Answer{};
    c.out_piece = 0;
    c.out_off = 0;
    if (c.close_after) {
        // Lingering close: stop sending, keep reading (and dropping) briefly, so the refusal is
        // not lost to a reset caused by unread request bytes. A closing connection gives up its
        // place under the limits now; a connection refused before it sent anything lingers less,
        // and past max_connections closing ones, the next closes at once.
        uncount(c);
        if (lingering >= limits.max_connections) return close_conn(c);
        ::shutdown(c.fd, SHUT_WR);
        const bool fresh = c.requests == 0 && c.head.method.empty();
        c.phase = Phase::Lingering;
        ++lingering;
        std::string().swap(c.in);
        std::string().swap(c.body);
        std::string().swap(c.request);
        c.deadline = Clock::now() + std::chrono::milliseconds(fresh ? 250 : 2000);
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
    c.body_got = 0;
    c.client.clear();
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

void HttpFront::Impl::start_request(Conn& c, size_t body_size) {
    c.request = std::move(c.head.normalized);
    if (body_size > 0 || c.head.chunked) c.request += "Content-Length: " + std::to_string(body_size) + "\r\n";
    c.request += "\r\n";
    c.request.reserve(c.request.size() + body_size);  // address space only: pages are touched as bytes arrive
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
        if (!c.head.forwarded_for.empty() && is_trusted(c.peer)) c.client = last_forwarded_address(c.head.forwarded_for);
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
        // The body moves into the request for httplib a read at a time, into room made once: a
        // buffer that doubled as megabytes arrived, then a copy of the whole body, each held the
        // event loop (and every other connection) for tens of milliseconds per large request.
        if (c.request.empty()) start_request(c, c.head.content_length);
        const size_t take = std::min(c.in.size() - c.head_len, c.head.content_length - c.body_got);
        c.request.append(c.in, c.head_len, take);
        c.in.erase(c.head_len, take);
        c.body_got += take;
        if (c.body_got < c.head.content_length) return;
        consumed = c.head_len;
    }
    // Complete: the normalised request for httplib, and whatever follows stays for next time.
    if (c.head.chunked) {
        start_request(c, c.body.size());
        c.request += c.body;
    }
    std::string().swap(c.body);
    c.in.erase(0, consumed);
    // A large request leaves a large buffer behind (erase keeps capacity): give it back, so an idle
    // keep-alive connection holds kilobytes, not the megabytes of its last request.
    if (c.in.capacity() > kKeepBuffer) std::string(c.in).swap(c.in);
    // Only this thread pushes, so the queue cannot fill between the check and the push.
    if (static_cast<int>(jobs.queued()) >= limits.max_queued_requests) return refuse(c, 503, "server busy", c.head.api);
    c.phase = Phase::Busy;
    watch(c, 0);  // the worker owns it until it is handed back
    jobs.push(&c);
}

void HttpFront::Impl::worker(int w) {
    while (true) {
        std::optional<Conn*> job = jobs.pop(w);
        if (!job) return;
        Conn* c = *job;
        Answer out;
        MemoryStream strm(*c, out);
        t_effects = ConnectionEffects{};
        bool closed = false;
        bool close = ++c->requests >= limits.keep_alive_max_requests || stopping.load();
        bool ok = processor.process_request(strm, close, closed, nullptr);
        std::string().swap(c->request);  // read: its memory goes back before the answer is written
        Done d{c, std::move(out), close || closed || !ok, t_effects.drop, t_effects.delay_ms};
        t_effects.shared_body.reset();  // the answer holds its own reference
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
        // Large answers share a cap on bytes waiting for readers; past it they are refused (small
        // API answers always go out, so slow readers of big files cannot crowd out everyone else).
        if (d.out.size() > kLargeAnswer && queued_out.load() + added_bytes(d.out) > limits.max_queued_write_bytes) {
            d.out = Answer{};
            refuse(c, 503, "too many large answers are waiting for slow readers; try again shortly", true);
            continue;
        }
        set_out(c, std::move(d.out));
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
    size_t held = 0;
    for (auto& [fd, c] : conns) {
        // A body still arriving counts what it holds, not the room made for all of it.
        if (c->phase != Phase::Busy)
            held += c->in.capacity() + c->body.capacity() + c->out.head.capacity() + c->out.tail.capacity() +
                    (c->phase == Phase::Body ? c->request.size() : c->request.capacity());
        if (c->phase != Phase::Busy && c->phase != Phase::Delayed && c->deadline <= now) due.push_back(c.get());
    }
    buffered = held;
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

HttpFront::HttpFront(RequestProcessor& processor, const Limits& limits, Log log, std::vector<std::string> trusted_proxies)
    : impl_(std::make_unique<Impl>(processor, limits, std::move(log), std::move(trusted_proxies))) {}

size_t HttpFront::queued_write_bytes() const { return impl_->queued_out.load(); }
size_t HttpFront::buffered_bytes() const { return impl_->buffered.load(); }

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
    for (int i = 0; i < threads; ++i) im.workers.emplace_back([&im, i] { im.worker(i); });
    im.loop_thread = std::thread([&im] { im.run_loop(); });
}

void HttpFront::stop() {
    if (!impl_) return;
    Impl& im = *impl_;
    if (im.stopping.exchange(true)) return;
    im.jobs.stop();  // queued requests are not started
    for (auto& t : im.workers)
        if (t.joinable()) t.join();
    if (im.loop_thread.joinable()) im.loop_thread.join();
    for (auto& [fd, c] : im.conns) ::close(fd);
    im.conns.clear();
    if (im.listen_fd >= 0) ::close(im.listen_fd);
    if (im.epoll_fd >= 0) ::close(im.epoll_fd);
    if (im.wake_fd >= 0) ::close(im.wake_fd);
    im.listen_fd = im.epoll_fd = im.wake_fd = -1;
}

}  // namespace pinlab::server
