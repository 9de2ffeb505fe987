// state_store.h — pinlab-server --state-dir: the emulator's state (Emulator::save_state, the snapshot the
// page's Demo keeps too, uploads included) on disk, so the Local emulator survives a restart or a kill -9.
//
// DIR/state.bin is the newest good state, DIR/state.prev the one before it. Each is sealed: "PLST", a format
// version, the payload's length and its FNV-1a 64 hash, then the payload, so a torn or altered file is
// recognised before the emulator reads a byte of it. A write goes to DIR/state.tmp, is fsynced, the current
// state.bin becomes state.prev too (a hard link), state.tmp becomes state.bin (rename: atomic), and the folder
// is fsynced: a kill at any moment leaves state.bin whole. The server writes soon after changes (StateWriter:
// at most one write per interval, on a thread of its own).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace pinlab::server {

// The payload sealed as a state file's bytes, and back (false, with why, for anything else).
std::string seal_state(const std::string& payload);
bool open_sealed_state(const std::string& bytes, std::string& payload, std::string& why);

// Writes `payload` to DIR as described above. False with `error` (the folder keeps what it had).
bool write_state_file(const std::string& dir, const std::string& payload, std::string& error);

// What DIR holds: the newest sealed payload that opens and that `accept` takes (state.bin, else state.prev,
// with a note saying why state.bin was passed over). found = false when neither file exists; error when files
// exist and none is taken. `accept` (null: any) is the emulator's loader: false with why for a payload it
// refuses (a sealed file whose content is hostile or of another version).
struct StoredState {
    bool found = false;
    std::string payload, note, error, file;  // file: the path it came from
};
using AcceptState = std::function<bool(const std::string& payload, std::string& why)>;
StoredState read_state_files(const std::string& dir, const AcceptState& accept = nullptr);

// Creates DIR (one level) if it does not exist; false with `error` when it cannot or it is not a folder.
bool ensure_state_dir(const std::string& dir, std::string& error);

// Calls save() (which takes the emulator's snapshot) and writes what it returns, at most once per
// `interval_ms` after mark_dirty(), on its own thread; flush() writes now if anything is pending.
class StateWriter {
public:
    StateWriter(std::string dir, int interval_ms, std::function<std::string()> save,
                std::function<void(const std::string&)> log);
    ~StateWriter();  // flushes
    void mark_dirty() { dirty_ = true; }
    void flush();

private:
    void run();
    std::string dir_;
    int interval_ms_;
    std::function<std::string()> save_;
    std::function<void(const std::string&)> log_;
    std::atomic<bool> dirty_{false};
    std::mutex mu_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::mutex write_mu_;  // one write at a time (the thread and flush)
    std::thread thread_;
};

}  // namespace pinlab::server
