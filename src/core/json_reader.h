// json_reader.h — the JSON reader behind decode_json: API response bodies → a compact read-only
// document that the model readers (models.cpp, through json_util.h) walk.
//
// Why our own reader: nlohmann's DOM parse of a 250-pin page (242 KB) took 18 ms in the page's WASM
// build against 0.72 ms for the browser's JSON.parse, and its SAX lexer alone is ~43% of that, so
// no nlohmann interface reaches the goal (≤ 3× JSON.parse). RapidJSON or simdjson would be a second
// general-purpose JSON library in a page whose download is capped (300 KB gzip before the first
// frame, ~5 KB headroom) while nlohmann stays for everything else (settings, catalogue, encoders);
// their size in this build was not measured. This reader only reads, in ~500 lines; with the JVal
// readers in json_util it adds 3.0 KB gzip to the page (pinlab.wasm 267,605 → 270,638 bytes,
// gzip -9) and decodes that page 11× faster in WASM (median; tests/bench/decode_wasm.js).
//
// Shape: one pass over the bytes fills one vector of JVal nodes in document order. A container's
// children follow it and it knows how many nodes its subtree spans, so iteration is pointer
// arithmetic and member lookup a linear scan (API objects have ~20 members). Strings and member
// names are views into the body, or into one unescape buffer when they contain escapes: the body
// must outlive the JDoc.
//
// Validation matches nlohmann's parser (RFC 8259, strict): UTF-8 checked byte by byte, escapes and
// surrogate pairs checked, control characters rejected, a leading UTF-8 BOM skipped, numbers that
// overflow a double rejected, integers beyond 64 bits read as doubles. Three documented differences:
//   - nesting deeper than kMaxDepth (512) is an error (nlohmann has no limit);
//   - a NUL byte after the value is trailing text, an error (nlohmann stops reading at it);
//   - with duplicate member names the FIRST one is seen (lookup, iteration, to_nlohmann); nlohmann
//     keeps the last. RFC 8259 leaves this to the reader; API responses never repeat names.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace pinlab {

// The accessors below are in every model reader's member scan. The web build links with -Oz, where LTO
// left even span() and key() as calls (forcing them inline took decoding a 250-pin page from 2.01 to 1.71 ms).
#if defined(__GNUC__) || defined(__clang__)
#define PINLAB_INLINE inline __attribute__((always_inline))
#else
#define PINLAB_INLINE inline
#endif

class JVal {
public:
    // Integer: fits int64_t; Unsigned: above INT64_MAX (up to UINT64_MAX); larger integers are Float.
    enum class Type : uint8_t { Null, Boolean, Integer, Unsigned, Float, String, Array, Object };

    PINLAB_INLINE Type type() const { return t_; }
    PINLAB_INLINE bool is_null() const { return t_ == Type::Null; }
    PINLAB_INLINE bool is_boolean() const { return t_ == Type::Boolean; }
    PINLAB_INLINE bool is_number_integer() const { return t_ == Type::Integer || t_ == Type::Unsigned; }
    PINLAB_INLINE bool is_number_unsigned() const { return t_ == Type::Unsigned; }
    PINLAB_INLINE bool is_number_float() const { return t_ == Type::Float; }
    PINLAB_INLINE bool is_number() const { return is_number_integer() || is_number_float(); }
    PINLAB_INLINE bool is_string() const { return t_ == Type::String; }
    PINLAB_INLINE bool is_array() const { return t_ == Type::Array; }
    PINLAB_INLINE bool is_object() const { return t_ == Type::Object; }

    // Values; each is only meaningful for its type (checked by the caller, as with nlohmann).
    PINLAB_INLINE bool get_bool() const { return v_.b; }
    PINLAB_INLINE int64_t get_int64() const { return v_.i; }
    PINLAB_INLINE uint64_t get_uint64() const { return v_.u; }
    PINLAB_INLINE double get_double() const { return v_.f; }
    PINLAB_INLINE std::string_view get_string() const { return {v_.s, n_}; }

    // Children of an array or object (0 for scalars).
    PINLAB_INLINE size_t size() const { return is_array() || is_object() ? n_ : 0; }
    // The member name of a node inside an object ("" otherwise).
    PINLAB_INLINE std::string_view key() const { return {key_, key_len_}; }
    // The first member named `key`; nullptr if this is not an object or has no such member.
    const JVal* find(std::string_view key) const;

    // Iterates an array's elements or an object's members (empty for scalars); it.key() and it.value()
    // as with nlohmann's iterators, so json_util's container templates read both.
    class iterator {
    public:
        explicit iterator(const JVal* p) : p_(p) {}
        PINLAB_INLINE const JVal& operator*() const { return *p_; }
        PINLAB_INLINE const JVal* operator->() const { return p_; }
        PINLAB_INLINE iterator& operator++() {
            p_ += p_->span();
            return *this;
        }
        PINLAB_INLINE bool operator==(const iterator& o) const { return p_ == o.p_; }
        PINLAB_INLINE bool operator!=(const iterator& o) const { return p_ != o.p_; }
        PINLAB_INLINE std::string_view key() const { return p_->key(); }
        PINLAB_INLINE const JVal& value() const { return *p_; }

    private:
        const JVal* p_;
    };
    PINLAB_INLINE iterator begin() const { return iterator(this + 1); }
    PINLAB_INLINE iterator end() const { return iterator(this + span()); }

    // A copy as nlohmann json, for free-form fields kept as is (Pin::pin_metrics).
    json to_nlohmann() const;

private:
    friend class JDoc;
    PINLAB_INLINE uint32_t span() const { return is_array() || is_object() ? v_.span : 1; }

    const char* key_ = "";
    uint32_t key_len_ = 0;
    Type t_ = Type::Null;
    uint32_t n_ = 0;  // string length, or number of children
    union {
        bool b;
        int64_t i;
        uint64_t u;
        double f;
        const char* s;
        uint32_t span;  // containers: nodes in the subtree, this one included
    } v_{};
};

class JDoc {
public:
    static constexpr size_t kMaxDepth = 512;

    JDoc() = default;
    JDoc(const JDoc&) = delete;
    JDoc& operator=(const JDoc&) = delete;

    // Parses `text`, which must outlive this document. False on malformed input, with error() saying
    // what and where ("byte 17: invalid escape"); never throws or aborts.
    bool parse(std::string_view text);
    const JVal& root() const { return nodes_.front(); }  // only after a successful parse
    const std::string& error() const { return error_; }

private:
    std::vector<JVal> nodes_;
    std::unique_ptr<char[]> unescaped_;  // strings with escapes, decoded; sized to the body at the first escape
    std::string error_;
};

}  // namespace pinlab
