// Usage: ingest (NDJSON or CSV, spooled by the server), its CSV template, and the dashboard.

#include <nlohmann/json.hpp>

#include "api/record_uploads.h"
#include "api/routes.h"
#include "api/views.h"

namespace lineport::api {
namespace {

nlohmann::json totals_view(const usage::BillableTotals& t) {
  return {{"voice_seconds", t.voice_seconds}, {"messages", t.messages}, {"data_bytes", t.data_bytes}};
}

nlohmann::json dashboard_view(const usage::DashboardView& d) {
  nlohmann::json series = nlohmann::json::array();
  for (const auto& day : d.series) series.push_back({{"date", day.date}, {"quantity", day.quantity}});
  return {{"org_id", d.org_id},
          {"timezone", d.timezone},
          {"type", usage::to_string(d.type)},
          {"current_cycle",
           {{"from", d.current.from},
            {"to", d.current.to},
            {"new_users", d.new_users},
            {"active_users", d.active_users},
            {"billable", totals_view(d.current.billable)},
            {"series", std::move(series)}}},
          {"past_cycle", {{"from", d.past.from}, {"to", d.past.to}, {"billable", totals_view(d.past.billable)}}},
          {"all_time", {{"billable", totals_view(d.all_time)}}},
          {"number_utilization", view(d.utilization)}};
}

http::Response ingest(Services& s, RequestContext& ctx) {
  return upload_response(
      s.usage_ingest.run(ctx.who(), upload_request(ctx.request), ctx.request.body_reader(), ctx.meta));
}

http::Response dashboard(Services& s, RequestContext& ctx) {
  const auto type_param = ctx.request.query_param("type").value_or("voice");
  const auto type = usage::parse_usage_type(type_param);
  if (!type)
    throw DomainError(ErrorCode::validation_failed, "Unknown type.", {{"type", "Must be voice, message or data."}});
  return json_response(dashboard_view(s.dashboard.view(ctx.who(), ctx.param("id"), *type)));
}

}  // namespace

void add_usage_routes(Router& router, Services& s) {
  router.add({"POST", "/api/v1/usage", needs("usage.ingest"), [&s](RequestContext& c) { return ingest(s, c); },
              BodyKind::ndjson_or_csv});
  router.add({"GET", "/api/v1/usage/template.csv", needs("usage.ingest"), [](RequestContext&) {
                auto r = csv_attachment("usage-template.csv");
                r.body = usage::csv_template();
                return r;
              }});
  router.add({"GET", "/api/v1/orgs/{id}/dashboard", needs("dashboard", "id"),
              [&s](RequestContext& c) { return dashboard(s, c); }});
}

}  // namespace lineport::api
