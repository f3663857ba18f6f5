#pragma once
// Reading CSV (RFC 4180, strict) from bytes that arrive in chunks, on top of libcsv.
//
// Comma separated, double-quote quoting with "" as the escape, CRLF, LF or CR line endings
// (mixed is fine; a lone CR counts as a line break, as libcsv ends the record there), UTF-8 with
// or without a BOM. Fields are returned as written, untrimmed (a space before an opening quote or
// after a closing quote is an error, as in RFC 4180), except that the spreadsheet formula guard
// our exports add ('=…, util/csv_formula_guard.h) is dropped. Completely empty lines are skipped
// but still count for line numbers.
//
// Error lines: a syntax error names the line of the offending character (an unterminated quoted
// field: the line of its opening quote); a field's content or a limit names the record's line.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lineport::csv {

struct CsvRow {
  std::vector<std::string> fields;
  // Physical line (1-based) on which the record starts; a quoted field holding line breaks makes
  // the following records start on later lines.
  std::size_t line = 0;
};

// Bounds on what one file may hold, so a hostile upload cannot exhaust memory. The header row
// counts as a row.
struct CsvLimits {
  std::size_t max_fields_per_row = 256;
  std::size_t max_field_bytes = std::size_t{64} * 1024;
  std::size_t max_rows = 1'000'000;
};

// A file that is not valid CSV (or breaks a limit). The message is plain English for the person
// who uploaded the file and does not repeat the line; what() adds line and column for logs.
class CsvError : public std::runtime_error {
 public:
  CsvError(std::size_t line, std::size_t column, std::string message);
  std::size_t line() const noexcept { return line_; }
  // 1-based field index, 0 when the problem is not about one field.
  std::size_t column() const noexcept { return column_; }
  const std::string& message() const noexcept { return message_; }

 private:
  std::size_t line_;
  std::size_t column_;
  std::string message_;
};

// Streaming reader: feed() the bytes in chunks of any size (a chunk may end anywhere, even inside
// a UTF-8 sequence or between CR and LF), then finish(). The callback sees each record as soon as
// it is complete; the row is reused afterwards, so copy what you keep.
//
// feed() and finish() throw CsvError for a malformed file; an exception thrown by the callback
// stops the reading and comes out of the feed()/finish() call unchanged. After either, the reader
// is spent: every later call throws the same exception again. A moved-from reader may only be
// destroyed or assigned to.
class CsvReader {
 public:
  using RowCallback = std::function<void(const CsvRow&)>;

  explicit CsvReader(RowCallback on_row, CsvLimits limits = {});
  ~CsvReader();
  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;

  void feed(std::string_view chunk);
  // The end of the input: delivers a last record that has no line break after it and reports an
  // unterminated quoted field. Calling it again does nothing; feed() after it is a logic_error.
  void finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The whole input at once (tests, small files).
std::vector<CsvRow> parse_all(std::string_view input, CsvLimits limits = {});

// ---- header row ----------------------------------------------------------------------------

struct ExpectedColumn {
  std::string_view name;
  bool required = false;
};

struct HeaderMatch {
  // index[i] is where expected[i] sits in each row, or nullopt when the file lacks that column.
  std::vector<std::optional<std::size_t>> index;
  // Unnamed, unknown or repeated header cells (in column order), then missing required columns;
  // empty when the header is usable.
  std::vector<CsvError> errors;

  bool ok() const { return errors.empty(); }
  // The value of expected column `expected_index` in `row`: empty when the file lacks the column
  // or the row is shorter than the header.
  std::string_view value(const CsvRow& row, std::size_t expected_index) const;
};

// Names compare case-insensitively (ASCII) after trimming spaces. Errors carry the header's line,
// and the column of the offending header cell (0 for a missing column).
HeaderMatch match_header(const CsvRow& header, std::span<const ExpectedColumn> expected);

}  // namespace lineport::csv
