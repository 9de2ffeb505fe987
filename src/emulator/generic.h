// generic.h — the emulator's generic layer: every operation without a modelled handler is answered from
// the catalogue (core/catalogue.h). Its parameters and JSON body are validated against the spec, and it is
// answered from a small store keyed by the spec's paths (a POST to a collection creates objects that the
// collection's GET and `…/{id}` return, PATCH updates them, DELETE removes them) or, for reports, analytics
// and lookups, with a generated body that conforms to the operation's response schema. Generated values are
// realistic by format and name and deterministic for the seed. The implementation is Impl::generic
// (generic.cpp); this header holds the store, which the snapshot saves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "core/json.h"

namespace pinlab::emu {

struct GenericObject {
    uint64_t seq = 0;  // creation order (lists, bookmarks)
    // The object as the create answer's schema describes it, as compact JSON text (json_dump): a parsed
    // tree would take about three times its size for as long as the object is kept, the text takes its
    // size (what the account's byte quota counts). Parsed when read.
    std::string text;
    json value() const;  // the parsed text (generic.cpp)
    // `v` as the text to keep: compact JSON, its buffer no larger than the text (a dump's buffer grows by
    // doubling, which would keep up to twice the text).
    static std::string text_of(const json& v);
};

// Objects by id, in one concrete collection ("/ad_accounts/549755885175/campaigns").
using GenericCollection = std::map<std::string, GenericObject>;

struct GenericAccount {
    std::map<std::string, GenericCollection> collections;  // by concrete collection path
    size_t objects = 0, bytes = 0;
};

struct GenericStore {
    uint64_t next_seq = 1;                           // ids and seqs of created objects
    std::map<std::string, GenericAccount> accounts;  // by the token's user id
};

}  // namespace pinlab::emu
