// ajv.h — runs the reference validator (tests/schema/ajv_check.js: Ajv + ajv-formats, installed by scripts/setup)
// over {schema, value} cases whose schemas are in the catalogue's form, for the differential test of core/schema
// and the emulator's all-operations conformance test.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/json.h"
#include "core/json_util.h"

namespace pinlab::test {

struct AjvVerdict {
    bool valid = false;
    std::string error;  // Ajv's errorsText when not valid
};

// Ajv's verdict on each case, in order. Empty, with `error` saying why, when node or the packages are missing.
inline std::vector<AjvVerdict> ajv_verdicts(const json& cases, std::string& error) {
    // Named by process and call: ctest runs test programs side by side, and each may call this more than once.
    static int calls = 0;
    const std::string tag = std::to_string(static_cast<long>(getpid())) + "_" + std::to_string(++calls);
    const std::string dir = ::testing::TempDir();
    const std::string in = dir + "/pinlab_ajv_in_" + tag + ".json", out = dir + "/pinlab_ajv_out_" + tag + ".json";
    {
        std::ofstream f(in, std::ios::binary);
        f << json_dump(json{{"cases", cases}});
    }
    std::remove(out.c_str());
    const std::string cmd = std::string("node '") + PINLAB_SOURCE_DIR + "/tests/schema/ajv_check.js' '" +
                            PINLAB_CATALOGUE_PATH + "' '" + in + "' '" + out + "' 2>&1";
    std::string said;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[512];
        while (size_t n = fread(buf, 1, sizeof buf, p)) said.append(buf, n);
        if (pclose(p) != 0) {
            error = "ajv_check.js failed (run scripts/setup for tests/schema's packages): " + said.substr(0, 2000);
            return {};
        }
    } else {
        error = "cannot run node";
        return {};
    }
    std::stringstream ss;
    {
        std::ifstream f(out, std::ios::binary);
        ss << f.rdbuf();
    }
    std::remove(in.c_str());
    std::remove(out.c_str());
    auto parsed = json_parse(ss.str());
    if (!parsed || !parsed->is_array() || parsed->size() != cases.size()) {
        error = "ajv_check.js wrote no verdicts";
        return {};
    }
    std::vector<AjvVerdict> verdicts;
    for (const json& r : *parsed) verdicts.push_back({r.value("valid", false), r.value("error", std::string())});
    return verdicts;
}

}  // namespace pinlab::test
