// number_strtod.cpp — decimal_to_double_exact() for native builds: the C library's strtod, correctly
// rounded. The web build uses src/platform/web/number_js.cpp instead (see number.h).
#include <cstdlib>
#include <string>

#include "core/number.h"

namespace pinlab {

double decimal_to_double_exact(std::string_view text) {
    return std::strtod(std::string(text).c_str(), nullptr);
}

}  // namespace pinlab
