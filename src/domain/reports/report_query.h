#pragma once
// What every report is asked (docs/product.md#usage-dashboard-and-reports): an organization, optionally its subtree,
// and a date range in the organization's time zone.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "domain/audit/audit_log.h"
#include "domain/auth/principal.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::reports {

struct ReportQuery {
  std::string org_id;
  bool include_suborgs = false;
  std::optional<std::string> range;  // today | last_7_days | current_cycle | last_cycle | custom
  std::optional<std::string> from;   // YYYY-MM-DD, with to (inclusive), in the organization's time zone
  std::optional<std::string> to;
  std::string activity_type;  // "" = any
  std::string admin_id;       // "" = any
  std::string event;          // an audit action such as "account.create"; "" = any
  std::string status;         // the administrators report: invited, active, login_suspended,
                              // account_suspended; "" = any
  std::string account;        // the compliance reports: an account's id, login or number; "" = any
  std::string peer_number;    // the compliance reports: E.164; "" = any
};

// The range a query names, as instants, for an organization in time zone `tz`: today,
// last_7_days (the default), current_cycle, last_cycle, or custom from/to (local dates, both
// inclusive, at most a year). Throws DomainError 422 naming the field.
TimeRange resolve_range(const ReportQuery& query, const std::string& tz, UnixSeconds now);

// What every report does first: 404 unless the organization is in the caller's scope, then its
// time zone and the query's range in it.
struct ScopedRange {
  std::string tz;
  TimeRange range;
};
ScopedRange resolve_in_scope(storage::Connection& conn, const auth::Principal& who, const ReportQuery& query,
                             UnixSeconds now);

// Opening a report (its first page) and downloading it are administrator activities
// (docs/product.md#audit): "report.view" and "report.download" entries naming the report. A
// download's entry is written before its rows, so it is recorded even if the client goes away.
void record_report_view(audit::GroupAppender& views, const auth::Principal& who, const RequestMeta& meta,
                        const std::string& org_id, std::string report);
// A view recorded inside the caller's transaction, with what was asked (the compliance reports
// record every page they show).
void record_report_view(storage::Connection& conn, const Clock& clock, const auth::Principal& who,
                        const RequestMeta& meta, const std::string& org_id, std::string report, nlohmann::json details);
void record_report_download(storage::Connection& conn, const Clock& clock, const auth::Principal& who,
                            const RequestMeta& meta, const std::string& org_id, std::string report,
                            nlohmann::json details);

}  // namespace lineport::reports
