// The authorization matrix: walks the router's own route table and proves, for every route,
// that no credentials → 401, signed in without the privilege → 403, and another tenant's
// resource → 404. A route added without a declared privilege (and not listed below as open to
// every signed-in administrator) fails here.

#include <gtest/gtest.h>

#include <set>

#include "support/test_server.h"
#include "util/crypto.h"
#include "util/qr_code.h"

namespace lineport::testing {
namespace {

// Routes any signed-in administrator may use, on purpose. Everything else must name a privilege.
const std::set<std::string> for_every_admin = {
    "POST /api/v1/auth/logout",
    "GET /api/v1/auth/me",
    "PATCH /api/v1/auth/me",
    "PATCH /api/v1/auth/me/preferences",
    "POST /api/v1/auth/password",
    "GET /api/v1/privileges",
    "GET /api/v1/orgs/{id}",
    "GET /api/v1/orgs/{id}/settings",
    "POST /api/v1/auth/totp/enroll",
    "POST /api/v1/auth/totp/confirm",
    "POST /api/v1/auth/totp/disable",
    // Everyone's own photo (My Profile); another administrator's needs what editing or reading
    // that administrator needs, which AdminPhotos tests.
    "PUT /api/v1/admins/{id}/photo",
    "GET /api/v1/admins/{id}/photo",
    "DELETE /api/v1/admins/{id}/photo",
    // The organization's logo: its face in the portal for everyone signed in on it.
    "GET /api/v1/orgs/{id}/company-profile/logo",
    // Branding's logos: the portal shows its organization's to everyone signed in on it.
    "GET /api/v1/orgs/{id}/branding",
    "GET /api/v1/orgs/{id}/branding/{kind}/logo",
};

std::string key(const app::Application::RouteInfo& r) {
  return r.method + " " + r.pattern;
}

struct Tenant {
  std::string org_id, role_id, admin_id, batch_id, account_id, group_id, number, plan_id, template_id, webhook_id,
      delivery_id, message_id;
};

class Authorization : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    a = make_tenant("Tenant A", "a");
    b = make_tenant("Tenant B", "b");
    // A full administrator of tenant A, and one of tenant A whose role holds nothing.
    full = sign_in("full@a.example");
    const auto nothing = root.post("/api/v1/orgs/" + a.org_id + "/roles",
                                   {{"name", "Nothing"}, {"privileges", nlohmann::json::array()}});
    ASSERT_EQ(nothing.status, 201) << nothing.body;
    const auto weak = root.post("/api/v1/orgs/" + a.org_id + "/admins", {{"first_name", "Weak"},
                                                                         {"last_name", "Admin"},
                                                                         {"email", "weak@a.example"},
                                                                         {"role_id", nothing.json()["id"]}});
    ASSERT_EQ(weak.status, 201) << weak.body;
    set_password(weak.json()["id"], "weak@a.example");
    powerless = sign_in("weak@a.example");
  }

