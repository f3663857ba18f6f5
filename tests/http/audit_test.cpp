// The audit log: what the API records, and `lineport audit verify` catching tampering.

#include <gtest/gtest.h>

#include "domain/audit/audit_log.h"
#include "support/test_server.h"

namespace lineport::testing {
namespace {

TEST(Audit, ChangesAreRecordedWithActorAddressAndRequestIdButNoSecrets) {
  TestServer server;
  auto c = server.root_client();
  const auto created = c.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "ABC Bank"}});
  ASSERT_EQ(created.status, 201);
  c.post("/api/v1/auth/password", {{"current_password", root_password}, {"new_password", "another-password-22"}});

  const auto rows = server.db().read([](storage::Connection& conn) {
    return conn
        .query({"test.audit",
                "SELECT action, actor_email, client_ip, request_id, changes, org_id "
                "FROM audit_log ORDER BY seq"})
        .rows;
  });
  std::vector<std::string> actions;
  for (const auto& r : rows) {
    actions.push_back(r.text(0));
    EXPECT_EQ(r.text(4).find(root_password), std::string::npos);
    EXPECT_EQ(r.text(4).find("another-password-22"), std::string::npos);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"system.init", "auth.sign_in", "org.create", "auth.password_change"}));
  const auto& create_row = rows[2];
  EXPECT_EQ(create_row.text(1), root_email);
  EXPECT_EQ(create_row.text(2), "127.0.0.1");
  EXPECT_EQ(create_row.text(3), created.header("x-request-id"));
  EXPECT_NE(create_row.text(4).find("ABC Bank"), std::string::npos);
}

// An update's entry names the fields that changed, each from and to, and nothing else; a value
// taken away is null.
TEST(Audit, AnUpdateRecordsOnlyWhatChangedFromAndTo) {
  TestServer server;
  auto c = server.root_client();
  ASSERT_EQ(c.patch("/api/v1/auth/me", {{"first_name", "Ada"}, {"device_number", "+14155550100"}}).status, 200);
  ASSERT_EQ(c.patch("/api/v1/auth/me", {{"first_name", "Ada"}, {"device_number", nullptr}}).status, 200);
  const auto rows = server.db().read([](storage::Connection& conn) {
    return conn
        .query({"test.audit.profile",
                "SELECT changes FROM audit_log WHERE action = 'admin.profile.update' "
                "ORDER BY seq"})
        .rows;
  });
  ASSERT_EQ(rows.size(), 2u);
  const auto first = nlohmann::json::parse(rows[0].text(0));
  EXPECT_EQ(first["first_name"]["to"], "Ada");
  EXPECT_EQ(first["device_number"], nlohmann::json({{"from", nullptr}, {"to", "+14155550100"}}));
  EXPECT_EQ(first.size(), 2u) << first;
  EXPECT_EQ(nlohmann::json::parse(rows[1].text(0)),
            nlohmann::json({{"device_number", {{"from", "+14155550100"}, {"to", nullptr}}}}));
}

TEST(Audit, VerifyDetectsEditedAndDeletedEntries) {
  TestServer server;
  auto c = server.root_client();
  for (const char* name : {"One", "Two", "Three"})
    c.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", name}});
  EXPECT_TRUE(audit::verify(server.db()).ok);

  auto tamper = [&](const char* sql) {
    server.db().write([&](storage::Connection& conn) { conn.execute_script(sql); });
  };
  tamper("UPDATE audit_log SET changes = '{\"name\":\"Forged\"}' WHERE seq = 3");
  auto result = audit::verify(server.db());
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.broken_at, 3);
}

TEST(Audit, VerifyDetectsADeletedMiddleOrTailEntry) {
  TestServer server;
  auto c = server.root_client();
  for (const char* name : {"One", "Two", "Three"})
    c.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", name}});
  server.db().write([&](storage::Connection& conn) { conn.execute_script("DELETE FROM audit_log WHERE seq = 3"); });
  auto middle = audit::verify(server.db());
  EXPECT_FALSE(middle.ok);
  EXPECT_EQ(middle.broken_at, 4);

  TestServer second;
  auto c2 = second.root_client();
  c2.post("/api/v1/orgs/" + second.root_org_id() + "/children", {{"name", "One"}});
  second.db().write([&](storage::Connection& conn) {
    conn.execute_script("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)");
  });
  EXPECT_FALSE(audit::verify(second.db()).ok);
}

}  // namespace
}  // namespace lineport::testing
