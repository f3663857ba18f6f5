// Compliance records (docs/compliance.md): the telecom core's ingest of call recordings, message
// logs and SMS opt-ins (NDJSON or CSV, spooled like usage uploads), its CSV template, and the
// archivers' change feed (ADK), one endpoint per kind.

#include <nlohmann/json.hpp>

#include "api/record_uploads.h"
#include "api/routes.h"
#include "api/views.h"
#include "util/text.h"

namespace lineport::api {
namespace {

http::Response ingest(Services& s, RequestContext& ctx) {
  return upload_response(
      s.compliance_ingest.run(ctx.who(), upload_request(ctx.request), ctx.request.body_reader(), ctx.meta));
}

compliance::FeedQuery feed_query(const RequestContext& ctx) {
  const auto& r = ctx.request;
  compliance::FeedQuery q;
  q.org_id = r.query_param("org_id").value_or(ctx.who().home_org_id);
  Validator v;
  const auto include = r.query_param("include_suborgs").value_or("true");
  if (include != "true" && include != "false") v.fail("include_suborgs", "Must be true or false.");
  q.include_suborgs = include == "true";
  q.since = r.query_param("since").value_or("");
  if (const auto limit = r.query_param("limit")) {
    const auto n = text::parse_int(*limit);
    if (n)
      q.limit = *n;
    else
      v.fail("limit", "Must be 1 to 1000.");
  }
  v.throw_if_failed();
  return q;
}

void add_feed(Router& router, Services& s, const std::string& path, compliance::Kind kind) {
  router.add({"GET", path, needs("reports.adk." + std::string(compliance::report_subject(kind))),
              [&s, kind](RequestContext& c) {
                const auto page = s.compliance_feed.page(c.who(), kind, feed_query(c), c.meta);
                return json_response({{"items", page.items}, {"next_cursor", page.next_cursor}});
              }});
}

}  // namespace

void add_compliance_routes(Router& router, Services& s) {
  router.add({"POST", "/api/v1/compliance/records", needs("usage.ingest"),
              [&s](RequestContext& c) { return ingest(s, c); }, BodyKind::ndjson_or_csv});
  router.add({"GET", "/api/v1/compliance/template.csv", needs("usage.ingest"), [](RequestContext&) {
                auto r = csv_attachment("compliance-template.csv");
                r.body = compliance::csv_template();
                return r;
              }});
  add_feed(router, s, "/api/v1/adk/call-recordings", compliance::Kind::call_recording);
  add_feed(router, s, "/api/v1/adk/message-logs", compliance::Kind::message_log);
  add_feed(router, s, "/api/v1/adk/sms-opt-ins", compliance::Kind::sms_opt_in);
}

}  // namespace lineport::api