  Tenant make_tenant(const std::string& name, const std::string& tag) {
    Tenant t;
    t.org_id = root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", name}}).json()["id"];
    t.role_id = root.post("/api/v1/orgs/" + t.org_id + "/roles", {{"name", "Custom"}, {"privileges", {"dashboard"}}})
                    .json()["id"];
    t.admin_id = server.add_admin(t.org_id, "full@" + tag + ".example", "full-password-123");
    const auto other = server.add_admin(t.org_id, "other@" + tag + ".example", "other-password-123");
    // A resend batch made by this tenant's admin.
    HttpClient admin = server.client();
    admin.sign_in("full@" + tag + ".example", "full-password-123");
    t.batch_id = admin.post("/api/v1/admins/resend-invitations", {{"admin_ids", {other}}}).json()["batch_id"];
    // A number, a user account and a permission group of this tenant.
    t.number = tag == "a" ? "+12125550101" : "+12125550102";
    EXPECT_EQ(root.post("/api/v1/orgs/" + server.root_org_id() + "/numbers", {{"numbers", {t.number}}}).status, 200);
    EXPECT_EQ(root.post("/api/v1/orgs/" + server.root_org_id() + "/numbers/allocate",
                        {{"to_org_id", t.org_id}, {"numbers", {t.number}}})
                  .status,
              200);
    t.account_id =
        admin.post("/api/v1/orgs/" + t.org_id + "/accounts", {{"login", "user@" + tag + ".example"}}).json()["id"];
    t.group_id =
        admin.post("/api/v1/orgs/" + t.org_id + "/permission-groups", {{"name", "Voice only"}, {"features", {"voice"}}})
            .json()["id"];
    // A subscription plan the tenant defines for itself.
    t.plan_id = root.post("/api/v1/orgs/" + t.org_id + "/subscriptions",
                          {{"name", "Own plan"},
                           {"features", {"voice"}},
                           {"limits", {{"max_accounts", nullptr}, {"max_numbers", nullptr}, {"max_suborgs", nullptr}}},
                           {"charging",
                            {{"currency", "EUR"},
                             {"voice_per_minute", "0.01"},
                             {"per_message", "0"},
                             {"data_per_mb", "0"},
                             {"monthly_per_active_user", "1"}}},
                           {"call_filtering",
                            {{"mode", "allow_all"},
                             {"allowed_prefixes", nlohmann::json::array()},
                             {"blocked_prefixes", nlohmann::json::array()}}}})
                    .json()["id"];
    // And an organization template.
    t.template_id =
        root.post("/api/v1/orgs/" + t.org_id + "/org-templates", {{"name", "Branch"}, {"numbers", 1}}).json()["id"];
    // And a webhook with a delivery.
    t.webhook_id = root.post("/api/v1/orgs/" + t.org_id + "/webhooks",
                             {{"url", "https://hooks." + tag + ".example/in"}, {"events", {"ping"}}})
                       .json()["id"];
    t.delivery_id = root.post("/api/v1/webhooks/" + t.webhook_id + "/test", nlohmann::json::object()).json()["id"];
    // And an in-app message.
    t.message_id = root.post("/api/v1/orgs/" + t.org_id + "/in-app-messages",
                             {{"text", "Hello"}, {"expires_at", to_rfc3339(server.clock().now() + 86400)}})
                       .json()["id"];
    return t;
  }

  void set_password(const std::string& admin_id, const std::string&) {
    server.db().write([&](storage::Connection& c) {
      c.execute({"test.password", "UPDATE admins SET password_hash = $2, password_change_required = 0 WHERE id = $1"},
                {admin_id, crypto::hash_password("known-password-123")});
    });
  }

  HttpClient sign_in(const std::string& email) {
    HttpClient c = server.client();
    const auto password = email.starts_with("full@") ? "full-password-123" : "known-password-123";
    EXPECT_EQ(c.sign_in(email, password).status, 200) << email;
    return c;
  }

  // The path with each parameter replaced by the given tenant's resource of that kind.
  static std::string fill(const std::string& pattern, const Tenant& t) {
    std::string path = pattern;
    auto replace = [&](const std::string& param, const std::string& value) {
      const auto at = path.find(param);
      if (at != std::string::npos) path.replace(at, param.size(), value);
    };
    if (pattern.starts_with("/api/v1/orgs/{id}"))
      replace("{id}", t.org_id);
    else if (pattern.starts_with("/api/v1/roles/{id}"))
      replace("{id}", t.role_id);
    else if (pattern.starts_with("/api/v1/admins/{id}"))
      replace("{id}", t.admin_id);
    else if (pattern.starts_with("/api/v1/accounts/{id}"))
      replace("{id}", t.account_id);
    else if (pattern.starts_with("/api/v1/permission-groups/{id}"))
      replace("{id}", t.group_id);
    else if (pattern.starts_with("/api/v1/subscriptions/{id}"))
      replace("{id}", t.plan_id);
    else if (pattern.starts_with("/api/v1/org-templates/{id}"))
      replace("{id}", t.template_id);
    else if (pattern.starts_with("/api/v1/webhooks/{id}"))
      replace("{id}", t.webhook_id);
    else if (pattern.starts_with("/api/v1/in-app-messages/{id}"))
      replace("{id}", t.message_id);
    replace("{delivery_id}", t.delivery_id);
    replace("{e164}", t.number);
    replace("{batch}", t.batch_id);
    replace("{key}", "admin_added");
    replace("{channel}", "email");
    replace("{message}", "password_reset");
    replace("{language}", "en");
    replace("{kind}", "portal");
    replace("{slug}", "getting-started");
    return path;
  }

