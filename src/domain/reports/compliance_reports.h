#pragma once
// The compliance reports (docs/compliance.md#the-reports): Call Recording, Message Logging and
// SMS Opt-in, the records of an organization (or its subtree) over a date range, optionally of one
// account or one peer number, newest first, as JSON pages or streamed CSV. Whoever looks at these
// records is recorded: every page and every download is an audit entry naming the filter.

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "domain/auth/principal.h"
#include "domain/compliance/compliance_record.h"
#include "domain/compliance/data_key.h"
#include "domain/pagination.h"
#include "domain/reports/report_query.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::reports {

class ComplianceReports {
 public:
  ComplianceReports(storage::Database& db, const Clock& clock, const compliance::DataKey& key)
      : db_(db), clock_(clock), key_(key) {}

  // The fields of a row, in the order of the CSV's columns.
  static std::span<const std::string_view> columns(compliance::Kind kind);

  // Rows are JSON objects with the fields of columns(kind).
  Page<nlohmann::json> page(const auth::Principal& who, compliance::Kind kind, const ReportQuery& query,
                            const PageRequest& page, const RequestMeta& meta);

  // What a download reads, known (and recorded) before its first byte.
  struct Filter {
    compliance::Kind kind = compliance::Kind::call_recording;
    std::string org_id;
    bool include_suborgs = false;
    TimeRange range;
    std::string account_id;   // "" = any
    std::string peer_number;  // "" = any
  };
  Filter begin_download(const auth::Principal& who, compliance::Kind kind, const ReportQuery& query,
                        const RequestMeta& meta);
  void stream(const Filter& filter, const std::function<void(const nlohmann::json&)>& on_row);

  static std::string csv_header(compliance::Kind kind);
  static std::string csv_line(compliance::Kind kind, const nlohmann::json& row);

 private:
  Filter resolve(storage::Connection& conn, const auth::Principal& who, compliance::Kind kind,
                 const ReportQuery& query);

  storage::Database& db_;
  const Clock& clock_;
  const compliance::DataKey& key_;
};

}  // namespace lineport::reports
