// worker_queue.h — hands the front's requests to its workers: queued requests in order of arrival, and
// a request that finds workers idle goes to the one that went idle last. That worker's stack, malloc
// cache and arena are warm; one condition variable wakes the longest-waiting worker instead, so even a
// single sequential client ran on every worker in turn, and each kept the stack pages and freed chunks
// it touched (an 8 s burst through the generic layer: 13 of 16 worker stacks +24 KiB each, and their
// malloc caches, for good). With this, a light load runs on as few workers as it keeps busy.
// One thread pushes (the front's event loop); any number pop.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

namespace pinlab::server {

template <class Job>
class WorkerQueue {
public:
    explicit WorkerQueue(int workers) : slots_(static_cast<size_t>(workers < 1 ? 1 : workers)) {}

    // Queued requests (not yet taken by a worker).
    size_t queued() const {
        std::lock_guard<std::mutex> lock(mu_);
        return jobs_.size();
    }

    void push(Job job) {
        std::unique_lock<std::mutex> lock(mu_);
        if (idle_.empty()) {
            jobs_.push_back(std::move(job));
            return;
        }
        Slot& s = slots_[idle_.back()];
        idle_.pop_back();
        s.job = std::move(job);
        lock.unlock();
        s.cv.notify_one();
    }

    // The next job for worker `w` (0 .. workers-1), waiting for one; nullopt once stop() was called and
    // nothing was handed to it.
    std::optional<Job> pop(int w) {
        std::unique_lock<std::mutex> lock(mu_);
        if (!jobs_.empty()) {
            Job j = std::move(jobs_.front());
            jobs_.pop_front();
            return j;
        }
        if (stopping_) return std::nullopt;
        Slot& s = slots_[static_cast<size_t>(w)];
        idle_.push_back(w);
        s.cv.wait(lock, [&] { return s.job.has_value() || stopping_; });
        if (!s.job) return std::nullopt;  // stopping: stop() took every idle worker off the stack
        std::optional<Job> j = std::move(s.job);
        s.job.reset();
        return j;
    }

    // Queued jobs are dropped (not started); a job already handed to a worker still runs.
    void stop() {
        {
            std::lock_guard<std::mutex> lock(mu_);
            stopping_ = true;
            jobs_.clear();
            idle_.clear();
        }
        for (Slot& s : slots_) s.cv.notify_all();
    }

private:
    struct Slot {
        std::condition_variable cv;
        std::optional<Job> job;  // handed to this worker while it waited
    };
    mutable std::mutex mu_;
    std::deque<Job> jobs_;
    std::vector<int> idle_;  // waiting workers, the last to go idle at the back
    std::vector<Slot> slots_;
    bool stopping_ = false;
};

}  // namespace pinlab::server
