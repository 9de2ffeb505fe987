// test_images.cpp — the image cache's policy: LRU eviction over budget, the in-flight cap, what was drawn this
// frame never evicted, and loads of items scrolled away cancelled.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/fake_platform.h"
#include "app/state.h"
#include "app/ui/images.h"

using namespace pinlab;
using namespace pinlab::app;
using pinlab::app::test::Harness;

TEST(AppImages, LruEvictsOverBudgetAndCapsInFlight) {
    pinlab::app::test::FakePlatform p;
    p.sync_images = false;
    ImageCache c;
    ImageCacheOptions o;
    o.budget_bytes = 100 * 100 * 4 * 5;  // five 100x100 textures
    o.max_in_flight = 3;
    c.configure(&p, o);
    for (int i = 0; i < 10; ++i) c.request("u" + std::to_string(i));
    c.update();
    EXPECT_EQ(c.in_flight(), 3u);
    EXPECT_EQ(p.images.size(), 3u);
    // Not requested in the next frame: queued requests are dropped, loads in flight continue.
    c.update();
    EXPECT_EQ(c.queued(), 0u);
    p.resolve_all(100, 100);
    c.update();
    EXPECT_EQ(c.textures(), 3u);
    // Load 8 more, resolving each frame; the budget holds five textures.
    for (int i = 10; i < 18; ++i) {
        c.request("u" + std::to_string(i));
        c.update();
        p.resolve_all(100, 100);
        c.update();
    }
    EXPECT_LE(c.bytes(), o.budget_bytes);
    EXPECT_EQ(c.textures(), 5u);
    EXPECT_FALSE(p.released.empty());
    // The most recent survive, the oldest went first.
    EXPECT_EQ(c.request("u17").state, ImageState::Ready);
    EXPECT_NE(c.request("u0").state, ImageState::Ready);
}

TEST(AppImages, DrawnThisFrameIsNeverEvicted) {
    pinlab::app::test::FakePlatform p;
    ImageCache c;
    ImageCacheOptions o;
    o.budget_bytes = 100 * 100 * 4;  // one texture
    o.max_in_flight = 8;
    c.configure(&p, o);
    for (int i = 0; i < 4; ++i) c.request("v" + std::to_string(i));
    c.update();  // all four start (sync images)
    for (int i = 0; i < 4; ++i) c.request("v" + std::to_string(i));
    c.update();  // ready; all drawn this frame, so over budget is tolerated
    EXPECT_EQ(c.textures(), 4u);
    c.request("v3");
    c.update();  // only v3 drawn: the rest go
    EXPECT_EQ(c.textures(), 1u);
}

// [SECTION] Image loads of items scrolled away ---------------------------------------------------------

TEST(AppImages, StaleLoadsAreCancelledAndTheCapHolds) {
    pinlab::app::test::FakePlatform p;
    p.sync_images = false;  // loads stay in flight until resolved
    ImageCache c;
    ImageCacheOptions o;
    o.max_in_flight = 6;
    o.cancel_after_frames = 5;
    c.configure(&p, o);
    for (int i = 0; i < 6; ++i) c.request("first" + std::to_string(i));
    c.update();
    ASSERT_EQ(c.in_flight(), 6u);
    std::vector<uint32_t> first_tickets;
    for (const auto& [t, url] : p.image_urls) first_tickets.push_back(t);
    // Fast scrolling: every frame other items are drawn; "keep" stays on screen the whole time.
    c.request("keep");
    for (int f = 0; f < 12; ++f) {
        c.request("keep");
        for (int i = 0; i < 10; ++i) c.request("f" + std::to_string(f) + "_" + std::to_string(i));
        c.update();
        EXPECT_LE(c.in_flight(), 6u) << f;
    }
    // The first six were cancelled through the platform, and the freed slots went to newer items.
    for (uint32_t t : first_tickets)
        EXPECT_NE(std::find(p.released.begin(), p.released.end(), t), p.released.end()) << t;
    EXPECT_GE(c.cancelled(), 6u);
    EXPECT_EQ(c.in_flight(), 6u);
    bool newer_started = false;
    for (const auto& [t, url] : p.image_urls) newer_started = newer_started || url.rfind("f1", 0) == 0;
    EXPECT_TRUE(newer_started);
    // Loads that are still being drawn are never cancelled, however long they take.
    const CachedImage& keep = c.request("keep");
    if (keep.started) {
        EXPECT_EQ(keep.state, ImageState::Loading);
        EXPECT_EQ(std::find(p.released.begin(), p.released.end(), keep.ticket), p.released.end());
    }
    // A cancelled item that comes back on screen is simply loaded again.
    for (int f = 0; f < 20; ++f) {
        c.request("first0");
        c.update();
        p.resolve_all(10, 10);
    }
    EXPECT_EQ(c.request("first0").state, ImageState::Ready);
}

// Sign-out revokes (RFC 7009): the emulator that issued the token no longer accepts it.
