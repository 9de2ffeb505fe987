// images.cpp — deterministic pin and profile images: soft two-colour gradients with a few translucent shapes,
// derived from a 64-bit key, rendered at the spec's sizes (150x150, 400x300, 600x, 1200x) and PNG-encoded with
// stb_image_write. Nothing is pre-rendered: images are drawn on request, the last few PNGs are kept in an LRU.
// Uploaded (image_base64) images are served back byte for byte.
// The page's Demo mode never serves PNGs (the app uploads render_image() pixels directly), so the
// web build leaves the encoder out to keep the download small (PINLAB_EMU_PNG=0).
#ifndef PINLAB_EMU_PNG
#define PINLAB_EMU_PNG 1
#endif
#if PINLAB_EMU_PNG
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb/stb_image_write.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "emulator/impl.h"

namespace pinlab::emu {

// [SECTION] Sizes

bool parse_size_name(std::string_view s, ImageSize& out) {
    if (s == "150x150") out = ImageSize::S150x150;
    else if (s == "400x300") out = ImageSize::S400x300;
    else if (s == "600x") out = ImageSize::S600x;
    else if (s == "1200x") out = ImageSize::S1200x;
    else if (s == "originals") out = ImageSize::Originals;
    else return false;
    return true;
}

const char* size_name(ImageSize s) {
    switch (s) {
        case ImageSize::S150x150: return "150x150";
        case ImageSize::S400x300: return "400x300";
        case ImageSize::S600x: return "600x";
        case ImageSize::S1200x: return "1200x";
        case ImageSize::Originals: return "originals";
    }
    return "";
}

void size_dims(ImageSize s, int ow, int oh, int& w, int& h) {
    if (ow <= 0 || oh <= 0) ow = oh = 1;
    auto scaled = [&](int width) { return std::max(1, static_cast<int>((static_cast<int64_t>(width) * oh + ow / 2) / ow)); };
    switch (s) {
        case ImageSize::S150x150: w = 150; h = 150; return;
        case ImageSize::S400x300: w = 400; h = 300; return;
        case ImageSize::S600x: w = 600; h = scaled(600); return;
        case ImageSize::S1200x: w = 1200; h = scaled(1200); return;
        case ImageSize::Originals: w = ow; h = oh; return;
    }
}

// [SECTION] Rendering

namespace {

struct Rgb {
    float r, g, b;
};

Rgb hsv(float h, float s, float v) {
    h = std::fmod(h, 1.0f) * 6.0f;
    int i = static_cast<int>(h);
    float f = h - static_cast<float>(i), p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
    switch (i % 6) {
        case 0: return {v, t, p};
        case 1: return {q, v, p};
        case 2: return {p, v, t};
        case 3: return {p, q, v};
        case 4: return {t, p, v};
        default: return {v, p, q};
    }
}

struct Picture {
    Rgb a, b;
    float gx, gy;  // gradient direction
    struct Shape {
        int kind;  // 0 circle, 1 rectangle
        float cx, cy, rx, ry, alpha;
        Rgb color;
    } shapes[4];
    int n_shapes;
};

Picture make_picture(uint64_t key) {
    Rng r{key};
    Picture p{};
    float hue = static_cast<float>(r.unit());
    p.a = hsv(hue, 0.25f + 0.25f * static_cast<float>(r.unit()), 0.80f + 0.15f * static_cast<float>(r.unit()));
    p.b = hsv(hue + 0.08f + 0.2f * static_cast<float>(r.unit()), 0.35f + 0.3f * static_cast<float>(r.unit()),
              0.55f + 0.3f * static_cast<float>(r.unit()));
    float ang = static_cast<float>(r.unit()) * 6.2831853f;
    p.gx = std::cos(ang);
    p.gy = std::sin(ang);
    p.n_shapes = 2 + static_cast<int>(r.next() % 3);
    for (int i = 0; i < p.n_shapes; ++i) {
        auto& s = p.shapes[i];
        s.kind = static_cast<int>(r.next() % 2);
        s.cx = static_cast<float>(r.unit());
        s.cy = static_cast<float>(r.unit());
        s.rx = 0.1f + 0.25f * static_cast<float>(r.unit());
        s.ry = s.kind == 0 ? s.rx : 0.05f + 0.2f * static_cast<float>(r.unit());
        s.alpha = 0.25f + 0.35f * static_cast<float>(r.unit());
        s.color = hsv(hue + 0.5f * static_cast<float>(r.unit()), 0.3f + 0.4f * static_cast<float>(r.unit()),
                      0.6f + 0.4f * static_cast<float>(r.unit()));
    }
    return p;
}

// Colour at normalised coordinates (u, v) of the original image; `aspect` = height / width.
Rgb shade(const Picture& p, float u, float v, float aspect) {
    float t = 0.5f + 0.5f * ((u - 0.5f) * p.gx + (v - 0.5f) * p.gy);
    t = std::min(1.0f, std::max(0.0f, t));
    Rgb c{p.a.r + (p.b.r - p.a.r) * t, p.a.g + (p.b.g - p.a.g) * t, p.a.b + (p.b.b - p.a.b) * t};
    for (int i = 0; i < p.n_shapes; ++i) {
        const auto& s = p.shapes[i];
        float dx = (u - s.cx), dy = (v - s.cy) * aspect;
        bool inside = s.kind == 0 ? dx * dx + dy * dy <= s.rx * s.rx : std::fabs(dx) <= s.rx && std::fabs(dy) <= s.ry;
        if (inside) {
            c.r += (s.color.r - c.r) * s.alpha;
            c.g += (s.color.g - c.g) * s.alpha;
            c.b += (s.color.b - c.b) * s.alpha;
        }
    }
    return c;
}

uint8_t to8(float x) { return static_cast<uint8_t>(std::lround(std::min(1.0f, std::max(0.0f, x)) * 255.0f)); }

#if PINLAB_EMU_PNG
void write_cb(void* ctx, void* data, int size) {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<size_t>(size));
}
#endif

}  // namespace

