// schema_doc.h — a catalogue schema (core/catalogue.h) as a document for a reader, and a request body built
// from it. The Explorer's schema panel draws the tree (request bodies, parameters, every response code);
// the body editor starts from the skeleton.
//
// The tree: one node per value, nested objects and arrays to any depth. A "$ref" already open on the way
// down is a cycle: its node names the component and stops ("cycle": true). A budget of nodes bounds the
// answer; a node past it says "truncated" and the reader asks for that component's own tree. allOf parts
// are merged into one object (what a value must be); oneOf/anyOf alternatives are "variants".
//   node = {"name", "path" (the value's JSON pointer; an array's items are "/0"), "type", "ref"?, "title"?,
//           "format"?, "description"?, "required"?, "constraints"?: {"maxLength": 500, "nullable": true, …},
//           "enum"?, "default"?, "example"?, "all_of"?: [component names],
//           "properties"?: [node], "items"?: node, "additional"?: node,
//           "variants"?: {"kind": "oneOf"|"anyOf", "discriminator"?, "options": [node + "tag"?]},
//           "cycle"?: true, "truncated"?: true}
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/json.h"

namespace pinlab {

struct SchemaTreeOptions {
    size_t max_nodes = 1500;  // the answer's bound (the largest response models have a few hundred)
    int max_depth = 40;       // nesting bound, beyond what any schema of the spec reaches
};

// The tree of `schema` (a catalogue schema, "$ref" or inline) named `name`.
json schema_tree(const Catalogue& c, const json& schema, const std::string& name = "",
                 const SchemaTreeOptions& options = {});

struct SkeletonRequest {
    std::map<std::string, size_t> variants;  // JSON pointer of a oneOf/anyOf value -> the option to fill
    std::vector<std::string> also_required;  // top-level fields to include though the schema says optional
    std::map<std::string, std::string> ids;  // property name -> a real value ("board_id" -> "549755885175")
    bool all = false;      // every property, not only the required ones (a response's example)
    bool request = true;   // a request leaves readOnly properties out
};

struct Skeleton {
    json body;
    // JSON pointers of the values the user must replace (made up from a type, a format or the spec's
    // example); values from `ids`, an enum or a default are not listed.
    std::vector<std::string> placeholders;
};

// A body for `schema`: the required properties (and `also_required`; every one with `all`), each option as
// chosen in `variants` (the first one otherwise), readOnly properties left out of a request.
Skeleton body_skeleton(const Catalogue& c, const json& schema, const SkeletonRequest& request = {});

}  // namespace pinlab
