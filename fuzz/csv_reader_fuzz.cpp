// libFuzzer target for the CSV reader (run by scripts/fuzz.sh). Any bytes must read without a
// crash, a leak or undefined behaviour; the only exception allowed out is CsvError; cutting the
// input into chunks (two, at a point taken from the first byte, or many small ones) must change
// nothing: the same rows on the same lines, or the same error; and the rows must be those of a
// plain byte-by-byte reading of RFC 4180 written here independently of libcsv, less the
// spreadsheet formula guard (an apostrophe before = + - @ tab CR or another apostrophe).

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/csv_reader.h"
#include "util/text.h"

namespace {

namespace csv = lineport::csv;

// Small limits, so short inputs reach every one of them.
constexpr csv::CsvLimits kLimits{.max_fields_per_row = 8, .max_field_bytes = 32, .max_rows = 16};

constexpr std::array<csv::ExpectedColumn, 3> kColumns = {{
    {"email_or_device", true},
    {"firstname"},
    {"social_messaging", true},
}};

void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "csv_reader_fuzz: broken invariant: %s\n", what);
  std::abort();
}

struct Outcome {
  std::vector<csv::CsvRow> rows;
  bool failed = false;
  std::size_t error_line = 0;
  std::size_t error_column = 0;
  std::string error_message;

  bool operator==(const Outcome& other) const {
    if (rows.size() != other.rows.size()) return false;
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (rows[i].line != other.rows[i].line || rows[i].fields != other.rows[i].fields)
        return false;
    return failed == other.failed && error_line == other.error_line &&
           error_column == other.error_column && error_message == other.error_message;
  }
};

std::size_t count_lines(std::string_view input) {
  std::size_t lines = 1;
  for (std::size_t i = 0; i < input.size(); ++i)
    if (input[i] == '\n' ? i == 0 || input[i - 1] != '\r' : input[i] == '\r') ++lines;
  return lines;
}

void check_row(const csv::CsvRow& row, const Outcome& so_far, std::size_t lines) {
  require(row.line >= 1 && row.line <= lines, "row line inside the file");
  require(so_far.rows.empty() || row.line > so_far.rows.back().line, "row lines increase");
  require(!row.fields.empty() && row.fields.size() <= kLimits.max_fields_per_row, "field count");
  for (const auto& field : row.fields) {
    require(field.size() <= kLimits.max_field_bytes, "field size");
    require(lineport::text::is_valid_utf8(field), "fields are UTF-8");
  }
}

void check_error(const csv::CsvError& e, const Outcome& so_far, std::size_t lines) {
  require(e.line() >= 1 && e.line() <= lines, "error line inside the file");
  require(so_far.rows.empty() || e.line() > so_far.rows.back().line, "error after the rows read");
  require(e.column() <= kLimits.max_fields_per_row + 1, "error column");
  require(!e.message().empty() && lineport::text::is_valid_utf8(e.message()), "error message");
}

// A field as the reader hands it out: the guard our exports add is gone.
std::string unguarded(const std::string& raw) {
  const bool guarded = raw.size() >= 2 && raw[0] == '\'' &&
                       std::string_view("=+-@\t\r'").find(raw[1]) != std::string_view::npos;
  return guarded ? raw.substr(1) : raw;
}

bool same_rows(const std::vector<csv::CsvRow>& read, const std::vector<csv::CsvRow>& raw) {
  return std::equal(read.begin(), read.end(), raw.begin(), raw.end(), [](const auto& x, const auto& y) {
    if (x.line != y.line || x.fields.size() != y.fields.size()) return false;
    for (std::size_t i = 0; i < x.fields.size(); ++i)
      if (x.fields[i] != unguarded(y.fields[i])) return false;
    return true;
  });
}

