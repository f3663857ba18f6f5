// The texts of the messages an organization sends (docs/product.md#message-templates):
// Setup > Invitation Templates (by channel: email, sms) and Setup > Email Templates (by message:
// password_reset, the alerts, …). Both show the text in force in each language with its source,
// save and remove an organization's own, and render a preview; both need the
// setup.*.invitation_templates privileges.

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"
#include "domain/alerts/alerts.h"
#include "util/clock.h"

namespace lineport::api {
namespace {

// The fields both pages share; the invitation page names the channel, the email page the message.
nlohmann::json common_view(const templates::MessageTemplate& t) {
  const bool email = t.kind->channel == templates::Channel::email;
  return {{"language", t.language},
          {"subject", email ? nlohmann::json(t.content.subject) : nlohmann::json()},
          {"text", t.content.text},
          {"html", t.content.html ? nlohmann::json(*t.content.html) : nlohmann::json()},
          {"own", t.own},
          {"built_in", t.built_in},
          {"source_org_id", t.source_org_id},
          {"source_org_name", t.source_org_name},
          {"updated_at", t.updated_at ? nlohmann::json(to_rfc3339(*t.updated_at)) : nlohmann::json()},
          {"updated_by", t.updated_by.empty() ? nlohmann::json() : nlohmann::json(t.updated_by)}};
}

nlohmann::json invitation_view(const templates::MessageTemplate& t) {
  auto out = common_view(t);
  out["channel"] = templates::channel_name(t.kind->channel);
  return out;
}

// The message's name in each language: the alert catalog's for an alert, the catalog's otherwise.
nlohmann::json message_name(const templates::MessageKind& kind) {
  for (const auto& alert : alerts::alert_catalog())
    if (alert.key == kind.key) return {{"en", alert.name.en}, {"es", alert.name.es}, {"pt", alert.name.pt}};
  return {{"en", kind.name.en}, {"es", kind.name.es}, {"pt", kind.name.pt}};
}

nlohmann::json email_view(const templates::MessageTemplate& t) {
  auto out = common_view(t);
  out["message"] = t.kind->key;
  out["name"] = message_name(*t.kind);
  out["placeholders"] = t.kind->placeholders;
  out["required_placeholders"] = t.kind->required;
  return out;
}

nlohmann::json view(const invitations::RenderedInvitation& r) {
  return {{"subject", r.subject}, {"text", r.text}, {"html", r.html ? nlohmann::json(*r.html) : nlohmann::json()}};
}

// subject and html may be null (none); text is a string.
templates::TemplateInput template_input(JsonInput& in) {
  templates::TemplateInput input;
  input.subject = in.nullable_string("subject").value_or(std::nullopt);
  input.text = in.string("text");
  input.html = in.nullable_string("html").value_or(std::nullopt);
  return input;
}

// A preview's subject, text and html when the request gives them: a field sent as null counts as
// given (and empty), so a preview of "no HTML" is possible. All absent: the text in force.
templates::TemplateInput preview_input(JsonInput& in) {
  templates::TemplateInput input;
  if (in.has("subject")) input.subject = in.nullable_string("subject").value_or(std::nullopt).value_or("");
  if (in.has("text")) input.text = in.string("text");
  if (in.has("html")) input.html = in.nullable_string("html").value_or(std::nullopt).value_or("");
  return input;
}

http::Response list(Services& s, RequestContext& ctx) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& t : s.invitation_templates.list(ctx.who(), ctx.param("id"))) items.push_back(invitation_view(t));
  return json_response({{"items", std::move(items)}});
}

http::Response put(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"subject", "text", "html"});
  const auto input = template_input(in);
  in.finish();
  return json_response(invitation_view(s.invitation_templates.put(ctx.who(), ctx.param("id"), ctx.param("channel"),
                                                                  ctx.param("language"), input, ctx.meta)));
}

http::Response preview(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"channel", "language", "subject", "text", "html"});
  invitations::PreviewInput preview;
  preview.channel = in.string("channel", true).value_or("");
  preview.language = in.string("language", true).value_or("");
  preview.input = preview_input(in);
  in.finish();
  return json_response(view(s.invitation_templates.preview(ctx.who(), ctx.param("id"), preview)));
}

http::Response list_email(Services& s, RequestContext& ctx) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& t : s.email_templates.list(ctx.who(), ctx.param("id"))) items.push_back(email_view(t));
  return json_response({{"items", std::move(items)}});
}

http::Response put_email(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"subject", "text", "html"});
  const auto input = template_input(in);
  in.finish();
  return json_response(email_view(
      s.email_templates.put(ctx.who(), ctx.param("id"), ctx.param("message"), ctx.param("language"), input, ctx.meta)));
}

http::Response preview_email(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"message", "language", "subject", "text", "html"});
  templates::PreviewInput preview;
  preview.message = in.string("message", true).value_or("");
  preview.language = in.string("language", true).value_or("");
  preview.input = preview_input(in);
  in.finish();
  const auto r = s.email_templates.preview(ctx.who(), ctx.param("id"), preview);
  return json_response(
      {{"subject", r.subject}, {"text", r.text}, {"html", r.html ? nlohmann::json(*r.html) : nlohmann::json()}});
}

}  // namespace

void add_invitation_template_routes(Router& router, Services& s) {
  const std::string one = "/api/v1/orgs/{id}/invitation-templates/{channel}/{language}";
  router.add({"GET", "/api/v1/orgs/{id}/invitation-templates", needs("setup.view.invitation_templates", "id"),
              [&s](RequestContext& c) { return list(s, c); }});
  router.add({"PUT", one, needs("setup.edit.invitation_templates", "id"), [&s](RequestContext& c) { return put(s, c); },
              BodyKind::json});
  router.add({"DELETE", one, needs("setup.edit.invitation_templates", "id"), [&s](RequestContext& c) {
                s.invitation_templates.remove(c.who(), c.param("id"), c.param("channel"), c.param("language"), c.meta);
                return http::Response::no_content();
              }});
  router.add({"POST", "/api/v1/orgs/{id}/invitation-templates/preview", needs("setup.view.invitation_templates", "id"),
              [&s](RequestContext& c) { return preview(s, c); }, BodyKind::json});
}

void add_email_template_routes(Router& router, Services& s) {
  const std::string one = "/api/v1/orgs/{id}/email-templates/{message}/{language}";
  router.add({"GET", "/api/v1/orgs/{id}/email-templates", needs("setup.view.invitation_templates", "id"),
              [&s](RequestContext& c) { return list_email(s, c); }});
  router.add({"PUT", one, needs("setup.edit.invitation_templates", "id"),
              [&s](RequestContext& c) { return put_email(s, c); }, BodyKind::json});
  router.add({"DELETE", one, needs("setup.edit.invitation_templates", "id"), [&s](RequestContext& c) {
                s.email_templates.remove(c.who(), c.param("id"), c.param("message"), c.param("language"), c.meta);
                return http::Response::no_content();
              }});
  router.add({"POST", "/api/v1/orgs/{id}/email-templates/preview", needs("setup.view.invitation_templates", "id"),
              [&s](RequestContext& c) { return preview_email(s, c); }, BodyKind::json});
}

}  // namespace lineport::api
