// test_masonry.cpp — the masonry layout: columns never overlap and appending pins is incremental.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/fake_platform.h"
#include "app/state.h"

using namespace pinlab;
using namespace pinlab::app;
using pinlab::app::test::Harness;

TEST(AppMasonry, ColumnsDoNotOverlapAndAppendIsIncremental) {
    std::vector<Pin> pins(200);
    for (size_t i = 0; i < pins.size(); ++i) {
        pins[i].id = std::to_string(i);
        PinMedia m;
        ImageDetails d;
        d.width = 600;
        d.height = 300 + static_cast<int>(i % 7) * 100;
        m.images["600x"] = d;
        pins[i].media = m;
    }
    MasonryLayout L;
    layout_masonry(L, pins, 1000, 236, 12, 20, 1);
    ASSERT_EQ(L.cells.size(), pins.size());
    EXPECT_EQ(L.cols, 4);
    // Cells in the same column never overlap.
    for (size_t i = 0; i < L.cells.size(); ++i)
        for (size_t j = i + 1; j < L.cells.size(); ++j)
            if (L.cells[i].x == L.cells[j].x) {
                const auto &a = L.cells[i], &b = L.cells[j];
                EXPECT_TRUE(a.y + a.img_h + 20 <= b.y || b.y + b.img_h + 20 <= a.y) << i << " " << j;
            }
    // Tops never decrease in placement order (the grid binary-searches the first visible cell).
    for (size_t i = 1; i < L.cells.size(); ++i) EXPECT_LE(L.cells[i - 1].y, L.cells[i].y) << i;
    auto first = L.cells[10];
    pins.resize(250, pins[0]);
    layout_masonry(L, pins, 1000, 236, 12, 20, 1);
    EXPECT_EQ(L.cells.size(), 250u);
    EXPECT_EQ(L.cells[10].y, first.y);  // appended, not recomputed
}
