// Setup > Branding's logos: one for the portal and one for the app, inherited down the tree. The
// texts and colours of Branding are organization settings (PATCH /orgs/{id}/settings).

#include <nlohmann/json.hpp>

#include "api/routes.h"
#include "api/views.h"

namespace lineport::api {
namespace {

constexpr const char* edit_privilege = "setup.edit.branding";

nlohmann::json view(const std::string& org_id, std::string_view kind, const std::optional<orgs::BrandingLogo>& logo) {
  if (!logo) return nullptr;
  return {{"url", "/api/v1/orgs/" + org_id + "/branding/" + std::string(kind) + "/logo?v=" + logo->sha256},
          {"own", logo->source_org_id == org_id},
          {"source_org_id", logo->source_org_id},
          {"source_org_name", logo->source_org_name},
          {"media_type", logo->media_type},
          {"width", logo->width},
          {"height", logo->height},
          {"bytes", logo->byte_count},
          {"updated_at", to_rfc3339(logo->updated_at)}};
}

nlohmann::json view(const std::string& org_id, const orgs::BrandingLogos& logos) {
  return {{"portal_logo", view(org_id, "portal", logos.portal)}, {"app_logo", view(org_id, "app", logos.app)}};
}

}  // namespace

void add_branding_routes(Router& router, Services& s) {
  const std::string branding = "/api/v1/orgs/{id}/branding";
  // The portal shows its organization's logo to everyone signed in on it.
  router.add({"GET", branding, signed_in_on_org("id"), [&s](RequestContext& c) {
                return json_response(view(c.param("id"), s.branding.logos(c.who(), c.param("id"))));
              }});
  router.add({"GET", branding + "/{kind}/logo", signed_in_on_org("id"), [&s](RequestContext& c) {
                return image_response(s.branding.logo(c.who(), c.param("id"), c.param("kind")), c.request);
              }});
  router.add({"PUT", branding + "/{kind}/logo", needs(edit_privilege, "id"),
              [&s](RequestContext& c) {
                const auto& org = c.param("id");
                return json_response(
                    view(org, s.branding.set_logo(c.who(), org, c.param("kind"), std::move(c.request.body), c.meta)));
              },
              BodyKind::image});
  router.add({"DELETE", branding + "/{kind}/logo", needs(edit_privilege, "id"), [&s](RequestContext& c) {
                const auto& org = c.param("id");
                return json_response(view(org, s.branding.remove_logo(c.who(), org, c.param("kind"), c.meta)));
              }});
}

}  // namespace lineport::api
