// Number pools: list, import at the root, allocate and withdraw, reserve and release, reports.

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"
#include "domain/numbers/number_csv.h"

namespace lineport::api {
namespace {

using numbers::NumberStatus;

constexpr auto view_privilege = "setup.view.number_management";
constexpr auto edit_privilege = "setup.edit.number_management";

std::optional<NumberStatus> status_param(const http::Request& request) {
  const auto raw = request.query_param("status").value_or("");
  if (raw.empty()) return std::nullopt;
  const auto status = numbers::parse_number_status(raw);
  if (!status)
    throw DomainError(
        ErrorCode::validation_failed, "Unknown status.",
        {{"status", "Must be available, reserved, pending_invitation, assigned, activated or quarantined."}});
  return status;
}

std::vector<numbers::ImportItem> items_from_json(const std::vector<std::string>& list) {
  std::vector<numbers::ImportItem> items;
  items.reserve(list.size());
  std::int64_t line = 0;
  for (const auto& n : list) items.push_back({++line, n, std::nullopt});
  return items;
}

http::Response import(Services& s, RequestContext& ctx) {
  std::vector<numbers::ImportItem> items;
  std::optional<std::string> tag;
  Validator v;
  if (ctx.request.header("Content-Type").value_or("").starts_with("text/csv")) {
    items = numbers::read_number_csv(ctx.request.body);
    tag = numbers::clean_tag(ctx.request.query_param("tag").value_or(""), "tag", v);
  } else {
    const auto body = ctx.json_body();
    JsonInput in(body, {"numbers", "tag"});
    const auto list = in.string_list("numbers", numbers::NumberService::max_import);
    if (!list) in.validator().fail("numbers", "Is required (a list of numbers).");
    if (const auto t = in.string("tag")) tag = numbers::clean_tag(*t, "tag", in.validator());
    in.finish();
    items = items_from_json(*list);
  }
  v.throw_if_failed();
  const auto result = s.numbers.import(ctx.who(), ctx.param("id"), items, tag, ctx.meta);
  return json_response({{"imported", result.imported},
                        {"duplicates", result.duplicates},
                        {"invalid", result.invalid},
                        {"results", views(result.problems)}});
}

numbers::MoveRequest move_request(RequestContext& ctx, const char* org_field, bool allow_series) {
  const auto body = ctx.json_body();
  std::vector<std::string_view> allowed{org_field, "count", "numbers"};
  if (allow_series) allowed.push_back("series");
  JsonInput in(body, allowed);
  numbers::MoveRequest request;
  request.other_org_id = in.string(org_field).value_or("");
  request.count = in.integer("count");
  request.series = in.string("series").value_or("");
  request.numbers = in.string_list("numbers", 10'000);
  in.finish();
  return request;
}

http::Response move_response(const numbers::MoveResult& result) {
  return json_response({{"moved", result.moved}, {"results", views(result.results)}});
}

http::Response list(Services& s, RequestContext& ctx) {
  numbers::NumberFilter filter;
  filter.status = status_param(ctx.request);
  filter.tag = ctx.request.query_param("tag").value_or("");
  filter.series = ctx.request.query_param("series").value_or("");
  filter.q = ctx.request.query_param("q").value_or("");
  return json_response(view(s.numbers.list(ctx.who(), ctx.param("id"), filter, ctx.page())));
}

http::Response update(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"status", "tag"});
  numbers::NumberPatch patch;
  if (const auto status = in.string("status")) {
    patch.status = numbers::parse_number_status(*status);
    if (!patch.status) in.validator().fail("status", "Must be reserved or available.");
  }
  if (const auto tag = in.nullable_string("tag"))
    patch.tag = *tag ? numbers::clean_tag(**tag, "tag", in.validator()) : std::nullopt;
  in.finish();
  return json_response(view(s.numbers.update(ctx.who(), ctx.param("e164"), patch, ctx.meta)));
}

nlohmann::json summaries(const std::vector<numbers::SeriesSummary>& rows, const char* key) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) items.push_back({{key, r.series}, {"available", r.available}, {"total", r.total}});
  return {{"items", std::move(items)}};
}

}  // namespace

void add_number_routes(Router& router, Services& s) {
  // Reading the pool is also needed to give numbers to accounts (the number-or-tag drop-down).
  const std::vector<std::string> readers{view_privilege, "accounts"};
  router.add(
      {"GET", "/api/v1/orgs/{id}/numbers", needs_any(readers, "id"), [&s](RequestContext& c) { return list(s, c); }});
  router.add({"POST", "/api/v1/orgs/{id}/numbers", needs(edit_privilege, "id"),
              [&s](RequestContext& c) { return import(s, c); }, BodyKind::json_or_csv});
  router.add({"GET", "/api/v1/orgs/{id}/numbers/series", needs_any(readers, "id"), [&s](RequestContext& c) {
                return json_response(summaries(s.numbers.series(c.who(), c.param("id")), "series"));
              }});
  router.add({"GET", "/api/v1/orgs/{id}/numbers/tags", needs_any(readers, "id"), [&s](RequestContext& c) {
                return json_response(summaries(s.numbers.tags(c.who(), c.param("id")), "tag"));
              }});
  router.add({"GET", "/api/v1/orgs/{id}/numbers/suborgs", needs(view_privilege, "id"), [&s](RequestContext& c) {
                return json_response(items_view(s.numbers.suborgs(c.who(), c.param("id"))));
              }});
  router.add({"GET", "/api/v1/orgs/{id}/numbers/utilization", needs_any({view_privilege, "dashboard"}, "id"),
              [&s](RequestContext& c) { return json_response(view(s.numbers.utilization(c.who(), c.param("id")))); }});
  router.add({"POST", "/api/v1/orgs/{id}/numbers/allocate", needs(edit_privilege, "id"),
              [&s](RequestContext& c) {
                return move_response(
                    s.numbers.allocate(c.who(), c.param("id"), move_request(c, "to_org_id", true), c.meta));
              },
              BodyKind::json});
  router.add({"POST", "/api/v1/orgs/{id}/numbers/withdraw", needs(edit_privilege, "id"),
              [&s](RequestContext& c) {
                return move_response(
                    s.numbers.withdraw(c.who(), c.param("id"), move_request(c, "from_org_id", false), c.meta));
              },
              BodyKind::json});
  router.add({"PATCH", "/api/v1/numbers/{e164}", needs(edit_privilege),
              [&s](RequestContext& c) { return update(s, c); }, BodyKind::json});
}

}  // namespace lineport::api
