// Reports. Administrators activity: JSON pages, or ?format=csv streamed.

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
  return q;
}

nlohmann::json view(const reports::ActivityRow& row) {
  return {{"seq", row.seq},           {"at", to_rfc3339(row.at)},       {"actor_email", row.actor_email},
          {"client_ip", row.client_ip}, {"org_id", row.org_id},         {"org_name", row.org_name},
          {"action", row.action},     {"activity_type", row.activity_type}, {"target_type", row.target_type},
          {"target_id", row.target_id}, {"changes", row.changes}};
}

http::Response admin_activity(Services& s, RequestContext& ctx) {
  const auto format = ctx.request.query_param("format").value_or("json");
  const auto query = report_query(ctx);
  if (format == "json") {
    const auto page = s.admin_activity.page(ctx.who(), query, ctx.page(), ctx.meta);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& row : page.items) items.push_back(view(row));
    return json_response({{"items", std::move(items)},
                          {"total", page.total},
                          {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json()}});
  }
  if (format != "csv")
    throw ApiError(ErrorCode::validation_failed, "Unknown format.", {{"format", "Must be json or csv."}});
  // The CSV download has its own privilege, checked here because one route serves both formats.
  if (!ctx.who().privileges.has("reports.download.admin_activity"))
    throw ApiError(ErrorCode::forbidden, "This needs the reports.download.admin_activity privilege.");
  auto download = s.admin_activity.begin_download(ctx.who(), query, ctx.meta);
  auto r = csv_attachment("administrators-activity.csv");
  r.stream = [&report = s.admin_activity, download = std::move(download)](const auto& send) {
    send(reports::AdminActivityReport::csv_header());
    report.stream(download, [&](const reports::ActivityRow& row) { send(reports::AdminActivityReport::csv_line(row)); });
  };
  return r;
}

}  // namespace

void add_report_routes(Router& router, Services& s) {
  router.add({"GET", "/api/v1/orgs/{id}/reports/admin_activity",
              needs_any({"reports.view.admin_activity", "reports.download.admin_activity"}, "id"),
              [&s](RequestContext& c) {
                // Viewing pages needs the view privilege; the CSV checks its own.
                if (c.request.query_param("format").value_or("json") == "json" &&
                    !c.who().privileges.has("reports.view.admin_activity"))
                  throw ApiError(ErrorCode::forbidden, "This needs the reports.view.admin_activity privilege.");
                return admin_activity(s, c);
              }});
}

}  // namespace lineport::api