  HttpResult call(HttpClient& c, const app::Application::RouteInfo& r, const std::string& path) {
    // A photo or logo route takes an image: with it, what answers is the route's rule, not the body's type.
    if (r.method == "PUT" && (r.pattern.ends_with("/photo") || r.pattern.ends_with("/logo")))
      return c.send(r.method, path, qr::qr_png("x"), "image/png");
    const bool with_body = r.method == "POST" || r.method == "PATCH" || r.method == "PUT";
    return c.send(r.method, path, with_body ? "{}" : "", with_body ? "application/json" : "");
  }

  // The matrix sends many requests from one address: lift the general rate limit for it.
  TestServer server{[](app::Config& c) {
    c.rate_limit_per_second = 1e6;
    c.rate_limit_burst = 1e6;
  }};
  HttpClient root{0}, full{0}, powerless{0};
  Tenant a, b;
};

TEST_F(Authorization, EveryRouteEnforcesCredentialsPrivilegeAndScope) {
  int checked = 0;
  for (const auto& r : server.app().route_table()) {
    SCOPED_TRACE(key(r));
    if (r.open) continue;
    ASSERT_EQ(fill(r.pattern, a).find('{'), std::string::npos) << "add this route's parameters to fill()";

    HttpClient anonymous = server.client();
    const auto unauthenticated = call(anonymous, r, fill(r.pattern, a));
    EXPECT_EQ(unauthenticated.status, 401) << unauthenticated.body;

    if (r.privileges.empty()) {
      EXPECT_TRUE(for_every_admin.contains(key(r))) << "route declares no privilege";
    } else {
      const auto forbidden = call(powerless, r, fill(r.pattern, a));
      EXPECT_EQ(forbidden.status, 403) << forbidden.body;
      EXPECT_EQ(forbidden.code(), "forbidden");
    }

    if (r.pattern.find('{') != std::string::npos) {
      const auto foreign = call(full, r, fill(r.pattern, b));
      EXPECT_EQ(foreign.status, 404) << foreign.body;
    }
    ++checked;
  }
  EXPECT_GE(checked, 20);
}

TEST_F(Authorization, BearerTokensReachTheSameRoutesWithTheSameRules) {
  const auto created =
      full.post("/api/v1/orgs/" + a.org_id + "/api-users", {{"first_name", "CRM"},
                                                            {"last_name", "Sync"},
                                                            {"email", "crm@a.example"},
                                                            {"external_applications", {"SalesForce"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  set_password(created.json()["id"], "crm@a.example");
  HttpClient api = server.client();
  const auto token =
      api.send("POST", "/api/v1/auth/token", "", "",
               {{"Authorization", "Basic " + std::string("Y3JtQGEuZXhhbXBsZTprbm93bi1wYXNzd29yZC0xMjM=")}});
  ASSERT_EQ(token.status, 200) << token.body;
  const std::map<std::string, std::string> bearer = {
      {"Authorization", "Bearer " + token.json()["access_token"].get<std::string>()}};
  EXPECT_EQ(api.send("GET", "/api/v1/orgs/" + a.org_id, "", "", bearer).status, 200);
  EXPECT_EQ(api.send("GET", "/api/v1/orgs/" + b.org_id, "", "", bearer).status, 404);
  // The default API User role holds no "roles" privilege.
  EXPECT_EQ(api.send("POST", "/api/v1/orgs/" + a.org_id + "/roles", "{\"name\":\"x\",\"privileges\":[]}",
                     "application/json", bearer)
                .status,
            403);
}

}  // namespace
}  // namespace lineport::testing
