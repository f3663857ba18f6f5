#include "util/csv_writer.h"

namespace lineport::csv {

std::string field(std::string_view value, Quoting quoting) {
  std::string safe;
  if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) safe = "'";
  safe += value;
  if (quoting == Quoting::when_needed && safe.find_first_of(",\"\r\n'") == std::string::npos) return safe;
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
