// Sign-in, sessions, CSRF, lockout and the per-address limit, through the real server.

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "support/test_server.h"

namespace lineport::testing {
namespace {

TEST(Auth, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
  TestServer server;
  auto c = server.client();
  const auto wrong = c.sign_in(root_email, "not-the-password-1");
  const auto unknown = c.sign_in("nobody@carrier.example", "not-the-password-1");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.code(), "invalid_credentials");
  EXPECT_EQ(wrong.json()["detail"], unknown.json()["detail"]);
  EXPECT_EQ(wrong.header("content-type"), "application/problem+json");
}

TEST(Auth, SessionCookieIsHttpOnlyStrictAndMeAnswersWithCsrfToken) {
  TestServer server;
  auto c = server.client();
  const auto login = c.sign_in(root_email, root_password);
  ASSERT_EQ(login.status, 200) << login.body;
  const auto cookie = login.header("set-cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // plain HTTP here
  EXPECT_EQ(login.json()["admin"]["email"], root_email);
  EXPECT_FALSE(login.json()["admin"].contains("password_hash"));

  const auto me = c.get("/api/v1/auth/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json()["csrf_token"], *c.csrf_token);
  EXPECT_EQ(me.json()["org"]["id"], server.root_org_id());
  EXPECT_GT(me.json()["privileges"].size(), 50u);
}

// Issue 12, item 12: an administrator's portal preferences are kept per administrator on the
// server (so they follow them to another browser), known keys only, null to forget one.
TEST(Auth, PreferencesAreKeptPerAdministrator) {
  TestServer server;
  auto root = server.root_client();
  EXPECT_EQ(root.get("/api/v1/auth/me").json()["preferences"], nlohmann::json::object());
  auto r = root.patch("/api/v1/auth/me/preferences", {{"accounts_include_suborgs", false}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json(), nlohmann::json({{"accounts_include_suborgs", false}}));
  // Another session (another browser) of the same administrator sees it; another admin does not.
  auto again = server.root_client();
  EXPECT_EQ(again.get("/api/v1/auth/me").json()["preferences"]["accounts_include_suborgs"], false);
  server.add_admin(server.root_org_id(), "other@carrier.example", "other-password-1234");
  auto other = server.client();
  ASSERT_EQ(other.sign_in("other@carrier.example", "other-password-1234").status, 200);
  EXPECT_EQ(other.get("/api/v1/auth/me").json()["preferences"], nlohmann::json::object());

  r = root.patch("/api/v1/auth/me/preferences", {{"accounts_include_suborgs", "yes"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["errors"][0]["field"], "accounts_include_suborgs");
  r = root.patch("/api/v1/auth/me/preferences", {{"theme", "dark"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["errors"][0]["field"], "theme");
  r = root.patch("/api/v1/auth/me/preferences", {{"accounts_include_suborgs", nullptr}});
  EXPECT_EQ(r.json(), nlohmann::json::object());
}

TEST(Auth, StateChangesOnACookieSessionNeedTheCsrfHeader) {
  TestServer server;
  auto c = server.root_client();
  c.send_csrf = false;
  auto r = c.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "Retail Bank"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.code(), "csrf_failed");
  c.send_csrf = true;
  r = c.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "Retail Bank"}});
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST(Auth, FirstSignInMustChangeThePasswordBeforeAnythingElse) {
  TestServer server;
  server.add_admin(server.root_org_id(), "new@carrier.example", "Initial-Password-9", true);
  auto c = server.client();
  const auto login = c.sign_in("new@carrier.example", "Initial-Password-9");
  ASSERT_EQ(login.status, 200);
  EXPECT_TRUE(login.json()["password_change_required"].get<bool>());

  auto blocked = c.get("/api/v1/orgs/" + server.root_org_id());
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(blocked.code(), "password_change_required");
  EXPECT_EQ(c.get("/api/v1/auth/me").status, 200);

  auto weak = c.post("/api/v1/auth/password", {{"current_password", "Initial-Password-9"}, {"new_password", "short"}});
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(weak.json()["errors"][0]["field"], "new_password");
  auto common =
      c.post("/api/v1/auth/password", {{"current_password", "Initial-Password-9"}, {"new_password", "Password1234"}});
  EXPECT_EQ(common.status, 422);
  auto as_email = c.post("/api/v1/auth/password",
                         {{"current_password", "Initial-Password-9"}, {"new_password", "NEW@carrier.example"}});
  EXPECT_EQ(as_email.status, 422);
  auto wrong_current = c.post("/api/v1/auth/password",
                              {{"current_password", "not-it-at-all-1"}, {"new_password", "a-fine-new-password"}});
  EXPECT_EQ(wrong_current.status, 422);
  EXPECT_EQ(wrong_current.json()["errors"][0]["field"], "current_password");

  auto ok = c.post("/api/v1/auth/password",
                   {{"current_password", "Initial-Password-9"}, {"new_password", "a-fine-new-password"}});
  ASSERT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(c.get("/api/v1/orgs/" + server.root_org_id()).status, 200);
  EXPECT_FALSE(c.get("/api/v1/auth/me").json()["password_change_required"].get<bool>());

  // The owner is told by mail, through the outbox, and so are the organization's other
  // administrators (the password_changed alert).
  EXPECT_FALSE(server.wait_for_message("new@carrier.example", "password_changed").empty());
  const auto alert = server.wait_for_message(root_email, "password_changed");
  EXPECT_NE(alert.find("new@carrier.example"), std::string::npos);

  // The old password no longer works; the new one does.
  auto other = server.client();
  EXPECT_EQ(other.sign_in("new@carrier.example", "Initial-Password-9").status, 401);
  EXPECT_EQ(other.sign_in("new@carrier.example", "a-fine-new-password").status, 200);
}

TEST(Auth, FiveFailuresLockTheAccountForFifteenMinutes) {
  TestServer server;
  auto c = server.client();
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(c.sign_in(root_email, "wrong-password-" + std::to_string(i)).code(), "invalid_credentials");
  auto locked = c.sign_in(root_email, root_password);
  EXPECT_EQ(locked.status, 401);
  EXPECT_EQ(locked.code(), "account_locked");
  EXPECT_FALSE(server.wait_for_message(root_email, "suspicious_login_activity").empty());
  server.clock().advance(14 * 60);
  EXPECT_EQ(c.sign_in(root_email, root_password).code(), "account_locked");
  server.clock().advance(61);
  EXPECT_EQ(c.sign_in(root_email, root_password).status, 200);
}

TEST(Auth, TwentyFailuresFromOneAddressAnswer429UntilTheWindowPasses) {
  TestServer server;
  auto c = server.client();
  for (int i = 0; i < 20; ++i) c.sign_in("user" + std::to_string(i) + "@nowhere.example", "wrong-password-x");
  auto limited = c.sign_in(root_email, root_password);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.code(), "rate_limited");
  EXPECT_FALSE(limited.header("retry-after").empty());
  server.clock().advance(15 * 60);
  EXPECT_EQ(c.sign_in(root_email, root_password).status, 200);
}

// Sixteen wrong passwords at once: no more are checked than the five failures allowed, so exactly
// five are told the password is wrong, the fifth locks the account, and every other one is told
// either the lock or, while those five are being checked, to try again in a moment.
TEST(Auth, ConcurrentWrongPasswordsAreEachCountedAndLockOnce) {
  TestServer server;
  std::vector<HttpResult> answers(16);
  std::vector<std::thread> senders;
  for (std::size_t i = 0; i < answers.size(); ++i)
    senders.emplace_back(
        [&, i] { answers[i] = server.client().sign_in(root_email, "wrong-password-" + std::to_string(i)); });
  for (auto& t : senders) t.join();
  int wrong = 0;
  for (const auto& a : answers) {
    if (a.code() == "invalid_credentials") {
      ++wrong;
    } else if (a.code() == "rate_limited") {
      EXPECT_EQ(a.header("retry-after"), "1") << a.body;
    } else {
      EXPECT_EQ(a.code(), "account_locked") << a.body;
    }
  }
  EXPECT_EQ(wrong, 5);
  EXPECT_EQ(server.client().sign_in(root_email, root_password).code(), "account_locked");
  server.wait_for_message(root_email, "suspicious_login_activity");
  EXPECT_TRUE(server.wait_for_message(root_email, "suspicious_login_activity", 2).empty()) << "one lock, one alert";
}

// The right password sent at once by many clients (an API client's workers asking for tokens
// together, or colleagues behind one NAT): some are asked to try again in a moment, none is told
// the account is locked, and it is not.
TEST(Auth, RightPasswordsAtOnceAreNeverLockedOut) {
  TestServer server;
  std::vector<HttpResult> answers(21);
  std::vector<std::thread> senders;
  for (std::size_t i = 0; i < answers.size(); ++i)
    senders.emplace_back([&, i] { answers[i] = server.client().sign_in(root_email, root_password); });
  for (auto& t : senders) t.join();
  int signed_in = 0;
  for (const auto& a : answers) {
    if (a.status == 200) {
      ++signed_in;
      continue;
    }
    EXPECT_EQ(a.code(), "rate_limited") << a.body;
    EXPECT_EQ(a.header("retry-after"), "1") << a.body;
  }
  EXPECT_GE(signed_in, 1);
  EXPECT_EQ(server.client().sign_in(root_email, root_password).status, 200);
}

// Whether an email belongs to an administrator shows in no answer, the lockout included.
TEST(Auth, AnUnknownEmailLocksLikeAKnownOne) {
  TestServer server;
  auto known = server.client();
  auto unknown = server.client();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(known.sign_in(root_email, "wrong-password-x").code(), "invalid_credentials");
    EXPECT_EQ(unknown.sign_in("nobody@carrier.example", "wrong-password-x").code(), "invalid_credentials");
  }
  const auto a = known.sign_in(root_email, "wrong-password-x");
  const auto b = unknown.sign_in("nobody@carrier.example", "wrong-password-x");
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(b.code(), "account_locked");
  EXPECT_EQ(a.json()["detail"], b.json()["detail"]);
  EXPECT_EQ(a.header("retry-after"), b.header("retry-after"));
  EXPECT_FALSE(b.header("retry-after").empty());
}

TEST(Auth, SessionsEndAfterIdleTimeoutAndAbsoluteLifetime) {
  TestServer server;
  auto idle = server.root_client();
  server.clock().advance(29 * 60);
  EXPECT_EQ(idle.get("/api/v1/auth/me").status, 200);  // activity refreshes the idle clock
  server.clock().advance(29 * 60);
  EXPECT_EQ(idle.get("/api/v1/auth/me").status, 200);
  server.clock().advance(31 * 60);
  EXPECT_EQ(idle.get("/api/v1/auth/me").status, 401);

  auto busy = server.root_client();
  for (int i = 0; i < 12 * 3 - 1; ++i) {
    server.clock().advance(20 * 60);
    ASSERT_EQ(busy.get("/api/v1/auth/me").status, 200) << "after " << (i + 1) * 20 << " minutes";
  }
  server.clock().advance(20 * 60);
  EXPECT_EQ(busy.get("/api/v1/auth/me").status, 401);
}

TEST(Auth, LogoutEndsTheSession) {
  TestServer server;
  auto c = server.root_client();
  const auto cookie = *c.session_cookie;
  auto out = c.post("/api/v1/auth/logout", nlohmann::json::object());
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  c.session_cookie = cookie;  // replaying the old cookie does not work
  EXPECT_EQ(c.get("/api/v1/auth/me").status, 401);
}

TEST(Auth, OwnProfileIsValidatedAndSaved) {
  TestServer server;
  auto c = server.root_client();
  auto bad = c.patch("/api/v1/auth/me", {{"device_number", "12345"}, {"timezone", "Mars/Olympus"}, {"language", "fr"}});
  ASSERT_EQ(bad.status, 422);
  std::set<std::string> fields;
  const auto problem = bad.json();
  for (const auto& e : problem["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"device_number", "timezone", "language"}));

  auto good = c.patch("/api/v1/auth/me", {{"first_name", "Ana"},
                                          {"device_number", "+1 415 555 0123"},
                                          {"timezone", "America/Sao_Paulo"},
                                          {"language", "pt"},
                                          {"address", {{"city", "São Paulo"}, {"country", "Brazil"}}}});
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(good.json()["device_number"], "+14155550123");
  const auto me = c.get("/api/v1/auth/me").json()["admin"];
  EXPECT_EQ(me["first_name"], "Ana");
  EXPECT_EQ(me["language"], "pt");
  EXPECT_EQ(me["address"]["city"], "São Paulo");

  auto unknown = c.patch("/api/v1/auth/me", {{"email", "other@x.example"}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.json()["errors"][0]["field"], "email");
}

}  // namespace
}  // namespace lineport::testing
