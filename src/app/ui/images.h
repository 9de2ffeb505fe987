// images.h — the texture cache for pin images, keyed by URL: an LRU with a byte budget (w*h*4),
// a bounded number of loads in flight, and "only what is drawn asks": views call request() for
// the items they draw this frame, and queued loads nobody asked for this frame are dropped. Loads
// already started that nobody has asked for in `cancel_after_frames` frames (items scrolled far
// away) are cancelled with Platform::image_release, so fast scrolling cannot fill the in-flight
// slots with stale loads.
// In Demo mode there is no HTTP: the platform's Demo emulator renders the pixels (Platform::demo_image),
// at the width they are drawn, off the main thread in the browser.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>

#include "app/platform.h"

namespace pinlab::app {

struct CachedImage {
    std::string url;
    ImageState state = ImageState::Loading;
    bool started = false;     // false = queued (waiting for a slot)
    uint32_t ticket = 0;
    uint64_t texture = 0;
    int width = 0, height = 0;
    size_t bytes = 0;         // width*height*4 once ready
    uint64_t last_frame = 0;  // frame of the last request()
    int display_width = 0;    // device pixels it is drawn at (first request): Demo renders no wider
    std::string error;
};

struct ImageCacheOptions {
    size_t budget_bytes = 48u << 20;
    int max_in_flight = 6;
    int cancel_after_frames = 30;  // ~0.5 s at 60 fps; an item scrolled back in time keeps its load
};

class ImageCache {
public:
    ImageCache() = default;
    ~ImageCache();
    ImageCache(const ImageCache&) = delete;
    ImageCache& operator=(const ImageCache&) = delete;

    void configure(Platform* p, ImageCacheOptions o = {});
    // Demo mode: images come from the platform's Demo emulator instead of the network.
    void set_demo(bool demo);

    // Asks for `url` this frame and marks it recently used. Never returns nullptr.
    const CachedImage& request(const std::string& url, int display_width = 0);
    // The entry for `url` if there is one, without asking for it (nullptr when none).
    const CachedImage* find(const std::string& url) const {
        auto it = map_.find(url);
        return it == map_.end() ? nullptr : &*it->second;
    }
    // Once per frame, after the views: starts queued loads (bounded), polls loads, evicts over budget.
    void update();
    void clear();

    // Counts kept as the cache changes (views and busy() ask every frame; no scans).
    size_t textures() const { return textures_; }  // images with a texture (ready)
    size_t ready_requested() const { return ready_this_frame_; }  // ready images requested in the last frame
    size_t in_flight() const { return in_flight_; }  // started, not finished
    size_t queued() const { return queued_; }        // waiting for a slot
    size_t bytes() const { return bytes_; }
    size_t cancelled() const { return cancelled_; }  // stale loads cancelled so far
    size_t size() const { return map_.size(); }
    bool loading() const { return in_flight() + queued() > 0; }

private:
    using List = std::list<CachedImage>;
    void start(CachedImage& img);
    void release(CachedImage& img);
    Platform* p_ = nullptr;
    bool demo_ = false;
    ImageCacheOptions opts_;
    List lru_;  // front = most recently used
    std::unordered_map<std::string, List::iterator> map_;
    size_t bytes_ = 0;
    size_t textures_ = 0, in_flight_ = 0, queued_ = 0;
    uint64_t frame_ = 1;
    size_t ready_this_frame_ = 0, ready_counting_ = 0;
    size_t cancelled_ = 0;
};

}  // namespace pinlab::app
