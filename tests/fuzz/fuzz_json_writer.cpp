// fuzz_json_writer.cpp — libFuzzer target: core/json_writer's string on any bytes is exactly what nlohmann's
// dump writes (json_dump: its escapes, and invalid UTF-8 replaced by U+FFFD at the same places), appended to
// what the string already held.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/json.h"
#include "core/json_writer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string in(reinterpret_cast<const char*>(data), size);
    std::string out = "[";
    pinlab::json_put_string(out, in);
    if (out.compare(0, 1, "[") != 0 || out.compare(1, std::string::npos, pinlab::json_dump(pinlab::json(in))) != 0)
        __builtin_trap();
    return 0;
}
