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
    json value;        // as the create answer's object schema describes it
    size_t bytes = 0;  // size of value as JSON (the account's byte quota)
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
