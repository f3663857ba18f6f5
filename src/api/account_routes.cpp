// User accounts: list and export, add, edit, delete, and the actions on many (invite, suspend,
// resume, move, bulk).

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"
#include "util/clock.h"
#include "util/csv_writer.h"
#include "util/phone.h"

namespace lineport::api {
namespace {

constexpr std::string_view account_field_names[]{"first_name",
                                                 "last_name",
                                                 "login",
                                                 "permission_group_id",
                                                 "social_messaging",
                                                 "monitor_calls",
                                                 "monitor_sms",
                                                 "forwarding_number",
                                                 "restrict_incoming_social_messaging",
                                                 "notification_email",
                                                 "notes"};

accounts::AccountInput account_fields(JsonInput& in) {
  accounts::AccountInput f;
  f.first_name = in.string("first_name");
  f.last_name = in.string("last_name");
  f.login = in.string("login");
  f.permission_group_id = in.string("permission_group_id");
  f.social_messaging = in.boolean("social_messaging");
  f.monitor_calls = in.string("monitor_calls");
  f.monitor_sms = in.string("monitor_sms");
  f.forwarding_number = in.nullable_string("forwarding_number");
  f.restrict_incoming_social_messaging = in.boolean("restrict_incoming_social_messaging");
  f.notification_email = in.nullable_string("notification_email");
  f.notes = in.string("notes");
  return f;
}

std::vector<std::string_view> with(std::initializer_list<std::string_view> extra) {
  std::vector<std::string_view> out(std::begin(account_field_names), std::end(account_field_names));
  out.insert(out.end(), extra);
  return out;
}

// A number by value or by tag (docs/product.md#http-api-conventions: `tag` assigns the first available number with it).
numbers::NumberChoice number_choice(JsonInput& in, const std::optional<std::optional<std::string>>& number) {
  numbers::NumberChoice choice;
  if (number && *number) {
    choice.number = phone::normalize_e164(**number);
    if (!choice.number) in.validator().fail("multiline_number", "Not a valid number in international form.");
  }
  if (const auto tag = in.string("tag")) choice.tag = numbers::clean_tag(*tag, "tag", in.validator());
  if (choice.number && choice.tag) in.validator().fail("tag", "Give a number or a tag, not both.");
  return choice;
}

accounts::NewAccount new_account(RequestContext& ctx) {
  const auto body = ctx.json_body();
  const auto allowed = with({"multiline_number", "tag", "invite"});
  JsonInput in(body, allowed);
  accounts::NewAccount input;
  input.fields = account_fields(in);
  input.number = number_choice(in, in.nullable_string("multiline_number"));
  input.invite = in.boolean("invite").value_or(false);
  in.finish();
  return input;
}

accounts::AccountPatch account_patch(RequestContext& ctx) {
  const auto body = ctx.json_body();
  const auto allowed = with({"multiline_number", "tag"});
  JsonInput in(body, allowed);
  accounts::AccountPatch patch;
  patch.fields = account_fields(in);
  const auto number = in.nullable_string("multiline_number");
  const auto choice = number_choice(in, number);
  if (!choice.empty()) patch.number = choice;
  patch.release_number = number.has_value() && !number->has_value();
  in.finish();
  return patch;
}

accounts::AccountFilter filter_from_query(const http::Request& r) {
  accounts::AccountFilter f;
  f.status = r.query_param("status").value_or("");
  f.invitation_status = r.query_param("invitation_status").value_or("");
  f.permission_group_id = r.query_param("permission_group_id").value_or("");
  f.q = r.query_param("q").value_or("");
  f.include_suborgs = r.query_param("include_suborgs").value_or("") == "true";
  return f;
}

accounts::AccountFilter filter_from_json(JsonInput& in) {
  accounts::AccountFilter f;
  const auto filter = in.object("filter").value_or(nlohmann::json::object());
  JsonInput fin(filter, {"status", "invitation_status", "permission_group_id", "q", "include_suborgs"});
  f.status = fin.string("status").value_or("");
  f.invitation_status = fin.string("invitation_status").value_or("");
  f.permission_group_id = fin.string("permission_group_id").value_or("");
  f.q = fin.string("q").value_or("");
  f.include_suborgs = fin.boolean("include_suborgs").value_or(false);
  fin.finish();
  return f;
}

std::vector<std::string> account_ids(JsonInput& in) {
  auto ids = in.string_list("account_ids", accounts::AccountService::max_ids);
  if (!ids) in.validator().fail("account_ids", "Is required (a list of account ids).");
  return ids.value_or(std::vector<std::string>{});
}

using ManyAction = std::vector<accounts::AccountResult> (accounts::AccountService::*)(const auth::Principal&,
                                                                                      const std::vector<std::string>&,
                                                                                      const RequestMeta&);

http::Response on_many(Services& s, RequestContext& ctx, ManyAction action) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"account_ids"});
  const auto ids = account_ids(in);
  in.finish();
  return json_response({{"results", views((s.accounts.*action)(ctx.who(), ids, ctx.meta))}});
}

