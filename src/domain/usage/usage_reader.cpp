#include "domain/usage/usage_reader.h"

#include <nlohmann/json.hpp>

#include "util/bounded_json.h"
#include "util/csv_reader.h"
#include "util/csv_writer.h"

namespace lineport::usage {
namespace {

constexpr csv::ExpectedColumn csv_columns[] = {{"id", true},       {"account_id", false}, {"multiline_number", false},
                                               {"type", true},     {"direction", true},   {"started_at", true},
                                               {"quantity", true}, {"billable", true}};
static_assert(std::size(csv_columns) == field_names.size());

// One JSON object per line.
class NdjsonLines {
 public:
  NdjsonLines(const UsageReader::OnRecord& on_record, const UsageReader::OnProblem& on_problem)
      : on_record_(on_record), on_problem_(on_problem) {}

  void feed(std::string_view chunk) {
    while (!chunk.empty()) {
      const auto newline = chunk.find('\n');
      const auto piece = chunk.substr(0, newline);
      if (!too_long_) {
        if (pending_.size() + piece.size() > UsageReader::max_line_bytes) {
          too_long_ = true;
          pending_.clear();
        } else {
          pending_.append(piece);
        }
      }
      if (newline == std::string_view::npos) return;
      end_line();
      chunk.remove_prefix(newline + 1);
    }
  }

  void finish() {
    if (!pending_.empty() || too_long_) end_line();
  }

 private:
  void end_line() {
    ++line_;
    if (too_long_) {
      problem({"", "", "The line is longer than 65,536 bytes."});
    } else {
      if (!pending_.empty() && pending_.back() == '\r') pending_.pop_back();
      if (pending_.find_first_not_of(" \t") != std::string::npos) parse_line();
    }
    pending_.clear();
    too_long_ = false;
  }

  void parse_line() {
    const auto parsed = parse_bounded_json(pending_);
    if (parsed.outcome == BoundedJson::Outcome::too_deep) {
      problem(
          {"", "", "Arrays and objects nested deeper than " + std::to_string(max_json_depth) + " levels, the limit."});
      return;
    }
    const auto& object = parsed.value;
    if (parsed.outcome != BoundedJson::Outcome::ok || !object.is_object()) {
      problem({"", "", "Not a JSON object (NDJSON: one object per line)."});
      return;
    }
    RawRecord record;
    record.line = line_;
    bool usable = true;
    for (const auto& [key, value] : object.items()) {
      const auto field = parse_field(key);
      if (!field) {
        problem({key, "", "Unknown field."});
        usable = false;
        continue;
      }
      if (value.is_string())
        record[*field] = value.get<std::string>();
      else if (value.is_boolean())
        record[*field] = value.get<bool>() ? "true" : "false";
      else if (value.is_number())
        record[*field] = value.dump();
      else if (!value.is_null()) {
        problem({key, value.dump().substr(0, 100), "Must be a string, a number or true/false."});
        usable = false;
      }
    }
    if (usable) on_record_(record);
  }

  void problem(const FieldProblem& p) { on_problem_(line_, p); }

  const UsageReader::OnRecord& on_record_;
  const UsageReader::OnProblem& on_problem_;
  std::string pending_;
  bool too_long_ = false;
  std::int64_t line_ = 0;
};

// A header row naming the columns, then one record per row.
class CsvRecords {
 public:
  CsvRecords(const UsageReader::OnRecord& on_record, const UsageReader::OnProblem& on_problem)
      : on_record_(on_record),
        on_problem_(on_problem),
        reader_([this](const csv::CsvRow& row) { on_row(row); },
                csv::CsvLimits{64, std::size_t{64} * 1024, 100'000'000}) {}

  void feed(std::string_view chunk) {
    guarded([&] { reader_.feed(chunk); });
  }
  void finish() {
    guarded([&] { reader_.finish(); });
    if (!header_ && !broken_) on_problem_(1, {"header", "", "The file is empty: it needs the header line."});
  }

 private:
  // A syntax error ends the reading: nothing after it can be trusted to be where it seems.
  template <class F>
  void guarded(F&& read) {
    if (broken_) return;
    try {
      read();
    } catch (const csv::CsvError& e) {
      broken_ = true;
      on_problem_(static_cast<std::int64_t>(e.line()), {"", "", e.message() + " The rest of the file was not read."});
    }
  }

  void on_row(const csv::CsvRow& row) {
    const auto line = static_cast<std::int64_t>(row.line);
    if (!header_) {
      header_ = csv::match_header(row, csv_columns);
      header_cells_ = row.fields.size();
      for (const auto& e : header_->errors) on_problem_(line, {"header", "", e.message()});
      return;
    }
    if (!header_->ok()) return;  // reported once, at the header
    if (row.fields.size() != header_cells_) {
      on_problem_(line, {"", "",
                         "The line has " + std::to_string(row.fields.size()) + " fields; the header has " +
                             std::to_string(header_cells_) + "."});
      return;
    }
    RawRecord record;
    record.line = line;
    for (std::size_t i = 0; i < field_names.size(); ++i) {
      const auto value = header_->value(row, i);
      if (!value.empty()) record.fields[i] = std::string(value);
    }
    on_record_(record);
  }

  const UsageReader::OnRecord& on_record_;
  const UsageReader::OnProblem& on_problem_;
  csv::CsvReader reader_;
  std::optional<csv::HeaderMatch> header_;
  std::size_t header_cells_ = 0;
  bool broken_ = false;
};

}  // namespace

struct UsageReader::Impl {
  Impl(UploadFormat format, OnRecord record, OnProblem problem)
      : on_record(std::move(record)), on_problem(std::move(problem)) {
    if (format == UploadFormat::ndjson)
      ndjson.emplace(on_record, on_problem);
    else
      csv.emplace(on_record, on_problem);
  }
  OnRecord on_record;
  OnProblem on_problem;
  std::optional<NdjsonLines> ndjson;
  std::optional<CsvRecords> csv;
};

UsageReader::UsageReader(UploadFormat format, OnRecord on_record, OnProblem on_problem)
    : impl_(std::make_unique<Impl>(format, std::move(on_record), std::move(on_problem))) {}
UsageReader::~UsageReader() = default;

void UsageReader::feed(std::string_view chunk) {
  if (impl_->ndjson)
    impl_->ndjson->feed(chunk);
  else
    impl_->csv->feed(chunk);
}

void UsageReader::finish() {
  if (impl_->ndjson)
    impl_->ndjson->finish();
  else
    impl_->csv->finish();
}

std::string csv_template() {
  std::vector<std::string> header(field_names.begin(), field_names.end());
  return csv::line(header) +
         csv::line({"call-0001", "", "+12125550123", "voice", "out", "2026-11-02T09:15:00Z", "184", "true"});
}

}  // namespace lineport::usage
