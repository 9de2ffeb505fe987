// main.cpp — the pinlab-server program: flags -> ServerConfig, start the server, wait for
// SIGINT/SIGTERM, stop cleanly. Everything else lives in the library (server.h) so tests can
// run it in-process.
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "core/catalogue.h"
#include "server/flags.h"
#include "server/server.h"
#include "server/static_files.h"

using namespace pinlab::server;

namespace {

// The folder holding this executable (for the fallback web root), or "".
std::string exe_dir() {
    char buf[4096];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return {};
    std::string p(buf, static_cast<size_t>(n));
    size_t slash = p.find_last_of('/');
    return slash == std::string::npos ? std::string() : p.substr(0, slash);
}

bool has_index(const std::string& dir) {
    auto r = real_directory(dir);
    return r && resolve_static(*r, "/").status == 200;
}

}  // namespace

int main(int argc, char** argv) {
    // Memory policy: big buffers (rendered images, uploads) go straight back to the system, and one
    // arena serves all threads. glibc's defaults keep freed megabytes per thread (RSS grew to hundreds
    // of MB under an image flood); even 4 arenas each kept their own free chunks between what the
    // generic layer stores (an 8 s burst of campaigns: +1.7 MiB over 4 arenas, +1.35 MiB in one, for
    // 1,980 objects of ~0.5 KiB). The handlers run one at a time under the emulator's lock anyway, and
    // GET /v5/user_account under wrk showed no loss against 4 arenas (SECURITY.md).
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_ARENA_MAX, 1);
    FlagsResult parsed = parse_flags(argc, argv, std::getenv("PORT"));
    if (!parsed.config) {
        std::fprintf(stderr, "pinlab-server: %s\n\n%s", parsed.error.c_str(), usage().c_str());
        return 2;
    }
    Config cfg = std::move(*parsed.config);
    if (cfg.help) {
        std::fputs(usage().c_str(), stdout);
        return 0;
    }

    // Web root: --web-root, else ./dist, else dist/ of the source tree this binary was built in
    // (build/<dir>/pinlab-server -> ../../dist), so running it from anywhere finds the page.
    if (!cfg.web_root_given) {
        cfg.server.web_root = "dist";
        if (!has_index("dist")) {
            std::string fallback = exe_dir() + "/../../dist";
            if (!exe_dir().empty() && has_index(fallback)) cfg.server.web_root = fallback;
        }
    }

    // The catalogue behind the emulator's generic layer: --catalogue, else the one the web build put in the
    // web root. A missing default is a warning (those operations answer 501); a bad --catalogue is an error.
    {
        std::string file = cfg.catalogue_file.empty() ? cfg.server.web_root + "/catalogue.json" : cfg.catalogue_file;
        std::ifstream f(file, std::ios::binary);
        std::stringstream ss;
        ss << f.rdbuf();
        std::string error = "cannot read it";
        auto cat = f ? pinlab::Catalogue::parse(ss.str(), &error) : nullptr;
        if (cat) {
            cfg.server.emulator.catalogue = std::move(cat);
        } else if (!cfg.catalogue_file.empty()) {
            std::fprintf(stderr, "pinlab-server: --catalogue %s: %s\n", file.c_str(), error.c_str());
            return 2;
        } else {
            std::fprintf(stderr,
                         "pinlab-server: warning: no catalogue at %s (%s); operations the emulator does not model "
                         "answer 501. Build the page or pass --catalogue FILE.\n",
                         file.c_str(), error.c_str());
        }
    }

    if (!cfg.pinterest_secret_file.empty()) {
        std::ifstream f(cfg.pinterest_secret_file);
        std::stringstream ss;
        ss << f.rdbuf();
        std::string secret = ss.str();
        while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r' || secret.back() == ' '))
            secret.pop_back();
        if (!f || secret.empty()) {
            std::fprintf(stderr, "pinlab-server: cannot read the app secret from %s\n",
                         cfg.pinterest_secret_file.c_str());
            return 2;
        }
        cfg.server.broker.app_secret = secret;
    }

    // Signals: blocked in every thread (the server's threads inherit the mask) and taken
    // synchronously below with sigwait, so no work happens in a signal handler.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    // A shell starts background jobs with SIGINT ignored, and an ignored signal never becomes
    // pending for sigwait: restore the default first (the mask keeps it from killing us).
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    PinlabServer server(cfg.server);
    std::string error;
    if (!server.start(error)) {
        std::fprintf(stderr, "pinlab-server: %s\n", error.c_str());
        return 1;
    }
    if (!server.has_web_root())
        std::fprintf(stderr,
                     "pinlab-server: warning: no built page in '%s' (no index.html); serving the API only. "
                     "Build the page with ./scripts/run or pass --web-root DIR.\n",
                     cfg.server.web_root.c_str());
    const auto& e = cfg.server.emulator;
    std::printf("Pinlab is running at %s/  (emulator: %s flavour, seed %llu%s; Ctrl-C to stop)\n",
                server.origin().c_str(), flavor_name(e.flavor), static_cast<unsigned long long>(e.seed),
                cfg.server.rate_limit.mode == RateLimitSetting::Off ? ", rate limits off" : "");
    std::fflush(stdout);

    int sig = 0;
    sigwait(&stop_signals, &sig);
    std::fprintf(stderr, "pinlab-server: %s, stopping\n", sig == SIGINT ? "interrupted" : "terminated");
    // Open keep-alive connections can hold stop() for a few seconds; a second signal exits now.
    std::atomic<bool> stopped{false};
    std::thread stopper([&] {
        server.stop();
        stopped = true;
    });
    timespec tick{0, 50 * 1000 * 1000};
    for (int i = 0; i < 200 && !stopped; ++i) {  // at most 10 s
        siginfo_t info;
        if (sigtimedwait(&stop_signals, &info, &tick) > 0) _exit(130);
    }
    if (!stopped) _exit(1);
    stopper.join();
    return 0;
}
