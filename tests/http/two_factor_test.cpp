// Two-factor sign-in with an emailed PIN, and the forgot/reset password flow.

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "support/mail.h"
#include "support/test_server.h"
#include "util/totp.h"

namespace lineport::testing {
namespace {

class TwoFactor : public ::testing::Test {
 protected:
  void SetUp() override {
    auto root = server.root_client();
    ASSERT_EQ(root.patch("/api/v1/orgs/" + server.root_org_id() + "/settings", {{"two_factor_enabled", true}}).status,
              200);
  }

  std::string challenge(HttpClient& c) {
    const auto r = c.post("/api/v1/auth/login", {{"email", root_email}, {"password", root_password}});
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(r.json().value("two_factor_required", false));
    EXPECT_TRUE(r.header("set-cookie").empty());
    return r.json().value("challenge", "");
  }

  std::string send_pin(HttpClient& c, const std::string& ch, std::size_t nth) {
    EXPECT_EQ(c.post("/api/v1/auth/2fa/send", {{"challenge", ch}}).status, 204);
    return mail_field(server.wait_for_message(root_email, "two_factor_pin", nth), "PIN").value_or("");
  }

  TestServer server;
};

TEST_F(TwoFactor, PasswordThenEmailedPinOpensTheSessionOnce) {
  auto c = server.client();
  const auto ch = challenge(c);
  EXPECT_EQ(c.get("/api/v1/auth/me").status, 401);
  const auto pin = send_pin(c, ch, 1);
  ASSERT_EQ(pin.size(), 6u);

  const auto wrong =
      c.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"pin", pin == "000000" ? "111111" : "000000"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.code(), "invalid_pin");
  EXPECT_EQ(wrong.json()["attempts_left"], 4);

  const auto ok = c.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"pin", pin}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  c.csrf_token = ok.json()["csrf_token"].get<std::string>();
  EXPECT_EQ(c.get("/api/v1/auth/me").status, 200);

  // The PIN is single use: replaying it does not open a second session.
  HttpClient attacker = server.client();
  const auto replay = attacker.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"pin", pin}});
  EXPECT_EQ(replay.status, 401);
  EXPECT_EQ(replay.code(), "challenge_expired");
  EXPECT_FALSE(attacker.session_cookie.has_value());
}

TEST_F(TwoFactor, FiveWrongPinsEndTheChallengeAndPinsExpireAfterTenMinutes) {
  auto c = server.client();
  const auto ch = challenge(c);
  const auto pin = send_pin(c, ch, 1);
  const std::string wrong = pin == "123456" ? "654321" : "123456";
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(c.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"pin", wrong}}).code(), "invalid_pin");
  EXPECT_EQ(c.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"pin", wrong}}).code(), "challenge_expired");
  EXPECT_EQ(c.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"pin", pin}}).code(), "challenge_expired");

  const auto second = challenge(c);
  const auto fresh = send_pin(c, second, 2);
  server.clock().advance(10 * 60 + 1);
  EXPECT_EQ(c.post("/api/v1/auth/2fa/verify", {{"challenge", second}, {"pin", fresh}}).code(), "challenge_expired");
}

// A new PIN does not bring new tries: the answers belong to the challenge, and a challenge gets
// at most three resends.
TEST_F(TwoFactor, ResendingThePinKeepsTheWrongAnswersCountedAndIsLimited) {
  auto c = server.client();
  const auto ch = challenge(c);
  const auto first = send_pin(c, ch, 1);
  const std::string wrong = first == "123456" ? "654321" : "123456";
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(c.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"pin", wrong}}).code(), "invalid_pin");
  const auto second = send_pin(c, ch, 2);
  const auto last = c.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"pin", second == wrong ? first : wrong}});
  EXPECT_EQ(last.code(), "challenge_expired");
  EXPECT_EQ(c.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"pin", second}}).code(), "challenge_expired");
  EXPECT_EQ(c.post("/api/v1/auth/2fa/send", {{"challenge", ch}}).code(), "challenge_expired");

  const auto other = challenge(c);
  for (std::size_t n = 3; n <= 6; ++n) send_pin(c, other, n);  // the first PIN and three resends
  const auto fifth = c.post("/api/v1/auth/2fa/send", {{"challenge", other}});
  EXPECT_EQ(fifth.status, 429);
  EXPECT_EQ(fifth.code(), "rate_limited");
  const auto pin = mail_field(server.wait_for_message(root_email, "two_factor_pin", 6), "PIN").value_or("");
  EXPECT_EQ(c.post("/api/v1/auth/2fa/verify", {{"challenge", other}, {"pin", pin}}).status, 200);
}

