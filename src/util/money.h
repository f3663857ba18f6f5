#pragma once
// Money as integer millionths of a currency's unit ("micro-units"): prices are written as decimal
// strings of up to six decimals ("0.0125") and never pass through floating point
// (docs/subscriptions.md#charging).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lineport::money {

inline constexpr std::int64_t micros_per_unit = 1'000'000;
// The largest price accepted: a billion units a minute, a message or a user is not a price.
inline constexpr std::int64_t max_price_micros = 1'000'000'000 * micros_per_unit;

// "12", "0.0125", "4.50" → micro-units; none unless the text is digits with at most one point and
// six decimals after it, nothing else (no sign, no exponent, no spaces), and at most max_price_micros.
std::optional<std::int64_t> parse_price(std::string_view text);

// Micro-units as the shortest decimal string that reads back the same: 12500 → "0.0125",
// 4500000 → "4.5", 3000000 → "3".
std::string format_micros(std::int64_t micros);

// True for the active ISO 4217 currency codes ("USD", "EUR", "BRL"…).
bool is_currency_code(std::string_view code);

}  // namespace lineport::money
