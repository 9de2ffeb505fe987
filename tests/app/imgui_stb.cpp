// imgui_stb.cpp — Debian's libimgui.a is built against the system's stb (libstb-dev) instead of its
// bundled copies, so a program linking it must provide stb_truetype and stb_rect_pack. The headless
// app tests compile them here from the system headers (no CMake change needed).
#define STB_RECT_PACK_IMPLEMENTATION
#include <stb/stb_rect_pack.h>
#define STB_TRUETYPE_IMPLEMENTATION
#include <stb/stb_truetype.h>