// Answers sent at once to one challenge cannot share a try: of twelve wrong PINs sent together,
// five are counted and the rest find the challenge over.
TEST_F(TwoFactor, ConcurrentAnswersEachTakeATry) {
  auto c = server.client();
  const auto ch = challenge(c);
  const auto pin = send_pin(c, ch, 1);
  std::vector<std::string> codes(12);
  std::vector<std::thread> senders;
  for (std::size_t i = 0; i < codes.size(); ++i)
    senders.emplace_back([&, i] {
      codes[i] =
          server.client()
              .post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"pin", pin == "000001" ? "000002" : "000001"}})
              .code();
    });
  for (auto& t : senders) t.join();
  EXPECT_EQ(std::count(codes.begin(), codes.end(), "invalid_pin"), 4);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), "challenge_expired"), 8);
  EXPECT_EQ(c.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"pin", pin}}).code(), "challenge_expired");
}

// Signing in again gives a fresh challenge, not fresh guesses: ten wrong second factors in 15
// minutes stop the administrator's second step for a while, whatever challenge they came with.
TEST_F(TwoFactor, WrongAnswersAcrossChallengesAreCountedForTheAdministrator) {
  auto c = server.client();
  for (int round = 0; round < 2; ++round) {
    const auto ch = challenge(c);
    const auto pin = send_pin(c, ch, static_cast<std::size_t>(round + 1));
    const std::string wrong = pin == "123456" ? "654321" : "123456";
    for (int i = 0; i < 5; ++i) c.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"pin", wrong}});
  }
  const auto ch = challenge(c);
  const auto pin = send_pin(c, ch, 3);
  const auto refused = c.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"pin", pin}});
  EXPECT_EQ(refused.status, 429);
  EXPECT_FALSE(refused.header("retry-after").empty());
  server.clock().advance(15 * 60);
  const auto later = challenge(c);
  const auto fresh = send_pin(c, later, 4);
  EXPECT_EQ(c.post("/api/v1/auth/2fa/verify", {{"challenge", later}, {"pin", fresh}}).status, 200);
}

// Wrong answers to eleven challenges sent at once: ten are checked, the eleventh is refused, and
// the administrator's second step is stopped, as when they come one after the other.
TEST_F(TwoFactor, WrongAnswersToManyChallengesAtOnceAreCheckedNoMoreThanTheLimit) {
  auto c = server.client();
  std::vector<std::pair<std::string, std::string>> challenges;  // (challenge, a wrong PIN)
  for (std::size_t i = 1; i <= 11; ++i) {
    const auto ch = challenge(c);
    challenges.emplace_back(ch, send_pin(c, ch, i) == "123456" ? "654321" : "123456");
  }
  std::vector<HttpResult> answers(challenges.size());
  std::vector<std::thread> senders;
  for (std::size_t i = 0; i < challenges.size(); ++i)
    senders.emplace_back([&, i] {
      answers[i] = server.client().post("/api/v1/auth/2fa/verify",
                                        {{"challenge", challenges[i].first}, {"pin", challenges[i].second}});
    });
  for (auto& t : senders) t.join();
  int checked = 0;
  for (const auto& a : answers) {
    if (a.code() == "invalid_pin") {
      ++checked;
    } else {
      EXPECT_EQ(a.code(), "rate_limited") << a.body;
      EXPECT_FALSE(a.header("retry-after").empty()) << a.body;
    }
  }
  EXPECT_EQ(checked, 10);
  const auto ch = challenge(c);
  EXPECT_EQ(c.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"pin", send_pin(c, ch, 12)}}).status, 429);
}

TEST_F(TwoFactor, ForgotPasswordOnlySaysToAskForANewInvitation) {
  auto c = server.client();
  EXPECT_EQ(c.post("/api/v1/auth/forgot", {{"email", root_email}}).status, 202);
  const auto mail = server.wait_for_message(root_email, "password_reset_blocked");
  EXPECT_FALSE(mail.empty());
  EXPECT_EQ(mail.find("Reset link:"), std::string::npos);
}

