#pragma once
// Uploads of records (NDJSON or CSV) that are checked line by line and stored all or nothing:
// the usage ingest and the compliance records' ingest (docs/usage.md, docs/compliance.md). This
// file reads them — one record at a time, never holding the upload — and keeps their tally:
// records received, lines rejected, and the row errors by field.
//
// Problems with a file's shape (a line that is not a JSON object, an unknown field, a CSV header
// without a required column, a CSV syntax error) are reported by line; the records of such lines
// never reach the caller.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/row_errors.h"
#include "util/csv_reader.h"

namespace lineport::uploads {

enum class UploadFormat { ndjson, csv };

// The fields one kind of upload may carry, in the order of its CSV template; `required` says
// the CSV header must name it. A field listed in `lists` may hold several values: a JSON array
// of strings in NDJSON, space-separated in CSV (both read as one space-separated string).
// A field listed in `private_fields` holds personal data (a message's text): an error names it but
// never repeats its value.
struct RecordSchema {
  std::span<const csv::ExpectedColumn> fields;
  std::span<const std::string_view> lists = {};
  std::span<const std::string_view> private_fields = {};

  std::optional<std::size_t> find(std::string_view name) const;
};

// A record's fields exactly as sent (JSON numbers and booleans written out), in the schema's
// order; nullopt = absent. Indexed by the uploading kind's own field enum.
struct RawRecord {
  std::int64_t line = 0;
  std::vector<std::optional<std::string>> fields;

  template <class Field>
  const std::optional<std::string>& operator[](Field f) const {
    return fields[static_cast<std::size_t>(f)];
  }
  template <class Field>
  std::optional<std::string>& operator[](Field f) {
    return fields[static_cast<std::size_t>(f)];
  }
};

struct FieldProblem {
  std::string field;
  std::string value;
  std::string message;
};

class RecordReader {
 public:
  using OnRecord = std::function<void(const RawRecord&)>;
  using OnProblem = std::function<void(std::int64_t line, const FieldProblem&)>;

  RecordReader(const RecordSchema& schema, UploadFormat format, OnRecord on_record, OnProblem on_problem);
  ~RecordReader();
  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  void feed(std::string_view chunk);
  void finish();

  // The longest NDJSON line (one record) accepted.
  static constexpr std::size_t max_line_bytes = std::size_t{64} * 1024;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct UploadRequest {
  UploadFormat format = UploadFormat::ndjson;
  bool partial = false;  // keep the good records when some are bad
};

struct UploadResult {
  std::int64_t received = 0;    // records read (bad ones included)
  std::int64_t stored = 0;      // new records
  std::int64_t duplicates = 0;  // records already stored (same account and id)
  std::int64_t rejected = 0;    // records (lines) with at least one error
  RowErrorReport errors;        // the first ones, in line order, by field
};

// Reads the next bytes of the upload into `buffer` and says how many; 0 at the end.
using ChunkSource = std::function<std::size_t(std::span<char> buffer)>;

// One upload's reading and tally. The caller checks each well-formed record and reports what is
// wrong with it through reject(); lines of the wrong shape are counted and reported here.
class RecordUpload {
 public:
  RecordUpload(const RecordSchema& schema, UploadFormat format, std::size_t max_reported_errors);

  // Reads the whole upload, handing each well-formed record to `on_record`.
  void read(const ChunkSource& source, const std::function<void(const RawRecord&)>& on_record);
  void reject(std::int64_t line, const FieldProblem& problem);

  // All or nothing: once a record is bad, the rest are only checked.
  bool doomed(bool partial) const { return !partial && !errors_.empty(); }
  // All or nothing: the 422 with every row error, nothing written, when the upload is doomed.
  void refuse_if_doomed(bool partial);
  // The tally's counts and errors into `result` (its stored and duplicates are the caller's).
  void tally_into(UploadResult& result);

 private:
  const RecordSchema& schema_;
  UploadFormat format_;
  RowErrors errors_;
  std::int64_t received_ = 0;
  std::int64_t rejected_lines_ = 0;
  std::int64_t last_rejected_line_ = -1;
  std::int64_t last_misshapen_line_ = 0;
};

}  // namespace lineport::uploads
