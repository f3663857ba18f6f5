// Setup > Company Profile: an organization's legal name, address, phone, contact email and logo.

#include <nlohmann/json.hpp>

#include "api/routes.h"
#include "api/views.h"

namespace lineport::api {
namespace {

constexpr const char* view_privilege = "setup.view.company_profile";
constexpr const char* edit_privilege = "setup.edit.company_profile";

nlohmann::json view(const orgs::CompanyProfile& p) {
  nlohmann::json out = p.fields;
  out["org_id"] = p.org_id;
  out["company_name"] = p.company_name;
  if (p.logo) {
    out["logo"] = {{"url", "/api/v1/orgs/" + p.org_id + "/company-profile/logo?v=" + p.logo->sha256},
                   {"media_type", p.logo->media_type},
                   {"width", p.logo->width},
                   {"height", p.logo->height},
                   {"bytes", p.logo->byte_count},
                   {"updated_at", to_rfc3339(p.logo->updated_at)}};
  } else {
    out["logo"] = nullptr;
  }
  return out;
}

}  // namespace

void add_company_profile_routes(Router& router, Services& s) {
  const std::string profile = "/api/v1/orgs/{id}/company-profile";
  router.add({"GET", profile, needs(view_privilege, "id"),
              [&s](RequestContext& c) { return json_response(view(s.company_profiles.get(c.who(), c.param("id")))); }});
  router.add({"PATCH", profile, needs(edit_privilege, "id"),
              [&s](RequestContext& c) {
                return json_response(view(s.company_profiles.update(c.who(), c.param("id"), c.json_body(), c.meta)));
              },
              BodyKind::json});
  router.add({"PUT", profile + "/logo", needs(edit_privilege, "id"),
              [&s](RequestContext& c) {
                return json_response(
                    view(s.company_profiles.set_logo(c.who(), c.param("id"), std::move(c.request.body), c.meta)));
              },
              BodyKind::image});
  // The logo is the organization's face in the portal: whoever is signed in on it may see it.
  router.add({"GET", profile + "/logo", signed_in_on_org("id"), [&s](RequestContext& c) {
                return image_response(s.company_profiles.logo(c.who(), c.param("id")), c.request);
              }});
  router.add({"DELETE", profile + "/logo", needs(edit_privilege, "id"), [&s](RequestContext& c) {
                s.company_profiles.remove_logo(c.who(), c.param("id"), c.meta);
                return http::Response::no_content();
              }});
}

}  // namespace lineport::api
