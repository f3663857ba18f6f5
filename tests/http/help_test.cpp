// Help pages: the built-in pages in every language, an organization's own text in force for its
// subtree and not above or beside it, pages of its own, reverting to the inherited text, the
// checks on what is written, and who may read and write them.

#include <gtest/gtest.h>

#include <set>

#include "support/test_server.h"

namespace lineport::testing {
namespace {

class Help : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = add_child_org(root, server.root_org_id(), "ABC Bank");
    retail = add_child_org(root, abc, "Retail");
    other = add_child_org(root, server.root_org_id(), "Other Corp");
  }

  static std::string pages_of(const std::string& org) { return "/api/v1/orgs/" + org + "/help-pages"; }
  static std::string page(const std::string& org, const std::string& slug, const std::string& language) {
    return pages_of(org) + "/" + slug + "/" + language;
  }
  HttpResult put(HttpClient& as, const std::string& org, const std::string& slug, const std::string& language,
                 const nlohmann::json& body) {
    return as.send("PUT", page(org, slug, language), body.dump(), "application/json");
  }
  // The list's entry for `slug` (null when the list has none).
  static nlohmann::json entry(const nlohmann::json& list, const std::string& slug) {
    for (const auto& item : list["items"])
      if (item["slug"] == slug) return item;
    return nullptr;
  }
  static nlohmann::json text_in(const nlohmann::json& item, const std::string& language) {
    for (const auto& t : item["pages"])
      if (t["language"] == language) return t;
    return nullptr;
  }

  // The limit test writes 200 pages at once: past the per-address rate limit.
  TestServer server{[](app::Config& c) {
    c.rate_limit_per_second = 1e6;
    c.rate_limit_burst = 1e6;
  }};
  HttpClient root{0};
  std::string abc, retail, other;
};

TEST_F(Help, TheBuiltInPagesAreListedFirstInEveryLanguageFromTheRoot) {
  const auto r = root.get(pages_of(retail));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto list = r.json();
  std::vector<std::string> slugs;
  for (const auto& item : list["items"]) slugs.push_back(item["slug"]);
  EXPECT_EQ(slugs, (std::vector<std::string>{"getting-started", "accounts-and-invitations", "numbers", "reports"}));
  for (const auto& item : list["items"]) {
    EXPECT_TRUE(item["built_in"].get<bool>());
    ASSERT_EQ(item["pages"].size(), 3U) << item.dump();
    for (const auto& t : item["pages"]) {
      EXPECT_TRUE(t["built_in"].get<bool>());
      EXPECT_FALSE(t["own"].get<bool>());
      EXPECT_EQ(t["source_org_id"], server.root_org_id());
      EXPECT_FALSE(t["title"].get<std::string>().empty());
      EXPECT_TRUE(t["updated_at"].is_null());
    }
  }
  const auto es = root.get(page(retail, "numbers", "es"));
  ASSERT_EQ(es.status, 200) << es.body;
  EXPECT_EQ(es.json()["language"], "es");
  EXPECT_EQ(es.json()["title"], text_in(entry(list, "numbers"), "es")["title"]);
  EXPECT_GT(es.json()["body"].get<std::string>().size(), 500U);
  EXPECT_NE(es.json()["body"], root.get(page(retail, "numbers", "en")).json()["body"]);
}

