// raw_socket.h — a plain TCP client for the server tests that must send what no HTTP library
// would (endless header lines, chunked floods, one byte a second) and read the raw answer.
// Loopback only; every call is bounded in time.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

class RawSocket {
public:
    explicit RawSocket(int port, const char* from = nullptr) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd_ < 0) return;
        if (from) {  // another loopback address (127.0.0.2...) to stand for another client
            sockaddr_in local{};
            local.sin_family = AF_INET;
            ::inet_pton(AF_INET, from, &local.sin_addr);
            ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local);
        }
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
        timeval tv{5, 0};
        if (fd_ >= 0) ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    }
    ~RawSocket() { close(); }
    RawSocket(const RawSocket&) = delete;
    RawSocket& operator=(const RawSocket&) = delete;
    bool ok() const { return fd_ >= 0; }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

    // Sends all of `data` (or as much as the peer takes before it closes or 5 s pass).
    size_t send(const std::string& data) {
        size_t off = 0;
        while (fd_ >= 0 && off < data.size()) {
            ssize_t n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
            if (n <= 0) break;
            off += static_cast<size_t>(n);
        }
        return off;
    }

    // Reads until the peer closes, `until` appears, `want` bytes are in, or `timeout_ms` passes.
    std::string read(int timeout_ms, const std::string& until = "", std::string got = "", size_t want = 0) {
        auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (fd_ >= 0) {
            if (want > 0 && got.size() >= want) break;
            if (!until.empty() && got.find(until) != std::string::npos) break;
            int left = static_cast<int>(
                std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now()).count());
            if (left <= 0) break;
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, left) <= 0) break;
            char buf[16384];
            ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) break;
            got.append(buf, static_cast<size_t>(n));
        }
        return got;
    }

    // Reads one whole answer with a Content-Length body.
    std::string read_response(int timeout_ms) {
        std::string got = read(timeout_ms, "\r\n\r\n");
        size_t end = got.find("\r\n\r\n");
        if (end == std::string::npos) return got;
        size_t cl = got.find("Content-Length: ");
        if (cl == std::string::npos || cl > end) return got;
        size_t want = end + 4 + std::stoul(got.substr(cl + 16));
        return read(timeout_ms, "", std::move(got), want);
    }

    // True when the peer has closed the connection (reads EOF within timeout_ms).
    bool closed_within(int timeout_ms) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0) return false;
        char c;
        return ::recv(fd_, &c, 1, MSG_PEEK) <= 0;
    }

    int fd() const { return fd_; }

private:
    int fd_ = -1;
};

// "HTTP/1.1 431 ..." -> 431; 0 when there is no status line.
inline int raw_status(const std::string& response) {
    if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
    return std::atoi(response.c_str() + 9);
}
