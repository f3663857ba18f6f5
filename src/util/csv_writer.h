#pragma once
// Writing CSV (RFC 4180) that is safe to open in a spreadsheet.

#include <string>
#include <string_view>
#include <vector>

namespace lineport::csv {

enum class Quoting { when_needed, always };

// One field, quoted when needed (or always). A formula gets the apostrophe guard of
// util/csv_formula_guard.h; a signed plain number (a phone number) is quoted instead.
std::string field(std::string_view value, Quoting quoting = Quoting::when_needed);
// Fields joined by commas, ended by CRLF.
std::string line(const std::vector<std::string>& fields, Quoting quoting = Quoting::when_needed);

}  // namespace lineport::csv