void render_rgba(const ImageSource& src, int w, int h, std::vector<uint8_t>& rgba) {
    rgba.assign(static_cast<size_t>(w) * static_cast<size_t>(h) * 4, 255);
    Picture pic = make_picture(src.key);
    // Cover-fit the original (ow x oh) into w x h, centred: crops for 150x150 and 400x300.
    float ow = static_cast<float>(src.width > 0 ? src.width : 1), oh = static_cast<float>(src.height > 0 ? src.height : 1);
    float scale = std::max(static_cast<float>(w) / ow, static_cast<float>(h) / oh);
    float offx = (ow - static_cast<float>(w) / scale) / 2, offy = (oh - static_cast<float>(h) / scale) / 2;
    float aspect = oh / ow;
    for (int y = 0; y < h; ++y) {
        float v = ((static_cast<float>(y) + 0.5f) / scale + offy) / oh;
        for (int x = 0; x < w; ++x) {
            float u = ((static_cast<float>(x) + 0.5f) / scale + offx) / ow;
            Rgb c = shade(pic, u, v, aspect);
            uint8_t* px = &rgba[(static_cast<size_t>(y) * static_cast<size_t>(w) + static_cast<size_t>(x)) * 4];
            px[0] = to8(c.r);
            px[1] = to8(c.g);
            px[2] = to8(c.b);
        }
    }
}

std::string encode_png(int w, int h, const std::vector<uint8_t>& rgba) {
    std::string out;
#if PINLAB_EMU_PNG
    // Low compression: these images are generated on request and the encoder dominates their cost.
    stbi_write_png_compression_level = 2;
    stbi_write_png_to_func(write_cb, &out, w, h, 4, rgba.data(), w * 4);
#endif
    return out;
}

std::string average_color_hex(const ImageSource& src) {
    // The picture is resolution independent, so a small render gives the average of every size.
    int w = 24, h = std::max(1, 24 * src.height / std::max(1, src.width));
    std::vector<uint8_t> px;
    render_rgba(src, w, h, px);
    uint64_t sum[3] = {0, 0, 0};
    for (size_t i = 0; i < px.size(); i += 4)
        for (int k = 0; k < 3; ++k) sum[k] += px[i + static_cast<size_t>(k)];
    uint64_t n = static_cast<uint64_t>(w) * static_cast<uint64_t>(h);
    // "#RRGGBB" (uppercase) by hand: the seed data's pins are made in the Demo worker's first module, which
    // carries no printf.
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string hex = "#";
    for (const uint64_t s : sum) {
        const auto v = static_cast<unsigned>(s / n);  // an average of bytes: 0..255
        hex += kHex[v >> 4 & 15];
        hex += kHex[v & 15];
    }
    return hex;
}

