// number.h — decimal text to double, correctly rounded, without the C library's strtod in the web build.
//
// musl's strtod computes with 128-bit long double, which WebAssembly emulates in software: strtod and
// that arithmetic were 7 KB of the page's gzip. Most numbers an API answers with (a rate, a price, a
// coordinate) have few digits and a small exponent, and for those Clinger's fast path is exact: the
// digits w ≤ 2^53 and 10^|e| ≤ 10^22 are both doubles, and one IEEE multiply or divide rounds correctly.
// The rest go to decimal_to_double_exact(), which the platform provides: strtod natively
// (number_strtod.cpp), the JavaScript engine's Number() in the browser (src/platform/web/number_js.cpp);
// both are correctly rounded, so every input gives the same double on both.
#pragma once

#include <optional>
#include <string_view>

namespace pinlab {

// `text` is a decimal number (JSON's grammar; a '+' or a bare point is declined or read whole). False if the fast path
// cannot answer exactly (more than 19 significant digits, a value over 2^53, or a power of ten past 22).
bool decimal_to_double_fast(std::string_view text, double& out);

// A JSON number's value: the fast path, else decimal_to_double_exact(). ±inf when out of range, as strtod.
double decimal_to_double(std::string_view text);

// The leading number of a header value such as "12", "1.5" or "100, 100;w=1" (as atof reads it: spaces,
// a sign, digits, a fraction, an exponent); nullopt when it does not start with one.
std::optional<double> leading_number(std::string_view text);

// Provided by the platform (see above): the correctly rounded double nearest a JSON number.
double decimal_to_double_exact(std::string_view text);

}  // namespace pinlab
