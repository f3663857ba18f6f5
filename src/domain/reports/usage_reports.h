#pragma once
// The usage reports (docs/product.md#usage-dashboard-and-reports; docs/usage.md): consumption metrics (per organization
// and local day, from the rollups), user metrics (per account) and activities (the records), as JSON pages or streamed
// CSV downloads. Every report is a list of rows with named columns, so one page and one download machinery serves the
// three.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/pagination.h"
#include "domain/reports/report_query.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::reports {

enum class UsageReportKind { consumption_metrics, user_metrics, activities };

std::string_view to_string(UsageReportKind kind);

using Cell = std::variant<std::nullptr_t, bool, std::int64_t, std::string>;
using ReportRow = std::vector<Cell>;  // in the order of columns()

class UsageReports {
 public:
  UsageReports(storage::Database& db, const Clock& clock, audit::GroupAppender& views)
      : db_(db), clock_(clock), views_(views) {}

  static std::span<const std::string_view> columns(UsageReportKind kind);

  Page<ReportRow> page(const auth::Principal& who, UsageReportKind kind, const ReportQuery& query,
                       const PageRequest& page, const RequestMeta& meta);

  // A download in two steps, so every error is known before the first byte: check the query and
  // record the download, then stream the rows.
  struct Download {
    UsageReportKind kind;
    std::string tz;
    TimeRange range;
    storage::Params params;  // $1..$4 of the report queries
  };
  Download begin_download(const auth::Principal& who, UsageReportKind kind, const ReportQuery& query,
                          const RequestMeta& meta);
  void stream(const Download& download, const std::function<void(const ReportRow&)>& on_row);

  static std::string csv_header(UsageReportKind kind);
  static std::string csv_line(const ReportRow& row);

 private:
  Download resolve(storage::Connection& conn, const auth::Principal& who, UsageReportKind kind,
                   const ReportQuery& query);

  storage::Database& db_;
  const Clock& clock_;
  audit::GroupAppender& views_;
};

}  // namespace lineport::reports