bool sniff_image(std::string_view b, std::string& mime, int& w, int& h) {
    auto u8 = [&](size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(b[i])); };
    if (b.size() >= 24 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8) && b.substr(12, 4) == "IHDR") {
        mime = "image/png";
        w = static_cast<int>((u8(16) << 24 | u8(17) << 16 | u8(18) << 8 | u8(19)) & 0x7FFFFFFF);
        h = static_cast<int>((u8(20) << 24 | u8(21) << 16 | u8(22) << 8 | u8(23)) & 0x7FFFFFFF);
        return w > 0 && h > 0;
    }
    if (b.size() >= 4 && u8(0) == 0xFF && u8(1) == 0xD8 && u8(2) == 0xFF) {
        mime = "image/jpeg";
        w = h = 0;
        size_t i = 2;
        while (i + 9 < b.size()) {  // walk the segments up to a start-of-frame marker
            if (u8(i) != 0xFF) return false;
            unsigned m = u8(i + 1);
            if (m == 0xFF) { ++i; continue; }
            size_t len = u8(i + 2) << 8 | u8(i + 3);
            bool sof = (m >= 0xC0 && m <= 0xCF) && m != 0xC4 && m != 0xC8 && m != 0xCC;
            if (sof) {
                h = static_cast<int>(u8(i + 5) << 8 | u8(i + 6));
                w = static_cast<int>(u8(i + 7) << 8 | u8(i + 8));
                return w > 0 && h > 0;
            }
            if (len < 2) return false;
            i += 2 + len;
        }
        return false;
    }
    return false;
}

// [SECTION] LRU of encoded PNGs

PngCache::Bytes PngCache::get(const std::string& key) {
    for (auto it = items_.begin(); it != items_.end(); ++it) {
        if (it->first == key) {
            items_.splice(items_.begin(), items_, it);
            return items_.front().second;
        }
    }
    return nullptr;
}

void PngCache::put(const std::string& key, Bytes png) {
    items_.emplace_front(key, std::move(png));
    while (items_.size() > kMax) items_.pop_back();
}

size_t PngCache::bytes() const {
    size_t n = 0;
    for (const auto& [k, v] : items_) n += k.capacity() + (v ? v->capacity() : 0) + 64;
    return n;
}

// [SECTION] Serving

bool Emulator::Impl::resolve_image(std::string_view path, const ImageSource*& src, ImageSource& tmp,
                                   ImageSize& size) const {
    auto parts = split(path, '/');  // "", "media", "pins"|"users", id, [index], "<size>.<ext>"
    if (parts.size() < 5 || parts.size() > 6 || !parts[0].empty() || parts[1] != "media") return false;
    const std::string& file = parts.back();
    size_t dot = file.rfind('.');
    if (dot == std::string::npos || !parse_size_name(std::string_view(file).substr(0, dot), size)) return false;
    std::string ext = file.substr(dot + 1);
    if (parts[2] == "users") {
        if (parts.size() != 5 || ext != "png" || (parts[3] != store.username && !known_user(parts[3]))) return false;
        tmp = ImageSource{};
        tmp.key = hash64(parts[3], opts.seed);
        tmp.width = tmp.height = 600;
        src = &tmp;
        return true;
    }
    if (parts[2] != "pins") return false;
    auto it = store.pins.find(parts[3]);
    if (it == store.pins.end()) return false;
    size_t index = 0;
    if (parts.size() == 6) {
        if (!is_digits(parts[4]) || parts[4].size() > 2) return false;
        index = static_cast<size_t>(digits_value(parts[4]));
    }
    if (index >= it->second.items.size()) return false;
    src = &it->second.items[index].image;
    return ext == image_ext(*src);
}

