#include "util/csv_reader.h"

#include <csv.h>

#include <algorithm>
#include <exception>
#include <new>
#include <utility>

#include "util/csv_formula_guard.h"
#include "util/text.h"

namespace lineport::csv {
namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";
// At most this many bytes go to libcsv per call (any amount would do; see
// bytes_until_field_too_long for the bound that matters).
constexpr std::size_t max_slice = std::size_t{64} * 1024;
// libcsv grows its field buffer by a fixed step; its default (128) reallocates far too often.
constexpr std::size_t buffer_step = 4096;
// Header cells quoted in messages are cut to this many bytes.
constexpr std::size_t max_quoted_name = 60;

// libcsv trims spaces and tabs around fields unless told that nothing is a space; RFC 4180 keeps
// them, and a space next to a quote must be an error rather than silently dropped.
int nothing_is_space(unsigned char /*c*/) {
  return 0;
}

bool is_line_break(char c) {
  return c == '\n' || c == '\r';
}

std::string describe(std::size_t line, std::size_t column, const std::string& message) {
  std::string out = "line " + std::to_string(line);
  if (column != 0) out += ", column " + std::to_string(column);
  return out + ": " + message;
}

// A prefix of at most `max` bytes that does not end inside a UTF-8 sequence.
std::string_view cut(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

std::string quoted_name(std::string_view name) {
  const auto shown = cut(name, max_quoted_name);
  return "\"" + std::string(shown) + (shown.size() < name.size() ? "…\"" : "\"");
}

std::string column_key(std::string_view name) {
  return text::fold_case(text::trim(name));
}

}  // namespace

CsvError::CsvError(std::size_t line, std::size_t column, std::string message)
    : std::runtime_error(describe(line, column, message)), line_(line), column_(column), message_(std::move(message)) {}

// ---- the reader ----------------------------------------------------------------------------

struct CsvReader::State {
  State(RowCallback callback, CsvLimits bounds) : on_row(std::move(callback)), limits(bounds) {
    csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI);
    csv_set_space_func(&parser, nothing_is_space);
    csv_set_blk_size(&parser, buffer_step);
  }
  ~State() { csv_free(&parser); }
  State(const State&) = delete;
  State& operator=(const State&) = delete;

  void feed(std::string_view chunk);
  void finish();

  void skip_bom_then_parse(std::string_view chunk);
  void parse(std::string_view bytes);
  void parse_segment(std::string_view segment, bool ends_with_line_break);
  void throw_syntax_error();
  void check_field_in_progress() const;
  std::size_t bytes_until_field_too_long() const;
  void rethrow_callback_failure() const {
    if (callback_failure) std::rethrow_exception(callback_failure);
  }

  static void field_callback(void* data, std::size_t size, void* state) noexcept;
  static void record_callback(int terminator, void* state) noexcept;
  void on_field(std::string_view value);
  void on_record_end();

  csv_parser parser{};
  RowCallback on_row;
  CsvLimits limits;
  CsvRow row;
  std::size_t field_count = 0;  // fields of the current record delivered so far
  std::size_t row_count = 0;
  std::size_t line = 1;           // the line of the bytes being parsed
  std::size_t record_line = 0;    // where the current record starts; 0 between records
  std::size_t field_line = 0;     // where the current field starts
  bool last_byte_was_cr = false;  // so the LF of a CRLF split across calls is not a second line
  std::string bom_prefix;         // the first bytes, held until they prove to be a BOM or not
  bool bom_checked = false;
  bool finished = false;
  std::exception_ptr failure;           // the error that spent the reader
  std::exception_ptr callback_failure;  // thrown inside a libcsv callback, rethrown after it
};

// libcsv is C: nothing may unwind through it, so the callbacks park exceptions in the state.
void CsvReader::State::field_callback(void* data, std::size_t size, void* state) noexcept {
  auto* self = static_cast<State*>(state);
  if (self->callback_failure) return;
  try {
    self->on_field(size == 0 ? std::string_view() : std::string_view(static_cast<char*>(data), size));
  } catch (...) {
    self->callback_failure = std::current_exception();
  }
}

void CsvReader::State::record_callback(int /*terminator*/, void* state) noexcept {
  auto* self = static_cast<State*>(state);
  if (self->callback_failure) return;
  try {
    self->on_record_end();
  } catch (...) {
    self->callback_failure = std::current_exception();
  }
}

