// fuzz_models.cpp — libFuzzer target: the typed model decoders (core/models.h) on any bytes, as
// they arrive from the API: pins, boards, sections, accounts, analytics, token and error bodies.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/models.h"
#include "core/oauth.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view body(reinterpret_cast<const char*>(data), size);
    (void)pinlab::decode_json<pinlab::Pin>(body);
    (void)pinlab::decode_json<pinlab::Board>(body);
    (void)pinlab::decode_json<pinlab::BoardSection>(body);
    (void)pinlab::decode_json<pinlab::Account>(body);
    (void)pinlab::decode_json<pinlab::Paginated<pinlab::Pin>>(body);
    (void)pinlab::decode_json<pinlab::AnalyticsResponse>(body);
    (void)pinlab::decode_json<pinlab::TopPinsAnalytics>(body);
    (void)pinlab::decode_json<pinlab::MultiPinAnalytics>(body);
    (void)pinlab::decode_json<pinlab::TokenResponse>(body);
    (void)pinlab::decode_json<pinlab::PinterestError>(body);
    (void)pinlab::tokens_from_json(body);
    return 0;
}
