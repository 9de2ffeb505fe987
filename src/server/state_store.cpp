// state_store.cpp — see state_store.h.
#include "server/state_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace pinlab::server {

namespace {

constexpr char kMagic[4] = {'P', 'L', 'S', 'T'};
constexpr uint32_t kFormat = 1;
constexpr size_t kHeader = 4 + 4 + 8 + 8;
constexpr uint64_t kMaxPayload = 512ull << 20;  // far above what the emulator's quotas let a state reach

uint64_t fnv1a64(const std::string& s) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
    return h;
}

void put_le(std::string& out, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

uint64_t get_le(const std::string& in, size_t at, int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
    return v;
}

std::string sys_error(const std::string& what, const std::string& path) {
    return what + " " + path + ": " + std::strerror(errno);
}

bool write_all_fsync(const std::string& path, const std::string& bytes, std::string& error) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);  // it holds tokens
    if (fd < 0) return error = sys_error("cannot create", path), false;
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            error = sys_error("cannot write", path);
            ::close(fd);
            return false;
        }
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0) {
        error = sys_error("cannot fsync", path);
        ::close(fd);
        return false;
    }
    return ::close(fd) == 0 || (error = sys_error("cannot close", path), false);
}

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

}  // namespace

std::string seal_state(const std::string& payload) {
    std::string out(kMagic, 4);
    put_le(out, kFormat, 4);
    put_le(out, payload.size(), 8);
    put_le(out, fnv1a64(payload), 8);
    return out + payload;
}

bool open_sealed_state(const std::string& bytes, std::string& payload, std::string& why) {
    if (bytes.size() < kHeader || bytes.compare(0, 4, kMagic, 4) != 0) return why = "not a Pinlab state file", false;
    if (get_le(bytes, 4, 4) != kFormat) return why = "a state file format this server does not read", false;
    const uint64_t len = get_le(bytes, 8, 8);
    if (len > kMaxPayload || len != bytes.size() - kHeader)
        return why = "torn (" + std::to_string(bytes.size() - kHeader) + " of " + std::to_string(len) + " bytes)", false;
    payload = bytes.substr(kHeader);
    if (fnv1a64(payload) != get_le(bytes, 16, 8)) return payload.clear(), why = "its checksum does not match", false;
    return true;
}

bool ensure_state_dir(const std::string& dir, std::string& error) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0) return S_ISDIR(st.st_mode) || (error = dir + " is not a folder", false);
    if (::mkdir(dir.c_str(), 0700) != 0) return error = sys_error("cannot create", dir), false;
    return true;
}

bool write_state_file(const std::string& dir, const std::string& payload, std::string& error) {
    const std::string tmp = dir + "/state.tmp", cur = dir + "/state.bin", prev = dir + "/state.prev";
    if (!write_all_fsync(tmp, seal_state(payload), error)) return false;
    // The current file becomes the previous one only when it is whole: a torn one is never kept as a fallback.
    // It gets the name state.prev as a second link, so state.bin exists at every moment (the rename below
    // replaces it in one step); where the file system has no hard links, it is renamed (a kill before the
    // next rename then leaves state.prev as the newest state).
    std::string bytes, old, why;
    if (read_file(cur, bytes) && open_sealed_state(bytes, old, why)) {
        if (::unlink(prev.c_str()) != 0 && errno != ENOENT) return error = sys_error("cannot remove", prev), false;
        if (::link(cur.c_str(), prev.c_str()) != 0 && ::rename(cur.c_str(), prev.c_str()) != 0)
            return error = sys_error("cannot keep the previous state as", prev), false;
    }
    if (::rename(tmp.c_str(), cur.c_str()) != 0) return error = sys_error("cannot rename", tmp), false;
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);  // the renames themselves reach the disk
        ::close(fd);
    }
    return true;
}

StoredState read_state_files(const std::string& dir, const AcceptState& accept) {
    StoredState s;
    std::string why_cur;
    for (const char* name : {"state.bin", "state.prev"}) {
        const std::string path = dir + "/" + name;
        std::string bytes, why;
        if (!read_file(path, bytes)) continue;
        s.found = true;
        if (open_sealed_state(bytes, s.payload, why) && (!accept || accept(s.payload, why))) {
            s.file = path;
            s.error.clear();
            if (!why_cur.empty()) {
                // Set aside, so the next write does not keep it as the previous state in place of this one.
                const std::string bad = dir + "/state.bad", cur = dir + "/state.bin";
                const bool kept = ::rename(cur.c_str(), bad.c_str()) == 0;
                s.note = cur + " cannot be used (" + why_cur + "): using the previous state, " + path +
                         (kept ? "; the unusable file is kept as " + bad : "");
            }
            return s;
        }
        s.payload.clear();
        if (why_cur.empty()) why_cur = why;
        s.error += (s.error.empty() ? "" : "; ") + path + ": " + why;
    }
    if (!s.found) s.error.clear();
    return s;
}

StateWriter::StateWriter(std::string dir, int interval_ms, std::function<std::string()> save,
                         std::function<void(const std::string&)> log)
    : dir_(std::move(dir)), interval_ms_(interval_ms), save_(std::move(save)), log_(std::move(log)),
      thread_([this] { run(); }) {}

StateWriter::~StateWriter() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
    flush();
}

void StateWriter::flush() {
    std::lock_guard<std::mutex> lock(write_mu_);
    if (!dirty_.exchange(false)) return;
    std::string error;
    if (!write_state_file(dir_, save_(), error)) {
        dirty_ = true;  // tried again at the next interval
        log_("state: " + error);
    }
}

void StateWriter::run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
        cv_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [this] { return stop_; });
        if (stop_) break;
        lock.unlock();
        flush();
        lock.lock();
    }
}

}  // namespace pinlab::server
