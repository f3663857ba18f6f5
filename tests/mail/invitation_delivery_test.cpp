// User invitations through the outbox: the email carries the QR code of the activation link; a
// device login gets an SMS through the gateway; a delivery the gateway refuses for good marks the
// invitation failed on the account.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "mail/stub_servers.h"
#include "support/mail.h"
#include "support/test_server.h"

namespace lineport::testing {
namespace {

class InvitationDelivery : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    org = root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "ABC Bank"}}).json()["id"];
    ASSERT_EQ(root.post("/api/v1/orgs/" + server.root_org_id() + "/numbers", {{"numbers", {"+12125551000"}}}).status,
              200);
    ASSERT_EQ(
        root.post("/api/v1/orgs/" + server.root_org_id() + "/numbers/allocate", {{"to_org_id", org}, {"count", 1}})
            .status,
        200);
  }

  std::string account_field(const std::string& id, const std::string& field) {
    return root.get("/api/v1/accounts/" + id).json()[field].get<std::string>();
  }

  mail_test::HttpGatewayStub gateway;
  TestServer server{[this](app::Config& c) { c.sms_gateway_url = gateway.url(); }};
  HttpClient root{0};
  std::string org;
};

TEST_F(InvitationDelivery, TheEmailCarriesTheQrCodeOfTheActivationLink) {
  ASSERT_EQ(root.post("/api/v1/orgs/" + org + "/accounts", {{"login", "ana@bank.example"}, {"invite", true}}).status,
            201);
  const auto mail = server.wait_for_message("ana@bank.example", "account_invitation");
  ASSERT_FALSE(mail.empty());
  EXPECT_NE(mail.find("multipart/related"), std::string::npos);
  EXPECT_NE(mail.find("Content-ID: <qr@lineport>"), std::string::npos);
  EXPECT_NE(mail.find("image/png"), std::string::npos);
  EXPECT_TRUE(mail_field(mail, "Activation code").has_value());
}

TEST_F(InvitationDelivery, ADeviceLoginGetsAnSmsAndAPermanentRefusalMarksTheInvitationFailed) {
  gateway.answer({400}, 200);
  const auto r = root.post("/api/v1/orgs/" + org + "/accounts", {{"login", "+447911123456"}, {"invite", true}});
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = r.json()["id"];
  std::string status;
  for (int i = 0; i < 200 && status != "failed"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    status = account_field(id, "invitation_status");
  }
  EXPECT_EQ(status, "failed");
  ASSERT_EQ(gateway.requests().size(), 1u);
  EXPECT_NE(gateway.requests()[0].body.find("+447911123456"), std::string::npos);

  // A resend goes through and the invitation is sent again.
  ASSERT_EQ(root.post("/api/v1/accounts/invite", {{"account_ids", {id}}}).status, 200);
  EXPECT_EQ(account_field(id, "invitation_status"), "sent");
  for (int i = 0; i < 200 && gateway.requests().size() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(gateway.requests().size(), 2u);
  EXPECT_NE(gateway.requests()[1].body.find("Activation code"), std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(account_field(id, "invitation_status"), "sent");
}

}  // namespace
}  // namespace lineport::testing