TEST(AuthenticatorApp, EnrolConfirmSignInWithCodesAndRecoveryCodesOnce) {
  TestServer server;
  auto c = server.root_client();
  const auto enrol = c.post("/api/v1/auth/totp/enroll", nlohmann::json::object());
  ASSERT_EQ(enrol.status, 200) << enrol.body;
  const auto secret = enrol.json()["secret"].get<std::string>();
  EXPECT_TRUE(enrol.json()["otpauth_url"].get<std::string>().starts_with("otpauth://totp/"));
  EXPECT_EQ(c.post("/api/v1/auth/totp/confirm", {{"code", "000000"}}).status, 422);
  const auto confirmed = c.post("/api/v1/auth/totp/confirm", {{"code", totp::code_at(secret, server.clock().now())}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  const auto recovery = confirmed.json()["recovery_codes"];
  ASSERT_EQ(recovery.size(), 10u);
  EXPECT_TRUE(c.get("/api/v1/auth/me").json()["totp_enabled"].get<bool>());

  // Every sign-in now asks for the second factor, although the organization does not.
  auto sign_in = [&](HttpClient& client) {
    const auto r = client.post("/api/v1/auth/login", {{"email", root_email}, {"password", root_password}});
    EXPECT_TRUE(r.json().value("two_factor_required", false));
    EXPECT_EQ(r.json()["methods"], (nlohmann::json{"email", "totp"}));
    return r.json().value("challenge", "");
  };
  server.clock().advance(30);  // the confirming code's step is spent
  HttpClient app = server.client();
  auto ch = sign_in(app);
  const auto code = totp::code_at(secret, server.clock().now());
  EXPECT_EQ(app.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"totp_code", code}}).status, 200);
  // The same code cannot open a second session.
  HttpClient again = server.client();
  ch = sign_in(again);
  EXPECT_EQ(again.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"totp_code", code}}).code(), "invalid_pin");

  HttpClient lost_phone = server.client();
  ch = sign_in(lost_phone);
  EXPECT_EQ(lost_phone.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"recovery_code", recovery[0]}}).status,
            200);
  HttpClient reuse = server.client();
  ch = sign_in(reuse);
  EXPECT_EQ(reuse.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"recovery_code", recovery[0]}}).code(),
            "invalid_pin");

  // Forgot password does not bypass the app.
  EXPECT_EQ(server.client().post("/api/v1/auth/forgot", {{"email", root_email}}).status, 202);
  EXPECT_FALSE(server.wait_for_message(root_email, "password_reset_blocked").empty());

  auto me = server.client();
  ch = sign_in(me);
  ASSERT_EQ(me.post("/api/v1/auth/2fa/verify", {{"challenge", ch}, {"recovery_code", recovery[1]}}).status, 200);
  me.csrf_token = me.get("/api/v1/auth/me").json()["csrf_token"].get<std::string>();
  EXPECT_EQ(me.post("/api/v1/auth/totp/disable", {{"password", "wrong-password-1"}}).status, 422);
  EXPECT_EQ(me.post("/api/v1/auth/totp/disable", {{"password", root_password}}).status, 204);
  auto plain = server.client();
  const auto after = plain.sign_in(root_email, root_password);
  EXPECT_EQ(after.status, 200);
  EXPECT_FALSE(after.json().contains("two_factor_required"));
}

TEST(PasswordReset, ALinkResetsOnceWithinAnHourAndTheAnswerNeverRevealsTheEmail) {
  TestServer server;
  auto c = server.client();
  const auto unknown = c.post("/api/v1/auth/forgot", {{"email", "nobody@nowhere.example"}});
  const auto known = c.post("/api/v1/auth/forgot", {{"email", root_email}});
  EXPECT_EQ(unknown.status, 202);
  EXPECT_EQ(known.status, 202);
  EXPECT_EQ(unknown.body, known.body);

  const auto link = mail_field(server.wait_for_message(root_email, "password_reset"), "Reset link");
  ASSERT_TRUE(link);
  const auto token = link->substr(link->find("token=") + 6);

  auto weak = c.post("/api/v1/auth/reset", {{"token", token}, {"new_password", "short"}});
  EXPECT_EQ(weak.status, 422);  // the link stays usable after a refused password
  ASSERT_EQ(c.post("/api/v1/auth/reset", {{"token", token}, {"new_password", "brand-new-password-9"}}).status, 204);
  const auto reused = c.post("/api/v1/auth/reset", {{"token", token}, {"new_password", "another-password-99"}});
  EXPECT_EQ(reused.status, 400);
  EXPECT_EQ(reused.code(), "invalid_token");
  EXPECT_EQ(c.sign_in(root_email, root_password).status, 401);
  EXPECT_EQ(c.sign_in(root_email, "brand-new-password-9").status, 200);

  c.post("/api/v1/auth/forgot", {{"email", root_email}});
  const auto late =
      mail_field(server.wait_for_message(root_email, "password_reset", 2), "Reset link").value_or("token=");
  server.clock().advance(61 * 60);
  EXPECT_EQ(c.post("/api/v1/auth/reset",
                   {{"token", late.substr(late.find("token=") + 6)}, {"new_password", "too-late-password-1"}})
                .code(),
            "invalid_token");
}

TEST(PasswordReset, OneAddressGetsAtMostThreeMessagesIn15Minutes) {
  // Anyone may ask, so asking must not become a way to fill an administrator's mailbox.
  TestServer server;
  auto c = server.client();
  static constexpr storage::Query resets{"test.resets", "SELECT COUNT(*) FROM outbox WHERE event = 'password_reset'"};
  const auto queued = [&] {
    return server.app().database().read([](storage::Connection& conn) { return conn.query(resets).one().integer(0); });
  };
  const auto first = c.post("/api/v1/auth/forgot", {{"email", root_email}});
  for (int i = 0; i < 4; ++i) {
    const auto again = c.post("/api/v1/auth/forgot", {{"email", i % 2 ? root_email : "  ROOT@Carrier.example "}});
    EXPECT_EQ(again.status, 202);
    EXPECT_EQ(again.body, first.body);  // the same answer when nothing is sent
  }
  EXPECT_EQ(queued(), 3);
  server.clock().advance(15 * 60);
  EXPECT_EQ(c.post("/api/v1/auth/forgot", {{"email", root_email}}).status, 202);
  EXPECT_EQ(queued(), 4);
}

}  // namespace
}  // namespace lineport::testing
