// client_env.h — the client against an in-process emulator for integration tests: fake clocks (a frame
// advances them by 50 ms), an EmulatorTransport, memory storage, and helpers to pump a call to its end.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "core/client.h"
#include "emulator/emulator.h"
#include "emulator/emulator_transport.h"

namespace pinlab::test {

struct ClientEnv {
    double clock = 0;
    int64_t epoch = 1'760'000'000'000;  // 2025-10-09
    emu::Emulator emu;
    emu::EmulatorTransport tr;
    MemoryStorage st;
    std::unique_ptr<Client> client;

    static emu::Options opts(int pins) {
        emu::Options o;
        o.seed = 7;
        o.pin_count = pins;
        return o;
    }
    // An emulator with `pins` seed pins and a client on its /v5 (deterministic retry jitter).
    ClientEnv(int pins, ClientConfig c) : emu(opts(pins)), tr(emu, [this] { return clock; }, [this] { return epoch; }) {
        c.api_base = "/v5";
        c.retry.random01 = [] { return 0.5; };
        c.epoch_ms = [this] { return epoch; };
        client = std::make_unique<Client>(tr, c, st);
    }
    void advance(double ms) {
        clock += ms;
        epoch += static_cast<int64_t>(ms);
    }
    // Pumps the client, a frame at a time, until the call is no longer pending.
    template <class H>
    void wait(const H& h, int max_frames = 5000) {
        for (int i = 0; i < max_frames && h->pending(); ++i) {
            client->pump();
            if (h->pending()) advance(50);
        }
    }
    // Every item a pager reaches.
    template <class T>
    std::vector<T> all(Pager<T> p) {
        auto h = client->fetch_all(std::move(p), 100000);
        wait(h);
        EXPECT_TRUE(h->done()) << h->error.describe();
        return h->value ? *h->value : std::vector<T>{};
    }
};

}  // namespace pinlab::test
