#include "util/csv_writer.h"

#include "util/csv_formula_guard.h"

namespace lineport::csv {

std::string field(std::string_view value, Quoting quoting) {
  std::string safe;
  if (needs_formula_guard(value)) safe = formula_guard;
  safe += value;
  // A signed number (a phone number in international form) is quoted: it is text to us.
  const bool signed_number = !value.empty() && (value.front() == '+' || value.front() == '-');
  if (quoting == Quoting::when_needed && !signed_number && safe.find_first_of(",\"\r\n'") == std::string::npos)
    return safe;
  std::string out = "\"";
  for (const char c : safe) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string line(const std::vector<std::string>& fields, Quoting quoting) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += field(fields[i], quoting);
  }
  return out + "\r\n";
}

}  // namespace lineport::csv