std::string yes_no(bool b) {
  return b ? "Yes" : "No";
}
std::string time_text(const std::optional<UnixSeconds>& t) {
  return t ? to_rfc3339(*t) : "";
}

// docs/product.md#user-accounts-and-invitations: the accounts list as CSV, streamed row by row.
http::Response export_csv(Services& s, RequestContext& ctx) {
  auto r = csv_attachment("accounts.csv");
  r.stream = [&s, who = ctx.who(), org_id = ctx.param("id"), filter = filter_from_query(ctx.request),
              meta = ctx.meta](const auto& send) {
    send(csv::line({"name", "login", "invitation_sent", "organization", "multiline_number", "device_number", "status",
                    "last_sign_in", "monitor_calls", "monitor_messages", "activation_date", "user_permissions",
                    "social_messaging"}));
    s.accounts.for_each(who, org_id, filter, meta, [&](const accounts::Account& a) {
      send(csv::line({a.display_name(), a.login, time_text(a.invited_at), a.org_name, a.multiline_number.value_or(""),
                      a.device_number.value_or(""), a.status, time_text(a.last_sign_in_at), a.monitor_calls,
                      a.monitor_sms, time_text(a.activated_at), a.permission_group_name, yes_no(a.social_messaging)}));
    });
  };
  return r;
}

nlohmann::json progress_view(const accounts::BulkProgress& p) {
  return {{"batch_id", p.batch_id}, {"org_id", p.org_id},     {"action", p.action},
          {"total", p.total},       {"done", p.done},         {"succeeded", p.succeeded},
          {"failed", p.failed},     {"finished", p.finished}, {"created_at", to_rfc3339(p.created_at)}};
}

// With "Prefer: respond-async" (RFC 7240) the job runs in the background: 202 with its progress,
// to follow at the Location given. Without it the answer waits for every account's result.
http::Response bulk(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"filter", "action", "changes"});
  accounts::BulkRequest request;
  request.filter = filter_from_json(in);
  request.action = in.string("action", true).value_or("");
  const auto changes = in.object("changes").value_or(nlohmann::json::object());
  in.finish();
  JsonInput cin(changes, account_field_names);
  request.changes = account_fields(cin);
  cin.finish();
  const auto prefer = ctx.request.header("Prefer").value_or("");
  if (prefer.find("respond-async") != std::string_view::npos) {
    const auto started = s.accounts.start_bulk(ctx.who(), ctx.param("id"), request, ctx.meta);
    auto r = json_response(progress_view(started), 202);
    r.headers.insert_or_assign("Location", "/api/v1/accounts/bulk/" + started.batch_id);
    r.headers.insert_or_assign("Preference-Applied", "respond-async");
    return r;
  }
  const auto report = s.accounts.bulk(ctx.who(), ctx.param("id"), request, ctx.meta);
  return json_response({{"results", views(report.results)},
                        {"batch_id", report.batch_id},
                        {"total", report.total},
                        {"succeeded", report.succeeded},
                        {"failed", report.failed}});
}

// The per-account results of a bulk operation, streamed.
http::Response bulk_results_csv(Services& s, RequestContext& ctx) {
  auto r = csv_attachment("bulk-" + ctx.param("batch") + "-results.csv");
  s.accounts.bulk_progress(ctx.who(), ctx.param("batch"));  // 404 before the answer starts
  r.stream = [&s, who = ctx.who(), batch = ctx.param("batch")](const auto& send) {
    send(csv::line({"account_id", "login", "result", "message"}));
    s.accounts.for_each_bulk_result(who, batch, [&](const accounts::AccountResult& a) {
      send(csv::line({a.account_id, a.login, a.ok ? "ok" : "error", a.message}));
    });
  };
  return r;
}

bool flag(const http::Request& r, const char* name) {
  const auto v = r.query_param(name).value_or("false");
  if (v != "true" && v != "false")
    throw DomainError(ErrorCode::validation_failed, "Must be true or false.", {{name, "Must be true or false."}});
  return v == "true";
}

http::Response import(Services& s, RequestContext& ctx) {
  accounts::ImportRequest request;
  request.org_id = ctx.param("id");
  request.permission_group_id = ctx.request.query_param("permission_group_id");
  request.invite = flag(ctx.request, "invite");
  request.dry_run = flag(ctx.request, "dry_run");
  if (ctx.request.body.empty())
    throw DomainError(ErrorCode::validation_failed, "Send the CSV file as the request body.", {{"body", "Is empty."}});
  const auto outcome = s.account_import.run(ctx.who(), request, ctx.request.body, ctx.meta);
  return json_response({{"rows", outcome.rows},
                        {"created", outcome.created},
                        {"invited", outcome.invited},
                        {"dry_run", outcome.dry_run},
                        {"batch_id", outcome.batch_id.empty() ? nlohmann::json() : nlohmann::json(outcome.batch_id)}});
}

http::Response csv_download(std::string body, const std::string& filename) {
  auto r = csv_attachment(filename);
  r.body = std::move(body);
  return r;
}

}  // namespace

