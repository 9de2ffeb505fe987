// images.cpp — ImageCache: LRU of textures under a byte budget, bounded loads in flight, and the
// Demo path (emulator-rendered pixels uploaded with image_from_rgba, a few per frame).
#include "app/images.h"

#include <vector>

#include "core/crypto.h"
#include "core/url.h"
#include "emulator/emulator.h"

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
    if (opts_.demo_uploads_per_frame < 1) opts_.demo_uploads_per_frame = 1;
    if (opts_.cancel_after_frames < 1) opts_.cancel_after_frames = 1;
}

void ImageCache::set_emulator(emu::Emulator* e) {
    if (e != emu_) clear();
    emu_ = e;
}

void ImageCache::release(CachedImage& img) {
    if (img.ticket && p_) p_->image_release(img.ticket);
    if (img.state == ImageState::Ready) bytes_ -= img.bytes;
    img.ticket = 0;
    img.texture = 0;
}

void ImageCache::clear() {
    for (auto& img : lru_) release(img);
    lru_.clear();
    map_.clear();
    bytes_ = 0;
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
    return lru_.front();
}

void ImageCache::start(CachedImage& img) {
    img.started = true;
    if (!p_) {
        img.state = ImageState::Failed;
        img.error = "no platform";
        return;
    }
    if (emu_) {
        // Demo: generated images are rendered straight to pixels; uploaded ones are served as bytes and
        // handed to the platform's decoder as a data: URL.
        int w = 0, h = 0;
        std::vector<uint8_t> rgba;
        // Rendering on the main thread costs per pixel: render at the size it is shown (rounded up
        // to 64 px so small layout changes reuse it), not at the variant's full width.
        int max_w = img.display_width > 0 ? (img.display_width + 63) / 64 * 64 : 0;
        if (emu_->render_image(img.url, w, h, rgba, max_w)) {
            img.ticket = p_->image_from_rgba(w, h, rgba.data());
        } else {
            Request req;
            req.url = img.url;
            Response r = emu_->handle(req, p_->epoch_ms());
            if (r.status != 200 || r.body.empty()) {
                img.state = ImageState::Failed;
                img.error = "HTTP " + std::to_string(r.status);
                return;
            }
            std::string ct(r.headers.get("Content-Type"));
            img.ticket = p_->image_load("data:" + (ct.empty() ? std::string("image/png") : ct) + ";base64," +
                                        base64_encode(r.body));
        }
    } else {
        img.ticket = p_->image_load(img.url);
    }
}

void ImageCache::update() {
    int in_flight = 0, uploads = 0;
    const double t0 = p_ ? p_->now_ms() : 0;
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
        bool demo_room = !emu_ || uploads == 0 ||
                         (uploads < opts_.demo_uploads_per_frame && p_ && p_->now_ms() - t0 < opts_.demo_budget_ms);
        if (in_flight < opts_.max_in_flight && demo_room) {
            start(img);
            if (emu_) ++uploads;
            if (img.state == ImageState::Loading) {
                // A synchronous upload may already be ready: poll once more next update.
                ++in_flight;
            }
        }
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
    ready_this_frame_ = ready_counting_;
    ready_counting_ = 0;
    ++frame_;
}

size_t ImageCache::textures() const {
    size_t n = 0;
    for (const auto& img : lru_) n += img.state == ImageState::Ready;
    return n;
}

size_t ImageCache::in_flight() const {
    size_t n = 0;
    for (const auto& img : lru_) n += img.started && img.state == ImageState::Loading;
    return n;
}

size_t ImageCache::queued() const {
    size_t n = 0;
    for (const auto& img : lru_) n += !img.started;
    return n;
}

}  // namespace pinlab::app
