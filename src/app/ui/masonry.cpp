// masonry.cpp — the pin grid's column layout.
#include "app/ui/masonry.h"

#include <algorithm>
#include <cmath>

namespace pinlab::app {

float pin_aspect(const Pin& p) {
    if (!p.media) return 1.0f;
    for (const char* k : {"600x", "1200x", "400x300", "originals"}) {
        auto it = p.media->images.find(k);
        if (it != p.media->images.end() && it->second.width && it->second.height && *it->second.width > 0 &&
            *it->second.height > 0) {
            float a = static_cast<float>(*it->second.height) / static_cast<float>(*it->second.width);
            return std::clamp(a, 0.4f, 2.5f);
        }
    }
    if (p.media->width && p.media->height && *p.media->width > 0 && *p.media->height > 0)
        return std::clamp(static_cast<float>(*p.media->height) / static_cast<float>(*p.media->width), 0.4f, 2.5f);
    return 1.0f;
}

void layout_masonry(MasonryLayout& L, const std::vector<Pin>& pins, float width, float col_target, float gap,
                    float title_h, uint64_t data_version) {
    bool relayout = std::fabs(L.width - width) > 0.5f || L.data_version != data_version || L.cells.size() > pins.size();
    if (relayout) {
        L.reset();
        L.width = width;
        L.gap = gap;
        L.title_h = title_h;
        L.data_version = data_version;
        L.cols = std::max(1, static_cast<int>((width + gap) / (col_target + gap)));
        L.col_w = std::max(40.0f, (width - gap * (L.cols - 1)) / L.cols);
        L.col_bottom.assign(static_cast<size_t>(L.cols), 0.0f);
    }
    L.cells.reserve(pins.size());
    for (size_t i = L.cells.size(); i < pins.size(); ++i) {
        size_t col = static_cast<size_t>(std::min_element(L.col_bottom.begin(), L.col_bottom.end()) - L.col_bottom.begin());
        float img_h = std::round(L.col_w * pin_aspect(pins[i]));
        MasonryLayout::Cell c{col * (L.col_w + gap), L.col_bottom[col], L.col_w, img_h};
        L.cells.push_back(c);
        L.col_bottom[col] += img_h + title_h + gap;
        L.height = std::max(L.height, L.col_bottom[col]);
    }
}

}  // namespace pinlab::app
