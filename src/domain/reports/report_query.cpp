#include "domain/reports/report_query.h"

#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"

namespace lineport::reports {

TimeRange resolve_range(const ReportQuery& q, const std::string& tz, UnixSeconds now) {
  const std::string range = q.range.value_or(q.from || q.to ? "custom" : "last_7_days");
  if (range == "today") return day_containing(tz, now);
  if (range == "last_7_days") return last_7_days(tz, now);
  if (range == "current_cycle") return month_containing(tz, now);
  if (range == "last_cycle") return month_before(tz, now);
  if (range != "custom")
    throw DomainError(ErrorCode::validation_failed, "Unknown date range.",
                      {{"range", "Must be today, last_7_days, current_cycle, last_cycle or custom."}});
  Validator v;
  const auto from_day = q.from ? local_midnight(tz, *q.from) : std::nullopt;
  const auto to_day = q.to ? local_midnight(tz, *q.to) : std::nullopt;
  if (!from_day) v.fail("from", "Must be a date written YYYY-MM-DD.");
  if (!to_day) v.fail("to", "Must be a date written YYYY-MM-DD.");
  v.throw_if_failed();
  const UnixSeconds from = from_day.value_or(0);
  const UnixSeconds to = day_containing(tz, to_day.value_or(0)).to;  // "to" is inclusive: to the end of that day
  if (to <= from)
    throw DomainError(ErrorCode::validation_failed, "The range is empty.", {{"to", "Must not be before from."}});
  if (to - from > 367LL * 24 * 3600)
    throw DomainError(ErrorCode::validation_failed, "The range is too long.", {{"to", "At most one year after from."}});
  return {from, to};
}

ScopedRange resolve_in_scope(storage::Connection& conn, const auth::Principal& who, const ReportQuery& query,
                             UnixSeconds now) {
  orgs::require_in_scope(conn, who, query.org_id);
  auto tz = orgs::effective_value(conn, query.org_id, "timezone").get<std::string>();
  const auto range = resolve_range(query, tz, now);
  return {std::move(tz), range};
}

void record_report_view(audit::GroupAppender& views, const auth::Principal& who, const RequestMeta& meta,
                        const std::string& org_id, std::string report) {
  views.append(audit::actor_of(who), meta,
               {org_id, "report.view", audit::Activity::view, "report", std::move(report), {}});
}

void record_report_view(storage::Connection& conn, const Clock& clock, const auth::Principal& who,
                        const RequestMeta& meta, const std::string& org_id, std::string report,
                        nlohmann::json details) {
  audit::append(conn, clock, audit::actor_of(who), meta,
                {org_id, "report.view", audit::Activity::view, "report", std::move(report), std::move(details)});
}

void record_report_download(storage::Connection& conn, const Clock& clock, const auth::Principal& who,
                            const RequestMeta& meta, const std::string& org_id, std::string report,
                            nlohmann::json details) {
  audit::append(
      conn, clock, audit::actor_of(who), meta,
      {org_id, "report.download", audit::Activity::download, "report", std::move(report), std::move(details)});
}

}  // namespace lineport::reports
