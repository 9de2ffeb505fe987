// number_js.cpp — decimal_to_double_exact() for the web build: the JavaScript engine's Number(), which
// ECMAScript requires to round correctly, as strtod does natively (core/number.h). Linked into the page,
// the Demo worker and every other web program through pinlab_core, in place of number_strtod.cpp.
#include <emscripten.h>

#include <cstddef>

#include "core/number.h"

// The text is a JSON number: ASCII, so its bytes are its characters.
EM_JS(double, pinlab_js_number, (const char* p, size_t n), {
    var s = "";
    for (var i = 0; i < n; i++) s += String.fromCharCode(HEAPU8[p + i]);
    return Number(s);
});

namespace pinlab {

double decimal_to_double_exact(std::string_view text) { return pinlab_js_number(text.data(), text.size()); }

}  // namespace pinlab
