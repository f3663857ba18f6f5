#pragma once
// The spreadsheet formula guard of our CSV files (docs/decisions.md, "CSV and spreadsheets").
// A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula, so a value
// starting so is written with an apostrophe before it, which spreadsheets show as text. A plain
// number (+12125550123, -5, 2.5) computes nothing and is written as it is: a phone number
// exported from Lineport uploads back unchanged. CsvReader drops the apostrophe again, so a file
// saved by Lineport, or by a spreadsheet from it, can be uploaded as it is.

#include <string_view>

namespace lineport::csv {

inline constexpr char formula_guard = '\'';

inline bool starts_formula(char c) {
  return std::string_view("=+-@\t\r").find(c) != std::string_view::npos;
}

// Digits with an optional sign and decimal part, nothing else.
inline bool is_plain_number(std::string_view v) {
  if (!v.empty() && (v.front() == '+' || v.front() == '-')) v.remove_prefix(1);
  const auto point = v.find('.');
  const auto digits = [](std::string_view d) {
    return !d.empty() && d.find_first_not_of("0123456789") == std::string_view::npos;
  };
  return point == std::string_view::npos ? digits(v) : digits(v.substr(0, point)) && digits(v.substr(point + 1));
}

// Whether the reader would take a leading apostrophe of `v` for the guard.
inline bool looks_guarded(std::string_view v) {
  return v.size() >= 2 && v[0] == formula_guard && (starts_formula(v[1]) || v[1] == formula_guard);
}

// The writer's side: a formula gets the guard, and so does a value that would otherwise lose its
// own leading apostrophe on the way back in.
inline bool needs_formula_guard(std::string_view v) {
  if (v.empty()) return false;
  return (starts_formula(v.front()) && !is_plain_number(v)) || looks_guarded(v);
}

// The reader's side.
inline std::string_view without_formula_guard(std::string_view v) {
  return looks_guarded(v) ? v.substr(1) : v;
}

}  // namespace lineport::csv
