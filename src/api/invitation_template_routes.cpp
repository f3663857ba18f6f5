// Invitation templates of an organization (Setup > Invitation Templates): the effective email
// and SMS templates in each language, an organization's own ones, and a rendered preview.

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"
#include "util/clock.h"

namespace lineport::api {
namespace {

nlohmann::json view(const invitations::InvitationTemplate& t) {
  const bool email = t.channel == invitations::Channel::email;
  return {{"channel", invitations::channel_name(t.channel)},
          {"language", t.language},
          {"subject", email ? nlohmann::json(t.subject) : nlohmann::json()},
          {"text", t.text},
          {"html", t.html ? nlohmann::json(*t.html) : nlohmann::json()},
          {"own", t.own},
          {"built_in", t.built_in},
          {"source_org_id", t.source_org_id},
          {"source_org_name", t.source_org_name},
          {"updated_at", t.updated_at ? nlohmann::json(to_rfc3339(*t.updated_at)) : nlohmann::json()},
          {"updated_by", t.updated_by.empty() ? nlohmann::json() : nlohmann::json(t.updated_by)}};
}

nlohmann::json view(const invitations::RenderedInvitation& r) {
  return {{"subject", r.subject}, {"text", r.text}, {"html", r.html ? nlohmann::json(*r.html) : nlohmann::json()}};
}

// subject and html may be null (none); text is a string.
invitations::TemplateInput template_input(JsonInput& in) {
  invitations::TemplateInput input;
  input.subject = in.nullable_string("subject").value_or(std::nullopt);
  input.text = in.string("text");
  input.html = in.nullable_string("html").value_or(std::nullopt);
  return input;
}

http::Response list(Services& s, RequestContext& ctx) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& t : s.invitation_templates.list(ctx.who(), ctx.param("id"))) items.push_back(view(t));
  return json_response({{"items", std::move(items)}});
}

http::Response put(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"subject", "text", "html"});
  const auto input = template_input(in);
  in.finish();
  return json_response(view(s.invitation_templates.put(ctx.who(), ctx.param("id"), ctx.param("channel"),
                                                       ctx.param("language"), input, ctx.meta)));
}

http::Response preview(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"channel", "language", "subject", "text", "html"});
  invitations::PreviewInput preview;
  preview.channel = in.string("channel", true).value_or("");
  preview.language = in.string("language", true).value_or("");
  // A field sent as null counts as given (and empty), so a preview of "no HTML" is possible.
  if (in.has("subject")) preview.input.subject = in.nullable_string("subject").value_or(std::nullopt).value_or("");
  if (in.has("text")) preview.input.text = in.string("text");
  if (in.has("html")) preview.input.html = in.nullable_string("html").value_or(std::nullopt).value_or("");
  in.finish();
  return json_response(view(s.invitation_templates.preview(ctx.who(), ctx.param("id"), preview)));
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

}  // namespace lineport::api