void CsvReader::State::feed(std::string_view chunk) {
  if (failure) std::rethrow_exception(failure);
  if (finished) throw std::logic_error("CsvReader::feed called after finish");
  try {
    skip_bom_then_parse(chunk);
  } catch (...) {
    failure = std::current_exception();
    throw;
  }
}

void CsvReader::State::finish() {
  if (failure) std::rethrow_exception(failure);
  if (finished) return;
  try {
    if (!bom_checked) {
      bom_checked = true;
      parse(std::exchange(bom_prefix, {}));
    }
    const int status = csv_fini(&parser, field_callback, record_callback, this);
    rethrow_callback_failure();
    // With CSV_STRICT_FINI the only failure is a quoted field still open at the end.
    if (status != 0)
      throw CsvError(field_line, field_count + 1,
                     "Unterminated quoted field starting on line " + std::to_string(field_line) +
                         " (the closing quote is missing).");
    finished = true;
  } catch (...) {
    failure = std::current_exception();
    throw;
  }
}

void CsvReader::State::skip_bom_then_parse(std::string_view chunk) {
  if (!bom_checked) {
    const auto take = std::min(chunk.size(), bom.size() - bom_prefix.size());
    bom_prefix.append(chunk.substr(0, take));
    chunk.remove_prefix(take);
    if (!bom.starts_with(bom_prefix)) {
      bom_checked = true;
      parse(std::exchange(bom_prefix, {}));
    } else if (bom_prefix.size() == bom.size()) {
      bom_checked = true;
      bom_prefix.clear();
    } else {
      return;  // the whole chunk was a BOM's beginning
    }
  }
  parse(chunk);
}

// Cut at every line break so each libcsv call covers one line at most: every callback then
// happens on the line `line` names, which is how records learn where they start.
void CsvReader::State::parse(std::string_view bytes) {
  while (!bytes.empty()) {
    const auto window = bytes.substr(0, bytes_until_field_too_long());
    const auto line_break = std::find_if(window.begin(), window.end(), is_line_break);
    const bool ends_with_line_break = line_break != window.end();
    const auto length = static_cast<std::size_t>(line_break - window.begin()) + (ends_with_line_break ? 1 : 0);
    parse_segment(bytes.substr(0, length), ends_with_line_break);
    bytes.remove_prefix(length);
  }
}

// How many bytes libcsv may take in one call so that a field passing max_field_bytes is caught
// at the very byte that passes it, before any later error, wherever the chunks were cut. libcsv
// holds a quoted field's closing quote until the next byte, so the field is too long once it
// holds max_field_bytes + 2 bytes, and it grows by at most one byte per byte parsed.
std::size_t CsvReader::State::bytes_until_field_too_long() const {
  const auto held = parser.entry_pos;  // at most max_field_bytes + 1: checked after every call
  const auto cap = limits.max_field_bytes;
  if (held > cap) return 1;
  return cap - held >= max_slice ? max_slice : cap - held + 2;
}

void CsvReader::State::parse_segment(std::string_view segment, bool ends_with_line_break) {
  // libcsv starts a record at any byte but a line break (nothing counts as a space), so a
  // segment with content while no record is open starts one, on this line.
  const bool has_content = segment.size() > (ends_with_line_break ? 1u : 0u);
  if (record_line == 0 && has_content) {
    record_line = line;
    field_line = line;
  }
  const auto parsed = csv_parse(&parser, segment.data(), segment.size(), field_callback, record_callback, this);
  rethrow_callback_failure();
  if (parsed < segment.size()) throw_syntax_error();
  check_field_in_progress();

  if (ends_with_line_break) {
    const bool lf_of_crlf = segment.size() == 1 && segment.front() == '\n' && last_byte_was_cr;
    if (!lf_of_crlf) ++line;
  }
  last_byte_was_cr = segment.back() == '\r';
}

void CsvReader::State::throw_syntax_error() {
  if (csv_error(&parser) != CSV_EPARSE) throw std::bad_alloc();  // CSV_ENOMEM or CSV_ETOOBIG
  const auto column = field_count + 1;
  // Strict mode stops in two places: a quote inside an unquoted field, or anything but a comma
  // or a line break after the closing quote of a quoted one.
  if (parser.quoted == 0)
    throw CsvError(line, column,
                   "Field " + std::to_string(column) +
                       " contains a quote (\") but does not start with one. Put the whole field "
                       "in quotes and write the quote twice (\"\").");
  throw CsvError(line, column,
                 "Field " + std::to_string(column) +
                     " has text after its closing quote. A quote inside a quoted field must be "
                     "written twice (\"\").");
}