Response Emulator::Impl::serve_image(Ctx& c) {
    const ImageSource* src = nullptr;
    ImageSource tmp;
    ImageSize size;
    if (!resolve_image(c.path, src, tmp, size)) return error_response(404, 404, "Image not found.");
    Response r;
    r.status = 200;
    r.headers.set("Cache-Control", "public, max-age=86400");
    // Kept bytes go to a host that asked for them by reference (no copy), else into the body.
    auto hand_out = [&](const std::shared_ptr<const std::string>& bytes) {
        if (shared_out) *shared_out = bytes;
        else if (bytes) r.body = *bytes;
        return r;
    };
    if (src->uploaded) {
        r.headers.set("Content-Type", src->mime);
        return hand_out(src->bytes);
    }
    r.headers.set("Content-Type", "image/png");
    if (PngCache::Bytes hit = png_cache.get(c.path)) return hand_out(hit);
    int w, h;
    size_dims(size, src->width, src->height, w, h);
    if (opts.defer_image_renders) {  // drawn by the host outside its lock (render_deferred)
        r.headers.set("X-Emulator-Render", std::to_string(src->key) + ":" + std::to_string(src->width) + ":" +
                                               std::to_string(src->height) + ":" + std::to_string(w) + ":" +
                                               std::to_string(h));
        return r;
    }
    std::vector<uint8_t> rgba;
    render_rgba(*src, w, h, rgba);
    r.body = encode_png(w, h, rgba);
    if (r.body.empty()) return error_response(501, 501, "This build renders images in-process only (Emulator::render_image).");
    png_cache.put(c.path, std::make_shared<const std::string>(r.body));
    return r;
}

bool Emulator::render_image(const std::string& path, int& width, int& height, std::vector<uint8_t>& rgba,
                            int max_width) {
    impl_->ensure_seeded();
    std::string p = path;
    if (auto url = parse_url(path)) p = url->path;
    const ImageSource* src = nullptr;
    ImageSource tmp;
    ImageSize size;
    if (!impl_->resolve_image(p, src, tmp, size) || src->uploaded) return false;
    size_dims(size, src->width, src->height, width, height);
    if (max_width > 0 && width > max_width) {
        // The pictures are resolution independent: a smaller render is the same image, only cheaper.
        height = std::max(1, static_cast<int>(std::lround(static_cast<double>(height) * max_width / width)));
        width = max_width;
    }
    render_rgba(*src, width, height, rgba);
    return true;
}

std::string Emulator::render_deferred(std::string_view job) {
    uint64_t v[5] = {0, 0, 0, 0, 0};
    size_t k = 0;
    for (size_t i = 0; i <= job.size() && k < 5; ++i) {
        if (i == job.size() || job[i] == ':') {
            ++k;
            continue;
        }
        if (job[i] < '0' || job[i] > '9' || v[k] > (UINT64_MAX - 9) / 10) return {};
        v[k] = v[k] * 10 + static_cast<uint64_t>(job[i] - '0');
    }
    if (k != 5 || v[3] == 0 || v[4] == 0 || v[3] > 4096 || v[4] > 8192 || v[1] > 20000 || v[2] > 20000) return {};
    ImageSource src;
    src.key = v[0];
    src.width = static_cast<int>(v[1]);
    src.height = static_cast<int>(v[2]);
    std::vector<uint8_t> rgba;
    render_rgba(src, static_cast<int>(v[3]), static_cast<int>(v[4]), rgba);
    return encode_png(static_cast<int>(v[3]), static_cast<int>(v[4]), rgba);
}

void Emulator::cache_image(const std::string& path, std::string png) {
    if (!png.empty()) impl_->png_cache.put(path, std::make_shared<const std::string>(std::move(png)));
}

void Emulator::cache_image(const std::string& path, std::shared_ptr<const std::string> png) {
    if (png && !png->empty()) impl_->png_cache.put(path, std::move(png));
}

const char* image_ext(const ImageSource& img) { return img.uploaded && img.mime == "image/jpeg" ? "jpg" : "png"; }

void append_pin_image_path(std::string& out, std::string_view pin_id, int index, const char* size, const ImageSource& img) {
    out += "/media/pins/";
    out += pin_id;
    if (index > 0) {
        out += '/';
        out += std::to_string(index);
    }
    out += '/';
    out += size;
    out += '.';
    out += image_ext(img);
}

std::string pin_image_path(const std::string& pin_id, int index, const char* size, const ImageSource& img) {
    std::string path;
    append_pin_image_path(path, pin_id, index, size, img);
    return path;
}

}  // namespace pinlab::emu
