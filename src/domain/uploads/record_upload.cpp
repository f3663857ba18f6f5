#include "domain/uploads/record_upload.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "util/bounded_json.h"

namespace lineport::uploads {
namespace {

bool is_list(const RecordSchema& schema, std::string_view name) {
  return std::find(schema.lists.begin(), schema.lists.end(), name) != schema.lists.end();
}

// A list field's JSON array of strings as one space-separated string, as a CSV cell writes it;
// nullopt when it is not one, or when an item is empty or holds a space (it would read as two).
std::optional<std::string> joined_strings(const nlohmann::json& array) {
  std::string out;
  for (const auto& item : array) {
    if (!item.is_string()) return std::nullopt;
    if (const auto& text = item.get_ref<const std::string&>(); text.empty() || text.find(' ') != std::string::npos)
      return std::nullopt;
    if (!out.empty()) out += ' ';
    out += item.get<std::string>();
  }
  return out;
}

// The reader's one record, emptied for the next line (one allocation per upload, not per line).
RawRecord& fresh_record(RawRecord& record, const RecordSchema& schema, std::int64_t line) {
  record.line = line;
  record.fields.resize(schema.fields.size());
  for (auto& field : record.fields) field.reset();
  return record;
}

// One JSON object per line.
class NdjsonLines {
 public:
  NdjsonLines(const RecordSchema& schema, const RecordReader::OnRecord& on_record,
              const RecordReader::OnProblem& on_problem)
      : schema_(schema), on_record_(on_record), on_problem_(on_problem) {}

  void feed(std::string_view chunk) {
    while (!chunk.empty()) {
      const auto newline = chunk.find('\n');
      const auto piece = chunk.substr(0, newline);
      if (!too_long_) {
        if (pending_.size() + piece.size() > RecordReader::max_line_bytes) {
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
    RawRecord& record = fresh_record(record_, schema_, line_);
    bool usable = true;
    for (const auto& [key, value] : object.items()) {
      const auto field = schema_.find(key);
      if (!field) {
        problem({key, "", "Unknown field."});
        usable = false;
        continue;
      }
      auto& slot = record.fields[*field];
      if (value.is_string())
        slot = value.get<std::string>();
      else if (value.is_boolean())
        slot = value.get<bool>() ? "true" : "false";
      else if (value.is_number())
        slot = value.dump();
      else if (value.is_array() && is_list(schema_, key))
        slot = joined_strings(value);
      if (!slot && !value.is_null()) {
        const bool is_private = std::find(schema_.private_fields.begin(), schema_.private_fields.end(), key) !=
                                schema_.private_fields.end();
        problem({key, is_private ? std::string() : value.dump().substr(0, 100),
                 is_list(schema_, key) ? "Must be an array of strings, none empty or with spaces."
                                       : "Must be a string, a number or true/false."});
        usable = false;
      }
    }
    if (usable) on_record_(record);
  }

  void problem(const FieldProblem& p) { on_problem_(line_, p); }

  const RecordSchema& schema_;
  const RecordReader::OnRecord& on_record_;
  const RecordReader::OnProblem& on_problem_;
  RawRecord record_;
  std::string pending_;
  bool too_long_ = false;
  std::int64_t line_ = 0;
};

// A header row naming the columns, then one record per row.
class CsvRecords {
 public:
  CsvRecords(const RecordSchema& schema, const RecordReader::OnRecord& on_record,
             const RecordReader::OnProblem& on_problem)
      : schema_(schema),
        on_record_(on_record),
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
      header_ = csv::match_header(row, schema_.fields);
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
    RawRecord& record = fresh_record(record_, schema_, line);
    for (std::size_t i = 0; i < schema_.fields.size(); ++i) {
      const auto value = header_->value(row, i);
      if (!value.empty()) record.fields[i] = std::string(value);
    }
    on_record_(record);
  }

  const RecordSchema& schema_;
  const RecordReader::OnRecord& on_record_;
  const RecordReader::OnProblem& on_problem_;
  csv::CsvReader reader_;
  RawRecord record_;
  std::optional<csv::HeaderMatch> header_;
  std::size_t header_cells_ = 0;
  bool broken_ = false;
};

}  // namespace

std::optional<std::size_t> RecordSchema::find(std::string_view name) const {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return i;
  return std::nullopt;
}

struct RecordReader::Impl {
  Impl(const RecordSchema& schema, UploadFormat format, OnRecord record, OnProblem problem)
      : on_record(std::move(record)), on_problem(std::move(problem)) {
    if (format == UploadFormat::ndjson)
      ndjson.emplace(schema, on_record, on_problem);
    else
      csv.emplace(schema, on_record, on_problem);
  }
  OnRecord on_record;
  OnProblem on_problem;
  std::optional<NdjsonLines> ndjson;
  std::optional<CsvRecords> csv;
};

RecordReader::RecordReader(const RecordSchema& schema, UploadFormat format, OnRecord on_record, OnProblem on_problem)
    : impl_(std::make_unique<Impl>(schema, format, std::move(on_record), std::move(on_problem))) {}
RecordReader::~RecordReader() = default;

void RecordReader::feed(std::string_view chunk) {
  if (impl_->ndjson)
    impl_->ndjson->feed(chunk);
  else
    impl_->csv->feed(chunk);
}

void RecordReader::finish() {
  if (impl_->ndjson)
    impl_->ndjson->finish();
  else
    impl_->csv->finish();
}

RecordUpload::RecordUpload(const RecordSchema& schema, UploadFormat format, std::size_t max_reported_errors)
    : schema_(schema), format_(format), errors_(RowPlace::field, max_reported_errors) {}

void RecordUpload::reject(std::int64_t line, const FieldProblem& problem) {
  if (line != last_rejected_line_) ++rejected_lines_;  // lines come in order
  last_rejected_line_ = line;
  errors_.add(line, problem.field, problem.value, problem.message);
}

void RecordUpload::refuse_if_doomed(bool partial) {
  if (doomed(partial))
    errors_.raise("The upload has " + std::to_string(errors_.count()) + " error(s); nothing was stored.");
}

void RecordUpload::tally_into(UploadResult& result) {
  result.received = received_;
  result.rejected = rejected_lines_;
  result.errors = errors_.take();
}

void RecordUpload::read(const ChunkSource& source, const std::function<void(const RawRecord&)>& on_record) {
  const auto record = [&](const RawRecord& raw) {
    ++received_;
    on_record(raw);
  };
  const auto misshapen = [&](std::int64_t line, const FieldProblem& p) {
    // A line whose shape is wrong is a record too (it never reaches on_record).
    if (p.field != "header" && line != last_misshapen_line_) ++received_;
    last_misshapen_line_ = line;
    reject(line, p);
  };
  RecordReader reader(schema_, format_, record, misshapen);
  std::vector<char> buffer(std::size_t{256} * 1024);
  while (const auto n = source(buffer)) reader.feed(std::string_view(buffer.data(), n));
  reader.finish();
}

}  // namespace lineport::uploads