void add_account_routes(Router& router, Services& s) {
  // docs/product.md#administrators-roles-and-privileges: many accounts at once, by filter or by CSV, is accounts.bulk.
  router.add({"GET", "/api/v1/accounts/import-template.csv", needs("accounts.bulk"), [](RequestContext&) {
                return csv_download(accounts::AccountImport::template_csv(), "accounts-template.csv");
              }});
  router.add({"GET", "/api/v1/accounts/import-example.csv", needs("accounts.bulk"), [](RequestContext&) {
                return csv_download(accounts::AccountImport::example_csv(), "accounts-example.csv");
              }});
  router.add({"POST", "/api/v1/orgs/{id}/accounts/import", needs("accounts.bulk", "id"),
              [&s](RequestContext& c) { return import(s, c); }, BodyKind::csv});
  router.add({"GET", "/api/v1/accounts/import/{batch}.csv", needs("accounts.bulk"), [&s](RequestContext& c) {
                return csv_download(s.account_import.result_report(c.who(), c.param("batch")), "import-result.csv");
              }});
  router.add({"GET", "/api/v1/orgs/{id}/accounts", needs("accounts", "id"), [&s](RequestContext& c) {
                const PageRequest request = c.page();
                PageWriter page(request.limit);
                const auto info = s.accounts.list(c.who(), c.param("id"), filter_from_query(c.request), request,
                                                  [&page](const accounts::Account& a) { page.item(a); });
                return std::move(page).finish(info);
              }});
  router.add({"GET", "/api/v1/orgs/{id}/accounts.csv", needs("accounts", "id"),
              [&s](RequestContext& c) { return export_csv(s, c); }});
  router.add({"POST", "/api/v1/orgs/{id}/accounts", needs("accounts", "id"),
              [&s](RequestContext& c) {
                return json_response(view(s.accounts.create(c.who(), c.param("id"), new_account(c), c.meta)), 201);
              },
              BodyKind::json});
  router.add({"GET", "/api/v1/accounts/{id}", needs("accounts"),
              [&s](RequestContext& c) { return json_response(view(s.accounts.get(c.who(), c.param("id")))); }});
  router.add({"PATCH", "/api/v1/accounts/{id}", needs("accounts"),
              [&s](RequestContext& c) {
                return json_response(view(s.accounts.update(c.who(), c.param("id"), account_patch(c), c.meta)));
              },
              BodyKind::json});
  router.add({"DELETE", "/api/v1/accounts/{id}", needs("accounts"), [&s](RequestContext& c) {
                s.accounts.remove(c.who(), c.param("id"), c.meta);
                return http::Response::no_content();
              }});
  router.add({"POST", "/api/v1/accounts/invite", needs("accounts"),
              [&s](RequestContext& c) { return on_many(s, c, &accounts::AccountService::invite); }, BodyKind::json});
  router.add({"POST", "/api/v1/accounts/suspend", needs("accounts"),
              [&s](RequestContext& c) { return on_many(s, c, &accounts::AccountService::suspend); }, BodyKind::json});
  router.add({"POST", "/api/v1/accounts/resume", needs("accounts"),
              [&s](RequestContext& c) { return on_many(s, c, &accounts::AccountService::resume); }, BodyKind::json});
  router.add({"POST", "/api/v1/accounts/delete", needs("accounts"),
              [&s](RequestContext& c) { return on_many(s, c, &accounts::AccountService::remove_each); },
              BodyKind::json});
  router.add({"POST", "/api/v1/accounts/move-options", needs("accounts"),
              [&s](RequestContext& c) {
                const auto body = c.json_body();
                JsonInput in(body, {"account_ids"});
                const auto ids = account_ids(in);
                in.finish();
                return json_response(items_view(s.accounts.move_options(c.who(), ids)));
              },
              BodyKind::json});
  router.add({"POST", "/api/v1/accounts/move", needs("accounts"),
              [&s](RequestContext& c) {
                const auto body = c.json_body();
                JsonInput in(body, {"account_ids", "to_org_id"});
                const auto ids = account_ids(in);
                const auto to = in.string("to_org_id", true).value_or("");
                in.finish();
                return json_response({{"moved", s.accounts.move(c.who(), ids, to, c.meta)}});
              },
              BodyKind::json});
  router.add({"POST", "/api/v1/orgs/{id}/accounts/bulk", needs("accounts.bulk", "id"),
              [&s](RequestContext& c) { return bulk(s, c); }, BodyKind::json});
  router.add({"GET", "/api/v1/accounts/bulk/{batch}", needs("accounts.bulk"), [&s](RequestContext& c) {
                return json_response(progress_view(s.accounts.bulk_progress(c.who(), c.param("batch"))));
              }});
  router.add({"GET", "/api/v1/accounts/bulk/{batch}/results.csv", needs("accounts.bulk"),
              [&s](RequestContext& c) { return bulk_results_csv(s, c); }});
}

}  // namespace lineport::api
