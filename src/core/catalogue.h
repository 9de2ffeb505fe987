// catalogue.h — the compact catalogue of every API operation (catalogue.json, written by the build from
// spec/openapi.json by scripts/gen_spec.py; its format is described there) held in memory, indexed by
// operationId (which operation a method + path is: match_operation in core/operations.h). Read by the
// emulator's generic layer and by the Explorer's spec service; never by the page's first frame (the file is
// 1.1 MB and loads when first needed).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/json.h"

namespace pinlab {

class Catalogue {
public:
    // Parses catalogue.json. nullopt (and `error` set) for malformed text or an unknown format.
    static std::shared_ptr<const Catalogue> parse(std::string_view text, std::string* error = nullptr);

    const json& root() const { return root_; }
    const std::string& version() const { return version_; }
    size_t size() const { return ops_.size(); }
    // Operations in catalogue order (sorted by path, then method).
    const json& operation_at(size_t i) const { return *ops_[i]; }
    // The operation object for an operationId; nullptr when there is none.
    const json* operation(std::string_view id) const;
    // A component schema by name; nullptr when absent.
    const json* schema(std::string_view name) const;
    // Follows "$ref" (a bare component name) until a schema that is not a reference; nullptr when a
    // reference is dangling or loops.
    const json* resolve(const json& schema) const;
    // The 2xx response schema of an operation (nullptr when it declares no body), and its status.
    const json* success_schema(const json& op, int* status = nullptr) const;

private:
    json root_;
    std::string version_;
    std::vector<const json*> ops_;
    std::unordered_map<std::string, size_t> by_id_;
};

}  // namespace pinlab
