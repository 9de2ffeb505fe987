// dates.h — the calendar both sides of the API agree on: YYYY-MM-DD dates as days since 1970-01-01
// (the analytics ranges) and UTC timestamps as "YYYY-MM-DDTHH:MM:SS" (created_at fields). Proleptic
// Gregorian, no time zones, no locale.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pinlab {

constexpr int64_t kDayMs = 86400000;  // milliseconds in a (UTC, leap-second-free) day

// "YYYY-MM-DD" -> days since 1970-01-01; nullopt unless exactly that shape and a real date ("2023-02-29" is not).
std::optional<int64_t> parse_ymd_days(std::string_view ymd);
std::string days_to_ymd(int64_t days);    // the inverse: 0 -> "1970-01-01"
std::string format_datetime(int64_t ms);  // ms since the epoch -> "2024-01-02T03:04:05" (UTC, milliseconds dropped)

}  // namespace pinlab
