// Reports: administrators activity, the administrators report, the usage reports and the
// compliance reports, as JSON pages or ?format=csv streamed. One route serves both formats; pages
// need reports.view.<report>, the CSV reports.download.<report>.

#include <nlohmann/json.hpp>

#include "api/routes.h"
#include "api/views.h"
#include "domain/error.h"

namespace lineport::api {
namespace {

reports::ReportQuery report_query(const RequestContext& ctx) {
  const auto& r = ctx.request;
  reports::ReportQuery q;
  q.org_id = ctx.param("id");
  q.include_suborgs = r.query_param("include_suborgs") == std::optional<std::string>("true");
  q.range = r.query_param("range");
  q.from = r.query_param("from");
  q.to = r.query_param("to");
  q.activity_type = r.query_param("activity_type").value_or("");
  q.admin_id = r.query_param("admin_id").value_or("");
  q.event = r.query_param("event").value_or("");
  q.status = r.query_param("status").value_or("");
  q.account = r.query_param("account").value_or("");
  q.peer_number = r.query_param("peer_number").value_or("");
  return q;
}

nlohmann::json view(const reports::ActivityRow& row) {
  return {{"seq", row.seq},
          {"at", to_rfc3339(row.at)},
          {"actor_email", row.actor_email},
          {"client_ip", row.client_ip},
          {"org_id", row.org_id},
          {"org_name", row.org_name},
          {"action", row.action},
          {"activity_type", row.activity_type},
          {"target_type", row.target_type},
          {"target_id", row.target_id},
          {"target_name", row.target_name ? nlohmann::json(*row.target_name) : nlohmann::json()},
          {"changes", row.changes}};
}

// "json" or "csv", after checking the caller holds the privilege that format needs.
std::string checked_format(const RequestContext& ctx, std::string_view report) {
  auto format = json_or_csv(ctx.request);
  const auto privilege = std::string(format == "json" ? "reports.view." : "reports.download.") + std::string(report);
  if (!ctx.who().privileges.has(privilege))
    throw DomainError(ErrorCode::forbidden, "This needs the " + privilege + " privilege.");
  return format;
}

Requirement view_or_download(std::string_view report) {
  return needs_any({"reports.view." + std::string(report), "reports.download." + std::string(report)}, "id");
}

http::Response admin_activity(Services& s, RequestContext& ctx) {
  const auto format = checked_format(ctx, "admin_activity");
  const auto query = report_query(ctx);
  if (format == "json") {
    const auto page = s.admin_activity.page(ctx.who(), query, ctx.page(), ctx.meta);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& row : page.items) items.push_back(view(row));
    return json_response({{"items", std::move(items)},
                          {"total", page.total},
                          {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json()}});
  }
  auto download = s.admin_activity.begin_download(ctx.who(), query, ctx.meta);
  auto r = csv_attachment("administrators-activity.csv");
  r.stream = [&report = s.admin_activity, download = std::move(download)](const auto& send) {
    send(reports::AdminActivityReport::csv_header());
    report.stream(download,
                  [&](const reports::ActivityRow& row) { send(reports::AdminActivityReport::csv_line(row)); });
  };
  return r;
}

nlohmann::json view(const reports::AdministratorRow& row) {
  return {{"id", row.id},
          {"first_name", row.first_name},
          {"last_name", row.last_name},
          {"email", row.email},
          {"kind", row.kind},
          {"org_id", row.org_id},
          {"org_name", row.org_name},
          {"role_id", row.role_id},
          {"role_name", row.role_name},
          {"status", row.status},
          {"invited_at", time_or_null(row.invited_at)},
          {"last_sign_in_at", time_or_null(row.last_sign_in_at)}};
}

// The administrators report belongs with the administrators activity: the same privileges.
http::Response administrators(Services& s, RequestContext& ctx) {
  const auto format = checked_format(ctx, "admin_activity");
  const auto query = report_query(ctx);
  if (format == "json") {
    const auto page = s.administrators_report.page(ctx.who(), query, ctx.page(), ctx.meta);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& row : page.items) items.push_back(view(row));
    return json_response({{"items", std::move(items)},
                          {"total", page.total},
                          {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json()}});
  }
  auto download = s.administrators_report.begin_download(ctx.who(), query, ctx.meta);
  auto r = csv_attachment("administrators.csv");
  r.stream = [&report = s.administrators_report, download = std::move(download)](const auto& send) {
    send(reports::AdministratorsReport::csv_header());
    report.stream(download,
                  [&](const reports::AdministratorRow& row) { send(reports::AdministratorsReport::csv_line(row)); });
  };
  return r;
}

