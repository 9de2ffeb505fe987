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

// What an operation does to the resources its path names, read once from the catalogue's methods and paths
// when it loads (the emulator's generic layer answers by it):
//   Create      POST P, where P is a collection (some GET/PATCH/DELETE P/{x} exists, or GET P is a list)
//   List        GET P answering a paginated `items` list (a page_size or bookmark parameter)
//   Get / Update / Delete   GET / PATCH / DELETE P/{x} of such a collection
//   BulkUpdate  PATCH P of such a collection with an array of {id, ...} (the ads endpoints)
//   Generated   everything else: reports, analytics, lookups
enum class OpKind { Generated, Create, List, Get, Update, Delete, BulkUpdate };

struct OpShape {
    OpKind kind = OpKind::Generated;
    std::string collection;           // the collection's path pattern: the path, or its parent for Get/Update/Delete
    bool creatable = false;           // a POST to `collection` creates its objects
    std::string item_key;             // the collection's item placeholder ("campaign_id"); "" when none
    const json* list_item = nullptr;  // a paginated list's item schema (any GET with one)
};

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
    // What operation_at(i) / operation(id) does (see OpShape); computed by parse().
    const OpShape& shape_at(size_t i) const { return shapes_[i]; }
    const OpShape* shape(std::string_view id) const;

private:
    void classify();
    std::vector<OpShape> shapes_;
    json root_;
    std::string version_;
    std::vector<const json*> ops_;
    std::unordered_map<std::string, size_t> by_id_;
};

}  // namespace pinlab
