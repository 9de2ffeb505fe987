// pinlab-server: TurnMutex, a mutex that serves its waiters in arrival order (the emulator's lock).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace pinlab::server {

// The emulator answers one request at a time. With std::mutex a worker that just released it can take it
// again before a woken waiter runs, so with many workers one request could lose that race many times over
// (a 25-pin page's p99 was 12 ms at 16 connections with nothing else running). Here a release hands the
// emulator to the longest waiter; each waiter sleeps on its own condition variable, so a release wakes
// only that one.
class TurnMutex {
public:
    void lock() {
        std::unique_lock<std::mutex> l(mu_);
        if (!held_) {
            held_ = true;
            return;
        }
        Waiter w;
        queue_.push_back(&w);
        w.cv.wait(l, [&] { return w.turn; });  // held_ stays true: the releaser handed it over
    }
    void unlock() {
        std::lock_guard<std::mutex> l(mu_);
        if (queue_.empty()) {
            held_ = false;
            return;
        }
        Waiter* next = queue_.front();
        queue_.pop_front();
        next->turn = true;
        next->cv.notify_one();  // under mu_: `next` lives on its waiter's stack until it sees turn
    }

    // Threads waiting for their turn (tests use it to line threads up in a known order).
    size_t waiting() {
        std::lock_guard<std::mutex> l(mu_);
        return queue_.size();
    }

private:
    struct Waiter {
        std::condition_variable cv;
        bool turn = false;
    };
    std::mutex mu_;
    bool held_ = false;
    std::deque<Waiter*> queue_;
};

}  // namespace pinlab::server