TEST_F(Help, AnOrganizationsOwnTextIsInForceBelowItAndNotAboveOrBeside) {
  const std::string body = "## Who to call\n\nThe ABC service desk: extension 4000.\n";
  auto r = put(root, abc, "getting-started", "en", {{"title", "Welcome to ABC"}, {"body", body}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["own"].get<bool>());
  EXPECT_FALSE(r.json()["built_in"].get<bool>());
  EXPECT_EQ(r.json()["updated_by"], root_email);

  r = root.get(page(retail, "getting-started", "en"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["title"], "Welcome to ABC");
  EXPECT_EQ(r.json()["body"], body);  // kept as written
  EXPECT_EQ(r.json()["source_org_id"], abc);
  EXPECT_EQ(r.json()["source_org_name"], "ABC Bank");
  EXPECT_FALSE(r.json()["own"].get<bool>());
  // The other languages, the root and a sibling keep the built-in text.
  EXPECT_TRUE(root.get(page(retail, "getting-started", "es")).json()["built_in"].get<bool>());
  EXPECT_TRUE(root.get(page(server.root_org_id(), "getting-started", "en")).json()["built_in"].get<bool>());
  EXPECT_TRUE(root.get(page(other, "getting-started", "en")).json()["built_in"].get<bool>());
  const auto in_list = text_in(entry(root.get(pages_of(retail)).json(), "getting-started"), "en");
  EXPECT_EQ(in_list["title"], "Welcome to ABC");
  EXPECT_EQ(in_list["source_org_id"], abc);

  // Retail's own text wins below Retail; removing it brings ABC's back, removing ABC's the built-in.
  ASSERT_EQ(put(root, retail, "getting-started", "en", {{"title", "Retail"}, {"body", "Ask the branch."}}).status, 200);
  EXPECT_EQ(root.get(page(retail, "getting-started", "en")).json()["title"], "Retail");
  EXPECT_EQ(root.get(page(abc, "getting-started", "en")).json()["title"], "Welcome to ABC");
  ASSERT_EQ(root.del(page(retail, "getting-started", "en")).status, 204);
  EXPECT_EQ(root.get(page(retail, "getting-started", "en")).json()["title"], "Welcome to ABC");
  EXPECT_EQ(root.del(page(retail, "getting-started", "en")).status, 404);
  ASSERT_EQ(root.del(page(abc, "getting-started", "en")).status, 204);
  EXPECT_TRUE(root.get(page(retail, "getting-started", "en")).json()["built_in"].get<bool>());

  const auto audit = root.get("/api/v1/orgs/" + abc + "/reports/admin_activity").json();
  std::multiset<std::string> actions;
  for (const auto& e : audit["items"]) actions.insert(e["action"]);
  EXPECT_EQ(actions.count("help_page.update"), 1U);
  EXPECT_EQ(actions.count("help_page.delete"), 1U);
}

TEST_F(Help, AnOrganizationMayAddPagesOfItsOwnForItsSubtree) {
  ASSERT_EQ(put(root, abc, "vpn-setup", "pt", {{"title", "VPN"}, {"body", "Use o cliente **ABC VPN**."}}).status, 200);
  const auto list = root.get(pages_of(retail)).json();
  ASSERT_EQ(list["items"].size(), 5U);
  const auto item = list["items"][4];
  EXPECT_EQ(item["slug"], "vpn-setup");
  EXPECT_FALSE(item["built_in"].get<bool>());
  ASSERT_EQ(item["pages"].size(), 1U);  // only the language it was written in
  EXPECT_EQ(item["pages"][0]["language"], "pt");
  EXPECT_EQ(root.get(page(retail, "vpn-setup", "en")).status, 404);
  EXPECT_TRUE(entry(root.get(pages_of(other)).json(), "vpn-setup").is_null());
  EXPECT_EQ(root.get(page(other, "vpn-setup", "pt")).status, 404);
  ASSERT_EQ(root.del(page(abc, "vpn-setup", "pt")).status, 204);
  EXPECT_EQ(root.get(page(retail, "vpn-setup", "pt")).status, 404);
  EXPECT_EQ(root.get(pages_of(retail)).json()["items"].size(), 4U);
}

TEST_F(Help, WhatIsWrittenIsCheckedNamingEachFieldAndNothingIsSaved) {
  const auto fields_of = [](const HttpResult& r) {
    std::set<std::string> fields;
    const auto body = r.json();
    for (const auto& e : body["errors"]) fields.insert(e["field"]);
    return fields;
  };
  auto r = put(root, abc, "Bad_Slug", "fr", {{"title", "   "}, {"body", std::string("a\0b", 3)}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(fields_of(r), (std::set<std::string>{"slug", "language", "title", "body"}));

  r = put(root, abc, "numbers", "en", {{"title", "Two\nlines"}, {"body", std::string(100'001, 'x')}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(fields_of(r), (std::set<std::string>{"title", "body"}));
  EXPECT_EQ(put(root, abc, "numbers", "en", {{"title", "Numbers"}}).status, 422);  // no body
  EXPECT_EQ(put(root, abc, "numbers", "en", {{"title", "N"}, {"body", "x"}, {"html", "<b>"}}).status, 422);
  EXPECT_EQ(put(root, abc, std::string(65, 'a'), "en", {{"title", "T"}, {"body", "x"}}).status, 422);
  EXPECT_EQ(put(root, abc, "a--b", "en", {{"title", "T"}, {"body", "x"}}).status, 422);
  EXPECT_EQ(root.get(page(abc, "numbers", "fr")).status, 422);
  EXPECT_TRUE(root.get(page(abc, "numbers", "en")).json()["built_in"].get<bool>());

  // Tabs and Windows line breaks are text; a whole Markdown page of 100,000 characters fits.
  r = put(root, abc, "numbers", "en",
          {{"title", "Números ☎"}, {"body", "1.\tOne\r\n2.\tTwo\r\n" + std::string(99'980, 'y')}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["title"], "Números ☎");
}

TEST_F(Help, AnOrganizationHasAtMostTwoHundredTextsOfItsOwn) {
  for (int i = 0; i < 200; ++i)
    ASSERT_EQ(put(root, abc, "page-" + std::to_string(i), "en", {{"title", "P"}, {"body", "x"}}).status, 200);
  auto r = put(root, abc, "page-200", "en", {{"title", "P"}, {"body", "x"}});
  EXPECT_EQ(r.status, 409) << r.body;
  // Rewriting one it has is not a new one; another organization has its own count.
  EXPECT_EQ(put(root, abc, "page-7", "en", {{"title", "Seven"}, {"body", "x"}}).status, 200);
  EXPECT_EQ(put(root, retail, "page-200", "en", {{"title", "P"}, {"body", "x"}}).status, 200);
}

TEST_F(Help, ReadingNeedsHelpViewWritingHelpEditAndOnlyInScope) {
  HttpClient viewer = server.admin_with_privileges(abc, {"help.view"}, "viewer@abc.example");
  EXPECT_EQ(viewer.get(pages_of(retail)).status, 200);
  EXPECT_EQ(viewer.get(page(abc, "reports", "en")).status, 200);
  EXPECT_EQ(put(viewer, abc, "reports", "en", {{"title", "T"}, {"body", "x"}}).status, 403);
  EXPECT_EQ(viewer.del(page(abc, "reports", "en")).status, 403);
  EXPECT_EQ(viewer.get(pages_of(other)).status, 404);
  EXPECT_EQ(viewer.get(pages_of(server.root_org_id())).status, 404);

  HttpClient editor = server.admin_with_privileges(abc, {"help.view", "help.edit"}, "editor@abc.example");
  EXPECT_EQ(put(editor, retail, "reports", "en", {{"title", "T"}, {"body", "x"}}).status, 200);
  EXPECT_EQ(put(editor, other, "reports", "en", {{"title", "T"}, {"body", "x"}}).status, 404);
  EXPECT_EQ(put(editor, server.root_org_id(), "reports", "en", {{"title", "T"}, {"body", "x"}}).status, 404);
  EXPECT_TRUE(root.get(page(other, "reports", "en")).json()["built_in"].get<bool>());

  HttpClient plain = server.admin_with_privileges(abc, nlohmann::json::array(), "plain@abc.example");
  EXPECT_EQ(plain.get(pages_of(abc)).status, 403);
  EXPECT_EQ(server.client().get(pages_of(abc)).status, 401);
}

}  // namespace
}  // namespace lineport::testing
