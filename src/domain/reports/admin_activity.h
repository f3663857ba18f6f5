#pragma once
// The administrators activity report (docs/product.md#usage-dashboard-and-reports, #audit): the audit log of an
// organization (and optionally its subtree) over a date range, as JSON pages or a streamed CSV download.

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "domain/auth/principal.h"
#include "domain/pagination.h"
#include "domain/reports/report_query.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::reports {

struct ActivityRow {
  std::int64_t seq = 0;
  UnixSeconds at = 0;
  std::string actor_email, client_ip, org_id, org_name, action, activity_type, target_type, target_id;
  // The target's current name, for people to read; none once it is deleted or when it has none.
  std::optional<std::string> target_name;
  nlohmann::json changes;
};

class AdminActivityReport {
 public:
  // What a query asks for, checked: the organization, its subtree or not, the range as instants
  // and the filters.
  struct Filter {
    std::string org_id;
    bool include_suborgs = false;
    TimeRange range{};
    std::string activity_type, admin_id, event;  // '' = any
  };

  AdminActivityReport(storage::Database& db, const Clock& clock, audit::GroupAppender& views)
      : db_(db), clock_(clock), views_(views) {}

  Page<ActivityRow> page(const auth::Principal& who, const ReportQuery& query, const PageRequest& page,
                         const RequestMeta& meta);
  // A download in two steps, so every error is known before the first byte is sent: check the
  // query and record the download, then stream the rows.
  struct Download {
    const storage::Query* statement = nullptr;
    storage::Params params;
  };
  Download begin_download(const auth::Principal& who, const ReportQuery& query, const RequestMeta& meta);
  // Calls `on_row` for every row, newest first, without holding them all.
  void stream(const Download& download, const std::function<void(const ActivityRow&)>& on_row);

  static std::string csv_header();
  static std::string csv_line(const ActivityRow& row);

 private:
  Filter resolve(storage::Connection& conn, const auth::Principal& who, const ReportQuery& query);

  storage::Database& db_;
  const Clock& clock_;
  audit::GroupAppender& views_;
};

}  // namespace lineport::reports
