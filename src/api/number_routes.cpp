// Number pools: list, import at the root, allocate and withdraw, reserve and release, reports.

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"
#include "util/csv_reader.h"

namespace lineport::api {
namespace {

using numbers::NumberStatus;

constexpr auto kView = "setup.view.number_management";
constexpr auto kEdit = "setup.edit.number_management";

std::optional<NumberStatus> status_param(const http::Request& request) {
  const auto raw = request.query_param("status").value_or("");
  if (raw.empty()) return std::nullopt;
  const auto status = numbers::parse_number_status(raw);
  if (!status)
    throw ApiError(ErrorCode::validation_failed, "Unknown status.",
                   {{"status", "Must be available, reserved, pending_invitation, assigned, activated or quarantined."}});
  return status;
}

nlohmann::json item_results(const std::vector<numbers::ItemResult>& results) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : results)
    out.push_back({{"line", r.line},
                   {"input", r.input},
                   {"number", r.number ? nlohmann::json(*r.number) : nlohmann::json()},
                   {"result", r.result},
                   {"message", r.message.empty() ? nlohmann::json() : nlohmann::json(r.message)}});
  return out;
}

// A CSV body: a header with `number` (required) and `tag` (optional).
std::vector<numbers::ImportItem> items_from_csv(const std::string& body) {
  static constexpr csv::ExpectedColumn columns[] = {{"number", true}, {"tag", false}};
  std::vector<numbers::ImportItem> items;
  std::optional<csv::HeaderMatch> header;
  Validator v;
  const auto fail = [](const csv::CsvError& e) {
    throw ApiError(ErrorCode::validation_failed, "The CSV file cannot be read: " + e.message(),
                   {{"line " + std::to_string(e.line()), e.message()}});
  };
  try {
    csv::CsvReader reader(
        [&](const csv::CsvRow& row) {
          if (!header) {
            header = csv::match_header(row, columns);
            if (!header->ok()) fail(header->errors.front());
            return;
          }
          if (items.size() >= numbers::NumberService::max_import)
            throw csv::CsvError(row.line, 0, "The file has more than 100000 numbers.");
          numbers::ImportItem item{static_cast<std::int64_t>(row.line), std::string(header->value(row, 0)), {}};
          item.tag = numbers::clean_tag(std::string(header->value(row, 1)), "line " + std::to_string(row.line), v);
          items.push_back(std::move(item));
        },
        csv::CsvLimits{8, 1024, numbers::NumberService::max_import + 1});
    reader.feed(body);
    reader.finish();
  } catch (const csv::CsvError& e) {
    fail(e);
  }
  v.throw_if_failed();
  return items;
}

std::vector<numbers::ImportItem> items_from_json(const std::vector<std::string>& list) {
  std::vector<numbers::ImportItem> items;
  std::int64_t line = 0;
  for (const auto& n : list) items.push_back({++line, n, std::nullopt});
  return items;
}

http::Response import(Services& s, RequestContext& ctx) {
  std::vector<numbers::ImportItem> items;
  std::optional<std::string> tag;
  Validator v;
  if (ctx.request.header("Content-Type").value_or("").starts_with("text/csv")) {
    items = items_from_csv(ctx.request.body);
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
                        {"results", item_results(result.problems)}});
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
  return json_response({{"moved", result.moved}, {"results", item_results(result.results)}});
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
  const std::vector<std::string> readers{kView, "accounts"};
  router.add({"GET", "/api/v1/orgs/{id}/numbers", needs_any(readers, "id"),
              [&s](RequestContext& c) { return list(s, c); }});
  router.add({"POST", "/api/v1/orgs/{id}/numbers", needs(kEdit, "id"), [&s](RequestContext& c) { return import(s, c); },
              BodyKind::json_or_csv});
  router.add({"GET", "/api/v1/orgs/{id}/numbers/series", needs_any(readers, "id"), [&s](RequestContext& c) {
                return json_response(summaries(s.numbers.series(c.who(), c.param("id")), "series"));
              }});
  router.add({"GET", "/api/v1/orgs/{id}/numbers/tags", needs_any(readers, "id"), [&s](RequestContext& c) {
                return json_response(summaries(s.numbers.tags(c.who(), c.param("id")), "tag"));
              }});
  router.add({"GET", "/api/v1/orgs/{id}/numbers/suborgs", needs(kView, "id"), [&s](RequestContext& c) {
                nlohmann::json items = nlohmann::json::array();
                for (const auto& o : s.numbers.suborgs(c.who(), c.param("id")))
                  items.push_back(
                      {{"org_id", o.org_id}, {"org_name", o.org_name}, {"total", o.total}, {"available", o.available}});
                return json_response({{"items", std::move(items)}});
              }});
  router.add({"GET", "/api/v1/orgs/{id}/numbers/utilization", needs_any({kView, "dashboard"}, "id"),
              [&s](RequestContext& c) { return json_response(view(s.numbers.utilization(c.who(), c.param("id")))); }});
  router.add({"POST", "/api/v1/orgs/{id}/numbers/allocate", needs(kEdit, "id"), [&s](RequestContext& c) {
                return move_response(s.numbers.allocate(c.who(), c.param("id"), move_request(c, "to_org_id", true), c.meta));
              }, BodyKind::json});
  router.add({"POST", "/api/v1/orgs/{id}/numbers/withdraw", needs(kEdit, "id"), [&s](RequestContext& c) {
                return move_response(
                    s.numbers.withdraw(c.who(), c.param("id"), move_request(c, "from_org_id", false), c.meta));
              }, BodyKind::json});
  router.add({"PATCH", "/api/v1/numbers/{e164}", needs(kEdit), [&s](RequestContext& c) { return update(s, c); },
              BodyKind::json});
}

}  // namespace lineport::api
