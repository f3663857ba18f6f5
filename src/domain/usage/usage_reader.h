#pragma once
// Turns an upload of usage records (NDJSON or CSV) that arrives in chunks into RawRecords, one at
// a time, without holding the upload. Problems with the file's shape (a line that is not a JSON
// object, an unknown field, a CSV header without a required column, a CSV syntax error) are
// reported by line; the records of such lines never reach on_record.

#include <functional>
#include <memory>
#include <string_view>

#include "domain/usage/usage_record.h"

namespace lineport::usage {

enum class UploadFormat { ndjson, csv };

class UsageReader {
 public:
  using OnRecord = std::function<void(const RawRecord&)>;
  using OnProblem = std::function<void(std::int64_t line, const FieldProblem&)>;

  UsageReader(UploadFormat format, OnRecord on_record, OnProblem on_problem);
  ~UsageReader();
  UsageReader(const UsageReader&) = delete;
  UsageReader& operator=(const UsageReader&) = delete;

  void feed(std::string_view chunk);
  void finish();

  // The longest NDJSON line (one record) accepted.
  static constexpr std::size_t max_line_bytes = std::size_t{64} * 1024;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "id,account_id,multiline_number,type,direction,started_at,quantity,billable" and an example.
std::string csv_template();

}  // namespace lineport::usage
