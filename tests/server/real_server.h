// real_server.h — the pinlab-server program this build made (PINLAB_SERVER_BINARY), started as a child
// process on a free port, for what an in-process server cannot show: a kill -9 and a fresh start of the
// program. Its stdout and stderr go to a log file; start() waits for the line that names its address.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

class RealServer {
public:
    RealServer() = default;
    RealServer(const RealServer&) = delete;
    RealServer& operator=(const RealServer&) = delete;
    ~RealServer() { kill9(); }

    // Starts the binary with `args` (a free port is added), its output in `log_path`. False with `error`
    // (and the log) when it exits or does not say where it listens within `timeout_ms`.
    bool start(const std::vector<std::string>& args, const std::string& log_path, std::string& error,
               int timeout_ms = 30000) {
        kill9();
        log_path_ = log_path;
        std::vector<std::string> all = {PINLAB_SERVER_BINARY, "--port", "0", "--host", "127.0.0.1"};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : all) argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
        int rc = posix_spawn(&pid_, PINLAB_SERVER_BINARY, &fa, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&fa);
        if (rc != 0) {
            pid_ = -1;
            error = "cannot start " + std::string(PINLAB_SERVER_BINARY);
            return false;
        }
        const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (std::chrono::steady_clock::now() < end) {
            const std::string out = log();
            const size_t at = out.find("running at http://127.0.0.1:");
            if (at != std::string::npos) {
                port_ = std::atoi(out.c_str() + at + 28);
                return port_ > 0;
            }
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                error = "pinlab-server exited (status " + std::to_string(status) + "):\n" + log();
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        error = "pinlab-server did not start within " + std::to_string(timeout_ms) + " ms:\n" + log();
        kill9();
        return false;
    }

    // SIGKILL and reap: nothing of the program runs after this returns.
    void kill9() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        pid_ = -1;
        port_ = 0;
    }

    int port() const { return port_; }
    bool running() const { return pid_ > 0; }
    std::string log() const {
        std::ifstream in(log_path_, std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }

private:
    pid_t pid_ = -1;
    int port_ = 0;
    std::string log_path_;
};
