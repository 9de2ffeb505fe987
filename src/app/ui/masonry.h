// masonry.h — the pin grid's layout: columns of a target width, each pin placed in the lowest column,
// computed once per data or width change and extended as pages arrive (never per frame).
#pragma once

#include <cstdint>
#include <vector>

#include "core/models.h"

namespace pinlab::app {

struct MasonryLayout {
    float width = -1, col_w = 0, gap = 0, title_h = 0;
    int cols = 0;
    std::vector<float> col_bottom;
    struct Cell {
        float x, y, w, img_h;
    };
    std::vector<Cell> cells;  // one per pin, relative to the grid's origin
    float height = 0;
    uint64_t data_version = 0;
    void reset() { width = -1; cells.clear(); col_bottom.clear(); height = 0; }
};

// Height/width of the image the grid shows for a pin (1 when unknown).
float pin_aspect(const Pin& p);
// Places pins [layout.cells.size(), pins.size()) (all of them after a reset or width change).
void layout_masonry(MasonryLayout& layout, const std::vector<Pin>& pins, float width, float col_target, float gap,
                    float title_h, uint64_t data_version);

}  // namespace pinlab::app