nlohmann::json cell_json(const reports::Cell& cell) {
  return std::visit([](const auto& v) -> nlohmann::json { return v; }, cell);
}

http::Response usage_report(Services& s, RequestContext& ctx, reports::UsageReportKind kind) {
  const auto name = reports::to_string(kind);
  const auto format = checked_format(ctx, name);
  const auto query = report_query(ctx);
  if (format == "json") {
    const auto page = s.usage_reports.page(ctx.who(), kind, query, ctx.page(), ctx.meta);
    const auto columns = reports::UsageReports::columns(kind);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& row : page.items) {
      nlohmann::json item = nlohmann::json::object();
      for (std::size_t i = 0; i < columns.size(); ++i) item[std::string(columns[i])] = cell_json(row[i]);
      items.push_back(std::move(item));
    }
    return json_response({{"items", std::move(items)},
                          {"total", page.total},
                          {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json()}});
  }
  auto download = s.usage_reports.begin_download(ctx.who(), kind, query, ctx.meta);
  auto r = csv_attachment(std::string(name) + ".csv");
  r.stream = [&report = s.usage_reports, download = std::move(download)](const auto& send) {
    send(reports::UsageReports::csv_header(download.kind));
    report.stream(download, [&](const reports::ReportRow& row) { send(reports::UsageReports::csv_line(row)); });
  };
  return r;
}

// Call Recording, Message Logging and SMS Opt-in: rows are the records as the archivers' feed
// gives them, with the account's and organization's names.
http::Response compliance_report(Services& s, RequestContext& ctx, compliance::Kind kind) {
  const auto format = checked_format(ctx, compliance::report_subject(kind));
  const auto query = report_query(ctx);
  if (format == "json") {
    auto page = s.compliance_reports.page(ctx.who(), kind, query, ctx.page(), ctx.meta);
    return json_response({{"items", std::move(page.items)},
                          {"total", page.total},
                          {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json()}});
  }
  auto download = s.compliance_reports.begin_download(ctx.who(), kind, query, ctx.meta);
  auto r = csv_attachment(std::string(compliance::report_subject(kind)) + ".csv");
  r.stream = [&report = s.compliance_reports, download = std::move(download)](const auto& send) {
    send(reports::ComplianceReports::csv_header(download.kind));
    report.stream(download,
                  [&](const nlohmann::json& row) { send(reports::ComplianceReports::csv_line(download.kind, row)); });
  };
  return r;
}

}  // namespace

void add_report_routes(Router& router, Services& s) {
  router.add({"GET", "/api/v1/orgs/{id}/reports/admin_activity", view_or_download("admin_activity"),
              [&s](RequestContext& c) { return admin_activity(s, c); }});
  router.add({"GET", "/api/v1/orgs/{id}/reports/administrators", view_or_download("admin_activity"),
              [&s](RequestContext& c) { return administrators(s, c); }});
  using reports::UsageReportKind;
  for (const auto kind :
       {UsageReportKind::consumption_metrics, UsageReportKind::user_metrics, UsageReportKind::activities}) {
    const auto name = std::string(reports::to_string(kind));
    router.add({"GET", "/api/v1/orgs/{id}/reports/" + name, view_or_download(name),
                [&s, kind](RequestContext& c) { return usage_report(s, c, kind); }});
  }
  using compliance::Kind;
  for (const auto kind : {Kind::call_recording, Kind::message_log, Kind::sms_opt_in}) {
    const auto name = std::string(compliance::report_subject(kind));
    router.add({"GET", "/api/v1/orgs/{id}/reports/" + name, view_or_download(name),
                [&s, kind](RequestContext& c) { return compliance_report(s, c, kind); }});
  }
}

}  // namespace lineport::api
