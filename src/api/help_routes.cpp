// Help (docs/product.md#help): the help pages in force at an organization, each text with where
// it comes from, and an organization's own texts. Reading needs help.view, writing help.edit.

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"

namespace lineport::api {
namespace {

nlohmann::json view(const help::PageInfo& p) {
  return {{"language", p.language},
          {"title", p.title},
          {"own", p.own},
          {"built_in", p.built_in},
          {"source_org_id", p.source_org_id},
          {"source_org_name", p.source_org_name},
          {"updated_at", p.updated_at ? nlohmann::json(to_rfc3339(*p.updated_at)) : nlohmann::json()},
          {"updated_by", p.updated_by.empty() ? nlohmann::json() : nlohmann::json(p.updated_by)}};
}

nlohmann::json view(const help::Page& page) {
  auto out = view(page.info);
  out["slug"] = page.info.slug;
  out["body"] = page.body;
  return out;
}

http::Response list(Services& s, RequestContext& ctx) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& set : s.help.list(ctx.who(), ctx.param("id"))) {
    nlohmann::json texts = nlohmann::json::array();
    for (const auto& text : set.texts) texts.push_back(view(text));
    items.push_back({{"slug", set.slug}, {"built_in", set.built_in}, {"pages", std::move(texts)}});
  }
  return json_response({{"items", std::move(items)}});
}

http::Response put(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"title", "body"});
  help::PageInput input;
  input.title = in.string("title");
  input.body = in.string("body");
  in.finish();
  return json_response(
      view(s.help.put(ctx.who(), ctx.param("id"), ctx.param("slug"), ctx.param("language"), input, ctx.meta)));
}

}  // namespace

void add_help_routes(Router& router, Services& s) {
  const std::string one = "/api/v1/orgs/{id}/help-pages/{slug}/{language}";
  router.add({"GET", "/api/v1/orgs/{id}/help-pages", needs("help.view", "id"),
              [&s](RequestContext& c) { return list(s, c); }});
  router.add({"GET", one, needs("help.view", "id"), [&s](RequestContext& c) {
                return json_response(view(s.help.get(c.who(), c.param("id"), c.param("slug"), c.param("language"))));
              }});
  router.add({"PUT", one, needs("help.edit", "id"), [&s](RequestContext& c) { return put(s, c); }, BodyKind::json});
  router.add({"DELETE", one, needs("help.edit", "id"), [&s](RequestContext& c) {
                s.help.remove(c.who(), c.param("id"), c.param("slug"), c.param("language"), c.meta);
                return http::Response::no_content();
              }});
}

}  // namespace lineport::api
