// images.cpp — ImageCache: LRU of textures under a byte budget, bounded loads in flight, stale loads
// cancelled; Demo images come from the platform's Demo emulator.
#include "app/ui/images.h"


namespace pinlab::app {

namespace {
constexpr size_t kMaxEntries = 4096;
}

ImageCache::~ImageCache() { clear(); }

void ImageCache::configure(Platform* p, ImageCacheOptions o) {
    clear();
    p_ = p;
    opts_ = o;
    if (opts_.max_in_flight < 1) opts_.max_in_flight = 1;
    if (opts_.cancel_after_frames < 1) opts_.cancel_after_frames = 1;
}

void ImageCache::set_demo(bool demo) {
    if (demo != demo_) clear();
    demo_ = demo;
}

void ImageCache::release(CachedImage& img) {
    if (img.ticket && p_) p_->image_release(img.ticket);
    if (img.state == ImageState::Ready) {
        bytes_ -= img.bytes;
        --textures_;
    }
    img.ticket = 0;
    img.texture = 0;
}

void ImageCache::clear() {
    for (auto& img : lru_) release(img);
    lru_.clear();
    map_.clear();
    bytes_ = 0;
    textures_ = in_flight_ = queued_ = 0;
}

const CachedImage& ImageCache::request(const std::string& url, int display_width) {
    auto it = map_.find(url);
    if (it != map_.end()) {
        lru_.splice(lru_.begin(), lru_, it->second);  // most recently used
        it->second->last_frame = frame_;
        if (it->second->state == ImageState::Ready) ++ready_counting_;
        return *it->second;
    }
    CachedImage img;
    img.url = url;
    img.last_frame = frame_;
    img.display_width = display_width;
    lru_.push_front(std::move(img));
    map_[url] = lru_.begin();
    ++queued_;
    return lru_.front();
}

void ImageCache::start(CachedImage& img) {
    img.started = true;
    if (!p_) {
        img.state = ImageState::Failed;
        img.error = "no platform";
        return;
    }
    if (demo_) {
        // Render at the size it is shown (rounded up to 64 px so small layout changes reuse it), not
        // at the variant's full width: fewer pixels to make, move and keep.
        int max_w = img.display_width > 0 ? (img.display_width + 63) / 64 * 64 : 0;
        img.ticket = p_->demo_image(img.url, max_w);
    } else {
        img.ticket = p_->image_load(img.url);
    }
}

void ImageCache::update() {
    int in_flight = 0;
    // Poll what is loading; count slots. Loads nobody asked for in a while are cancelled first.
    for (auto i = lru_.begin(); i != lru_.end();) {
        CachedImage& img = *i;
        if (!img.started || img.state != ImageState::Loading) {
            ++i;
            continue;
        }
        if (frame_ - img.last_frame > static_cast<uint64_t>(opts_.cancel_after_frames)) {
            release(img);  // Loading: no bytes counted; the platform aborts the fetch/decode
            ++cancelled_;
            map_.erase(img.url);
            i = lru_.erase(i);
            continue;
        }
        ++i;
        ImageInfo info = p_ ? p_->image_poll(img.ticket) : ImageInfo{};
        if (info.state == ImageState::Ready) {
            img.state = ImageState::Ready;
            img.texture = info.texture;
            img.width = info.width;
            img.height = info.height;
            img.bytes = static_cast<size_t>(info.width) * static_cast<size_t>(info.height) * 4u;
            bytes_ += img.bytes;
            ++textures_;
        } else if (info.state == ImageState::Failed) {
            img.state = ImageState::Failed;
            img.error = info.error.empty() ? "could not load" : info.error;
            if (p_ && img.ticket) p_->image_release(img.ticket);
            img.ticket = 0;
        } else {
            ++in_flight;
        }
    }
    // Start queued loads asked for this frame, most recently used first; forget the rest.
    size_t queued = 0;
    for (auto i = lru_.begin(); i != lru_.end();) {
        CachedImage& img = *i;
        if (img.started) {
            ++i;
            continue;
        }
        if (img.last_frame != frame_) {  // nobody drew it this frame: drop the request
            map_.erase(img.url);
            i = lru_.erase(i);
            continue;
        }
        if (in_flight < opts_.max_in_flight) {
            start(img);
            if (img.state == ImageState::Loading) ++in_flight;  // polled from the next update
        }
        queued += !img.started;
        ++i;
    }
    // Evict least recently used textures over budget (never one drawn this frame), and bound the
    // number of entries (failed ones weigh nothing but still count).
    for (auto it = lru_.end(); it != lru_.begin() && (bytes_ > opts_.budget_bytes || lru_.size() > kMaxEntries);) {
        --it;
        if (it->state != ImageState::Loading && it->last_frame != frame_) {
            release(*it);
            map_.erase(it->url);
            it = lru_.erase(it);
        }
    }
    in_flight_ = static_cast<size_t>(in_flight);
    queued_ = queued;
    ready_this_frame_ = ready_counting_;
    ready_counting_ = 0;
    ++frame_;
}

}  // namespace pinlab::app
