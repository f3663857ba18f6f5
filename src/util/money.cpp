#include "util/money.h"

#include <algorithm>
#include <iterator>

namespace lineport::money {

std::optional<std::int64_t> parse_price(std::string_view text) {
  const auto point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction = point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  const auto digits_only = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || whole.size() > 10 || !digits_only(whole)) return std::nullopt;
  if (point != std::string_view::npos && (fraction.empty() || fraction.size() > 6 || !digits_only(fraction)))
    return std::nullopt;
  std::int64_t micros = 0;
  for (const char c : whole) micros = micros * 10 + (c - '0');
  micros *= micros_per_unit;
  std::int64_t scale = micros_per_unit / 10;
  for (const char c : fraction) {
    micros += (c - '0') * scale;
    scale /= 10;
  }
  if (micros > max_price_micros) return std::nullopt;
  return micros;
}

std::string format_micros(std::int64_t micros) {
  const bool negative = micros < 0;
  // Magnitudes as unsigned, so the most negative value has one too.
  const std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(micros) : static_cast<std::uint64_t>(micros);
  std::string out = (negative ? "-" : "") + std::to_string(magnitude / micros_per_unit);
  std::string fraction = std::to_string(magnitude % micros_per_unit);
  fraction.insert(0, 6 - fraction.size(), '0');
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (!fraction.empty()) out += "." + fraction;
  return out;
}

bool is_currency_code(std::string_view code) {
  // The active codes of ISO 4217 (2025), sorted for the binary search below.
  static constexpr std::string_view codes[] = {
      "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF", "BMD",
      "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP",
      "CNY", "COP", "COU", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD",
      "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR",
      "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK",
      "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK",
      "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR",
      "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS",
      "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH",
      "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV", "WST", "XAF", "XAG", "XAU", "XBA",
      "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF", "XPD", "XPF", "XPT", "XSU", "XUA", "YER", "ZAR", "ZMW", "ZWG"};
  static_assert(std::is_sorted(std::begin(codes), std::end(codes)));
  return std::binary_search(std::begin(codes), std::end(codes), code);
}

}  // namespace lineport::money