// The reader's promise, one byte at a time and without limits: the raw records with their lines, or
// nullopt when the input is not strict RFC 4180 in UTF-8.
std::optional<std::vector<csv::CsvRow>> reference_read(std::string_view input) {
  if (input.starts_with("\xEF\xBB\xBF")) input.remove_prefix(3);
  enum class State { field_start, unquoted, quoted, after_quote } state = State::field_start;
  std::vector<csv::CsvRow> rows;
  csv::CsvRow row;
  std::string field;
  std::size_t line = 1;
  bool in_record = false;
  const auto begin_record = [&] {
    if (!in_record) row = csv::CsvRow{{}, line};
    in_record = true;
  };
  const auto end_field = [&] { row.fields.push_back(std::exchange(field, {})); };
  const auto end_record = [&] {
    end_field();
    rows.push_back(row);
    in_record = false;
    state = State::field_start;
  };
  for (std::size_t i = 0; i < input.size(); ++i) {
    const char c = input[i];
    const bool line_break = c == '\r' || c == '\n';
    if (state == State::field_start) {
      if (line_break) {
        if (in_record) end_record();
      } else {
        begin_record();
        if (c == ',')
          end_field();
        else if (c == '"')
          state = State::quoted;
        else
          field += c, state = State::unquoted;
      }
    } else if (state == State::unquoted) {
      if (c == '"') return std::nullopt;
      if (line_break)
        end_record();
      else if (c == ',')
        end_field(), state = State::field_start;
      else
        field += c;
    } else if (state == State::quoted) {
      if (c == '"')
        state = State::after_quote;
      else
        field += c;
    } else {
      if (c == '"')
        field += c, state = State::quoted;
      else if (line_break)
        end_record();
      else if (c == ',')
        end_field(), state = State::field_start;
      else
        return std::nullopt;
    }
    if (c == '\r' || (c == '\n' && (i == 0 || input[i - 1] != '\r'))) ++line;
  }
  if (state == State::quoted) return std::nullopt;
  if (in_record) end_record();
  for (const auto& r : rows)
    for (const auto& f : r.fields)
      if (!lineport::text::is_valid_utf8(f)) return std::nullopt;
  return rows;
}

bool within_limits(const std::vector<csv::CsvRow>& rows) {
  return rows.size() <= kLimits.max_rows &&
         std::all_of(rows.begin(), rows.end(), [](const csv::CsvRow& row) {
           return row.fields.size() <= kLimits.max_fields_per_row &&
                  std::all_of(row.fields.begin(), row.fields.end(), [](const std::string& f) {
                    return f.size() <= kLimits.max_field_bytes;
                  });
         });
}

Outcome read(const std::vector<std::string_view>& chunks, std::size_t lines) {
  Outcome out;
  try {
    csv::CsvReader reader(
        [&out, lines](const csv::CsvRow& row) {
          check_row(row, out, lines);
          out.rows.push_back(row);
        },
        kLimits);
    for (const auto chunk : chunks) reader.feed(chunk);
    reader.finish();
  } catch (const csv::CsvError& e) {
    check_error(e, out, lines);
    out.failed = true;
    out.error_line = e.line();
    out.error_column = e.column();
    out.error_message = e.message();
  }
  return out;
}

void check_header(const Outcome& outcome) {
  if (outcome.rows.empty()) return;
  const auto& header = outcome.rows.front();
  const auto match = csv::match_header(header, kColumns);
  require(match.index.size() == kColumns.size(), "one index per expected column");
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    require(!match.index[i] || *match.index[i] < header.fields.size(), "index inside the header");
    for (const auto& row : outcome.rows) (void)match.value(row, i);
  }
  for (const auto& e : match.errors) require(e.line() == header.line, "header errors on its line");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto lines = count_lines(input);
  const auto whole = read({input}, lines);

  const std::size_t cut = size == 0 ? 0 : data[0] * size / 256;
  require(read({input.substr(0, cut), input.substr(cut)}, lines) == whole,
          "two chunks read as one");

  std::vector<std::string_view> pieces;
  const std::size_t piece = size == 0 ? 1 : data[0] % 5 + 1;
  for (std::size_t at = 0; at < size; at += piece) pieces.push_back(input.substr(at, piece));
  require(read(pieces, lines) == whole, "small chunks read as one");

  const auto expected = reference_read(input);
  if (whole.failed)
    require(!expected || !within_limits(*expected), "a valid file within the limits is read");
  else
    require(expected && same_rows(whole.rows, *expected), "rows as RFC 4180 reads them");

  check_header(whole);
  return 0;
}
