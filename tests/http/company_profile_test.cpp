// Setup > Company Profile: the text fields with their rules, the logo checked by its content and
// served back as what it is, the privileges (including PATCH /orgs/{id}'s profile), and tenants.

#include <gtest/gtest.h>

#include <set>

#include "support/images.h"
#include "support/test_server.h"

namespace lineport::testing {
namespace {

class CompanyProfile : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "ABC Bank"}}).json()["id"];
    xyz = root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "XYZ Corp"}}).json()["id"];
  }

  std::string profile(const std::string& org) { return "/api/v1/orgs/" + org + "/company-profile"; }

  TestServer server;
  HttpClient root{0};
  std::string abc, xyz;
};

TEST_F(CompanyProfile, TextFieldsAreCheckedAndNameTheCompany) {
  auto r = root.patch(profile(abc), {{"legal_name", "ABC Banking Corporation"},
                                     {"address", "1 Main St"},
                                     {"phone", "+1 212 555 0100"},
                                     {"contact_email", "it@abc.example"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["legal_name"], "ABC Banking Corporation");
  EXPECT_EQ(r.json()["company_name"], "ABC Banking Corporation");
  EXPECT_TRUE(r.json()["logo"].is_null());

  r = root.patch(profile(abc), {{"contact_email", "not an email"},
                                {"logo_url", "https://evil.example/x.png"},
                                {"address", std::string(501, 'a')}});
  ASSERT_EQ(r.status, 422) << r.body;
  const auto body = r.json();
  std::set<std::string> fields;
  for (const auto& e : body["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"contact_email", "logo_url", "address"}));
  EXPECT_EQ(root.get(profile(abc)).json()["address"], "1 Main St");  // nothing half-written

  r = root.patch(profile(abc), {{"legal_name", nullptr}});
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.json()["legal_name"].is_null());
  EXPECT_EQ(r.json()["company_name"], "ABC Bank");
}

TEST_F(CompanyProfile, TheLogoIsAPngOrJpegServedAsWhatItIs) {
  const auto& jpeg = baseline_jpeg();
  auto r = root.send("PUT", profile(abc) + "/logo", jpeg, "image/jpeg");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto logo = r.json()["logo"];
  EXPECT_EQ(logo["media_type"], "image/jpeg");
  EXPECT_EQ(logo["width"], 3);
  EXPECT_EQ(logo["bytes"], jpeg.size());
  const auto served = root.get(logo["url"].get<std::string>());
  ASSERT_EQ(served.status, 200);
  EXPECT_EQ(served.body, jpeg);
  EXPECT_EQ(served.header("content-type"), "image/jpeg");

  // An SVG sent as a PNG, a cut-short image, a body over 1 MiB: refused, the logo unchanged.
  r = root.send("PUT", profile(abc) + "/logo", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "image/png");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["errors"][0]["field"], "logo");
  EXPECT_EQ(root.send("PUT", profile(abc) + "/logo", jpeg.substr(0, 100), "image/jpeg").status, 422);
  EXPECT_EQ(root.send("PUT", profile(abc) + "/logo", jpeg_of_size((1U << 20) + 1), "image/jpeg").status, 413);
  EXPECT_EQ(root.get(profile(abc) + "/logo").body, jpeg);

  EXPECT_EQ(root.del(profile(abc) + "/logo").status, 204);
  EXPECT_EQ(root.get(profile(abc) + "/logo").status, 404);
  EXPECT_TRUE(root.get(profile(abc)).json()["logo"].is_null());
}

TEST_F(CompanyProfile, ViewAndEditNeedTheirPrivilegesInScope) {
  auto viewer = server.admin_with_privileges(abc, {"setup.view.company_profile", "profile.edit"}, "v@abc.example");
  EXPECT_EQ(viewer.get(profile(abc)).status, 200);
  EXPECT_EQ(viewer.patch(profile(abc), {{"phone", "1"}}).status, 403);
  EXPECT_EQ(viewer.send("PUT", profile(abc) + "/logo", baseline_jpeg(), "image/jpeg").status, 403);
  // The organization's own edit form cannot be a way around the privilege.
  EXPECT_EQ(viewer.patch("/api/v1/orgs/" + abc, {{"profile", {{"phone", "1"}}}}).status, 403);
  EXPECT_EQ(viewer.patch("/api/v1/orgs/" + abc, {{"description", "Retail bank"}}).status, 200);

  auto editor = server.admin_with_privileges(abc, {"setup.edit.company_profile"}, "e@abc.example");
  EXPECT_EQ(editor.patch(profile(abc), {{"phone", "+1 212 555 0100"}}).status, 200);
  EXPECT_EQ(editor.send("PUT", profile(abc) + "/logo", baseline_jpeg(), "image/jpeg").status, 200);
  // Another tenant's profile and logo are not found.
  ASSERT_EQ(root.send("PUT", profile(xyz) + "/logo", baseline_jpeg(), "image/jpeg").status, 200);
  EXPECT_EQ(editor.get(profile(xyz)).status, 404);
  EXPECT_EQ(editor.patch(profile(xyz), {{"phone", "1"}}).status, 404);
  EXPECT_EQ(editor.get(profile(xyz) + "/logo").status, 404);
  EXPECT_EQ(editor.del(profile(xyz) + "/logo").status, 404);
  // Everyone signed in on the organization sees its logo.
  auto plain = server.admin_with_privileges(abc, {"dashboard"}, "d@abc.example");
  EXPECT_EQ(plain.get(profile(abc) + "/logo").status, 200);
  EXPECT_EQ(plain.get(profile(abc)).status, 403);
}

}  // namespace
}  // namespace lineport::testing