// A field is only delivered when it ends; the bytes libcsv holds for it are checked on the way
// (one more for the closing quote it keeps until it knows the field has ended).
void CsvReader::State::check_field_in_progress() const {
  if (parser.entry_pos > limits.max_field_bytes + 1) {
    const auto column = field_count + 1;
    throw CsvError(
        record_line, column,
        "Field " + std::to_string(column) + " is longer than " + std::to_string(limits.max_field_bytes) + " bytes.");
  }
}

void CsvReader::State::on_field(std::string_view value) {
  const auto column = ++field_count;
  if (column > limits.max_fields_per_row)
    throw CsvError(record_line, column,
                   "The row has more than " + std::to_string(limits.max_fields_per_row) + " fields.");
  if (value.size() > limits.max_field_bytes)
    throw CsvError(
        record_line, column,
        "Field " + std::to_string(column) + " is longer than " + std::to_string(limits.max_field_bytes) + " bytes.");
  if (!text::is_valid_utf8(value))
    throw CsvError(record_line, column,
                   "Field " + std::to_string(column) +
                       " is not valid UTF-8 text. Save the file as \"CSV UTF-8\" and upload it "
                       "again.");
  value = without_formula_guard(value);
  // The row's strings are reused from record to record, keeping their capacity.
  if (column <= row.fields.size())
    row.fields[column - 1].assign(value);
  else
    row.fields.emplace_back(value);
  field_line = line;
}

void CsvReader::State::on_record_end() {
  if (++row_count > limits.max_rows)
    throw CsvError(record_line, 0, "The file has more than " + std::to_string(limits.max_rows) + " rows.");
  row.fields.resize(field_count);
  row.line = record_line;
  field_count = 0;
  record_line = 0;
  on_row(row);
}

CsvReader::CsvReader(RowCallback on_row, CsvLimits limits)
    : state_(std::make_unique<State>(std::move(on_row), limits)) {}
CsvReader::~CsvReader() = default;
CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;

void CsvReader::feed(std::string_view chunk) {
  state_->feed(chunk);
}
void CsvReader::finish() {
  state_->finish();
}

std::vector<CsvRow> parse_all(std::string_view input, CsvLimits limits) {
  std::vector<CsvRow> rows;
  CsvReader reader([&rows](const CsvRow& row) { rows.push_back(row); }, limits);
  reader.feed(input);
  reader.finish();
  return rows;
}

// ---- header row ----------------------------------------------------------------------------

std::string_view HeaderMatch::value(const CsvRow& row, std::size_t expected_index) const {
  const auto& position = index.at(expected_index);
  if (!position || *position >= row.fields.size()) return {};
  return row.fields[*position];
}

namespace {

std::string list_names(std::span<const ExpectedColumn> expected) {
  std::string out;
  for (const auto& column : expected) {
    if (!out.empty()) out += ", ";
    out += column.name;
  }
  return out;
}

}  // namespace

HeaderMatch match_header(const CsvRow& header, std::span<const ExpectedColumn> expected) {
  HeaderMatch match;
  match.index.assign(expected.size(), std::nullopt);
  std::vector<std::string> keys;
  keys.reserve(expected.size());
  for (const auto& column : expected) keys.push_back(column_key(column.name));

  for (std::size_t position = 0; position < header.fields.size(); ++position) {
    const auto column = position + 1;
    const auto& cell = header.fields[position];
    const auto key = column_key(cell);
    const auto found = std::find(keys.begin(), keys.end(), key);
    if (key.empty()) {
      match.errors.emplace_back(header.line, column, "Column " + std::to_string(column) + " has no name.");
    } else if (found == keys.end()) {
      match.errors.emplace_back(
          header.line, column,
          "Unknown column " + quoted_name(text::trim(cell)) + ". The columns are: " + list_names(expected) + ".");
    } else if (auto& slot = match.index[static_cast<std::size_t>(found - keys.begin())]; slot) {
      match.errors.emplace_back(header.line, column,
                                "Column " + quoted_name(text::trim(cell)) + " appears more than once.");
    } else {
      slot = position;
    }
  }
  for (std::size_t i = 0; i < expected.size(); ++i)
    if (expected[i].required && !match.index[i])
      match.errors.emplace_back(header.line, 0, "Required column " + quoted_name(expected[i].name) + " is missing.");
  return match;
}

}  // namespace lineport::csv
