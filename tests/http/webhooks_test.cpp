// Webhooks: an organization's endpoints receive its events (and its sub-organizations') as JSON
// signed the Standard Webhooks way, checked here by a real receiver with its own implementation
// of the scheme; failed attempts are retried with backoff, 410 and three days of failures turn
// the webhook off and tell the administrators; secrets rotate with a day of overlap; deliveries
// are listed with every attempt and replayed; internal addresses are refused; privileges and
// tenants hold.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "storage/database.h"
#include "support/test_server.h"
#include "support/webhook_receiver.h"

namespace lineport::testing {
namespace {

class Webhooks : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = add_child_org(root, server.root_org_id(), "ABC Bank");
    retail = add_child_org(root, abc, "Retail");
  }

  // A webhook of `org` to the receiver; returns the answer (with its secret).
  nlohmann::json create(const std::string& org, const nlohmann::json& events, bool include_suborgs = true) {
    const auto r = root.post("/api/v1/orgs/" + org + "/webhooks",
                             {{"url", receiver.url()}, {"events", events}, {"include_suborgs", include_suborgs}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }

  void add_account(const std::string& org, const std::string& login) {
    ASSERT_EQ(root.post("/api/v1/orgs/" + org + "/accounts", {{"login", login}}).status, 201);
  }

  nlohmann::json deliveries(const std::string& webhook_id, const std::string& query = "") {
    const auto r = root.get("/api/v1/webhooks/" + webhook_id + "/deliveries" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  // Waits (up to 10 s) until the newest delivery (or the one `position` places before it) has
  // `attempts` attempts recorded and, when given, the `status` (for "pending", with the retry's
  // new time); returns it.
  nlohmann::json newest_after_attempts(const std::string& webhook_id, int attempts, const std::string& status = "",
                                       std::size_t position = 0) {
    nlohmann::json newest;
    for (int i = 0; i < 200; ++i) {
      newest = deliveries(webhook_id)["items"][position];
      const bool rescheduled =
          status != "pending" || (newest["next_attempt_at"].is_string() &&
                                  parse_rfc3339(newest["next_attempt_at"].get<std::string>()) > server.clock().now());
      if (newest["attempt_log"].size() >= static_cast<std::size_t>(attempts) &&
          (status.empty() || newest["status"] == status) && rescheduled)
        return newest;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "no attempt " << attempts << ": " << newest.dump();
    return newest;
  }

  static bool verifies(const std::string& secret, const ReceivedWebhook& r) {
    return signature_verifies(secret, r.header("webhook-id"), r.header("webhook-timestamp"), r.body,
                              r.header("webhook-signature"));
  }

  WebhookReceiver receiver;
  TestServer server{[](app::Config& c) { c.webhooks_allow_private = true; }};
  HttpClient root{0};
  std::string abc, retail;
};

TEST_F(Webhooks, EventsOfTheOrganizationAndItsSubOrganizationsArriveSignedOnce) {
  const auto hook = create(abc, {"account_added", "account_activated"});
  const std::string secret = hook["secret"];
  EXPECT_TRUE(secret.starts_with("whsec_"));
  EXPECT_EQ(hook["include_suborgs"], true);
  EXPECT_EQ(hook["enabled"], true);
  // Not subscribed to (admin_added), or outside the tree: nothing arrives for them.
  const auto other = add_child_org(root, server.root_org_id(), "Other Bank");
  add_account(other, "x@other.example");
  add_account(retail, "ann@bank.example");

  const auto got = receiver.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  const auto& r = got[0];
  EXPECT_TRUE(verifies(secret, r)) << r.header("webhook-signature");
  EXPECT_FALSE(verifies("whsec_" + std::string(44, 'A'), r));
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(std::to_string(server.clock().now()), r.header("webhook-timestamp"));
  const auto body = r.json();
  EXPECT_EQ(body["id"], r.header("webhook-id"));
  EXPECT_EQ(body["type"], "account_added");
  EXPECT_EQ(body["org_id"], retail);
  EXPECT_EQ(body["data"]["login"], "ann@bank.example");
  EXPECT_FALSE(body["data"]["account_id"].get<std::string>().empty());
  EXPECT_FALSE(body["occurred_at"].get<std::string>().empty());

  const auto delivered = newest_after_attempts(hook["id"], 1, "succeeded");
  EXPECT_EQ(delivered["status"], "succeeded");
  EXPECT_EQ(delivered["message_id"], body["id"]);
  EXPECT_EQ(delivered["payload"], body);
  EXPECT_EQ(delivered["attempt_log"][0]["status_code"], 200);
  EXPECT_EQ(delivered["attempt_log"][0]["response_excerpt"], "answer 200");

  // Without include_suborgs, a sub-organization's events stay away.
  ASSERT_EQ(root.patch("/api/v1/webhooks/" + hook["id"].get<std::string>(), {{"include_suborgs", false}}).status, 200);
  add_account(retail, "bob@bank.example");
  add_account(abc, "carl@bank.example");
  const auto more = receiver.wait_for(2);
  ASSERT_EQ(more.size(), 2u);
  EXPECT_EQ(more[1].json()["data"]["login"], "carl@bank.example");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(receiver.received().size(), 2u);
}

TEST_F(Webhooks, FailedAttemptsAreRetriedWithBackoffUntilTheReceiverAnswers) {
  const auto hook = create(abc, {"account_added"});
  const std::string id = hook["id"];
  receiver.down();
  add_account(abc, "ann@bank.example");
  auto d = newest_after_attempts(id, 1, "pending");
  EXPECT_EQ(d["status"], "pending");
  EXPECT_TRUE(d["attempt_log"][0]["status_code"].is_null());
  EXPECT_FALSE(d["attempt_log"][0]["error"].get<std::string>().empty());
  // 5 s ± 20% after the first failure.
  const auto first_retry = parse_rfc3339(d["next_attempt_at"].get<std::string>()).value() - server.clock().now();
  EXPECT_GE(first_retry, 4);
  EXPECT_LE(first_retry, 6);
  EXPECT_FALSE(root.get("/api/v1/webhooks/" + id).json()["failing_since"].is_null());

  receiver.up();
  receiver.answer(500);
  server.clock().advance(6);
  d = newest_after_attempts(id, 2, "pending");
  EXPECT_EQ(d["status"], "pending");
  EXPECT_EQ(d["attempt_log"][1]["status_code"], 500);
  EXPECT_EQ(d["attempt_log"][1]["response_excerpt"], "answer 500");
  const auto second_retry = parse_rfc3339(d["next_attempt_at"].get<std::string>()).value() - server.clock().now();
  EXPECT_GE(second_retry, 24);
  EXPECT_LE(second_retry, 36);

  receiver.answer(200);
  server.clock().advance(36);
  d = newest_after_attempts(id, 3, "succeeded");
  EXPECT_EQ(d["status"], "succeeded");
  EXPECT_EQ(d["attempts"], 3);
  const auto got = receiver.received();
  ASSERT_EQ(got.size(), 2u);  // the 500 and the 200: the same message both times
  EXPECT_EQ(got[0].header("webhook-id"), got[1].header("webhook-id"));
  EXPECT_EQ(got[0].body, got[1].body);
  EXPECT_TRUE(root.get("/api/v1/webhooks/" + id).json()["failing_since"].is_null());
}

TEST_F(Webhooks, GoneTurnsTheWebhookOffAtOnceAndTellsTheAdministrators) {
  server.add_admin(abc, "ops@abc.example", "ops-password-0001");
  const auto hook = create(abc, {"account_added"});
  const std::string id = hook["id"];
  receiver.answer(410);
  add_account(abc, "ann@bank.example");
  const auto d = newest_after_attempts(id, 1, "failed");
  EXPECT_EQ(d["status"], "failed");
  const auto w = root.get("/api/v1/webhooks/" + id).json();
  EXPECT_EQ(w["enabled"], false);
  EXPECT_EQ(w["disabled_reason"], "gone");
  const auto mail = server.wait_for_message("ops@abc.example", "webhook_disabled");
  // The address without its path (quoted-printable wraps the line after it).
  EXPECT_NE(mail.find("http://127.0.0.1:" + std::to_string(receiver.port()) + "/"), std::string::npos) << mail;
  EXPECT_EQ(mail.find("/hooks"), std::string::npos) << mail;
  EXPECT_NE(mail.find("410"), std::string::npos) << mail;

  // Off: new events are not queued, a test is refused until an administrator turns it on.
  add_account(abc, "bob@bank.example");
  EXPECT_EQ(deliveries(id)["items"].size(), 1u);
  EXPECT_EQ(root.post("/api/v1/webhooks/" + id + "/test", nlohmann::json::object()).status, 409);
  const auto on = root.patch("/api/v1/webhooks/" + id, {{"enabled", true}});
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_TRUE(on.json()["disabled_reason"].is_null());
}

TEST_F(Webhooks, ThreeDaysOfFailuresTurnTheWebhookOff) {
  server.add_admin(abc, "ops@abc.example", "ops-password-0001");
  const auto hook = create(abc, {"account_added"});
  const std::string id = hook["id"];
  receiver.down();
  add_account(abc, "ann@bank.example");
  newest_after_attempts(id, 1);
  server.clock().advance(days(2));
  root = server.root_client();           // the session has expired meanwhile
  add_account(abc, "bob@bank.example");  // waits behind ann's delivery, which keeps probing
  newest_after_attempts(id, 2, "pending", 1);
  EXPECT_EQ(root.get("/api/v1/webhooks/" + id).json()["enabled"], true);
  server.clock().advance(days(1) + hours(1));
  root = server.root_client();
  const auto mail = server.wait_for_message("ops@abc.example", "webhook_disabled");
  EXPECT_NE(mail.find("3 days"), std::string::npos) << mail;
  const auto w = root.get("/api/v1/webhooks/" + id).json();
  EXPECT_EQ(w["enabled"], false);
  EXPECT_EQ(w["disabled_reason"], "failing");

  // Off, the waiting deliveries are parked (no next attempt); turned on, they all arrive.
  auto items = deliveries(id)["items"];
  ASSERT_EQ(items.size(), 2u);
  for (const auto& d : items) {
    EXPECT_EQ(d["status"], "pending");
    EXPECT_TRUE(d["next_attempt_at"].is_null()) << d.dump();
  }
  EXPECT_EQ(items[0]["attempts"], 0);  // bob's never knocked
  receiver.up();
  ASSERT_EQ(root.patch("/api/v1/webhooks/" + id, {{"enabled", true}}).status, 200);
  newest_after_attempts(id, 1, "succeeded");
  newest_after_attempts(id, 4, "succeeded", 1);
  EXPECT_EQ(receiver.received().size(), 2u);
}

// While a receiver fails, one delivery probes it and the rest wait; a test sent by an
// administrator goes at once, and its success lets the others through without waiting for the
// probe's next retry.
TEST_F(Webhooks, AFailingReceiverIsProbedByOneDeliveryAndATestReleasesTheRest) {
  const auto hook = create(abc, {"account_added"});
  const std::string id = hook["id"];
  receiver.down();
  add_account(abc, "ann@bank.example");
  newest_after_attempts(id, 1, "pending");
  add_account(abc, "bob@bank.example");
  add_account(abc, "cat@bank.example");
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // several passes of the senders
  auto items = deliveries(id)["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["attempts"], 0);
  EXPECT_EQ(items[1]["attempts"], 0);
  EXPECT_EQ(items[2]["attempts"], 1);

  receiver.up();
  ASSERT_EQ(root.post("/api/v1/webhooks/" + id + "/test", nlohmann::json::object()).status, 202);
  newest_after_attempts(id, 1, "succeeded");                   // the ping
  newest_after_attempts(id, 1, "succeeded", 1);                // cat
  newest_after_attempts(id, 1, "succeeded", 2);                // bob
  EXPECT_EQ(deliveries(id)["items"][3]["status"], "pending");  // ann keeps her retry time
  server.clock().advance(6);
  newest_after_attempts(id, 2, "succeeded", 3);
  std::set<std::string> types;
  for (const auto& r : receiver.received()) types.insert(nlohmann::json::parse(r.body)["data"].value("login", "ping"));
  EXPECT_EQ(types, (std::set<std::string>{"ping", "ann@bank.example", "bob@bank.example", "cat@bank.example"}));
  EXPECT_EQ(receiver.received().size(), 4u);
}

TEST_F(Webhooks, ARotatedSecretSignsBesideTheOldOneForADay) {
  const auto hook = create(abc, {"account_added"});
  const std::string id = hook["id"];
  const std::string old_secret = hook["secret"];
  const auto rotated = root.post("/api/v1/webhooks/" + id + "/rotate-secret", nlohmann::json::object());
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const std::string new_secret = rotated.json()["secret"];
  EXPECT_NE(new_secret, old_secret);
  EXPECT_EQ(parse_rfc3339(rotated.json()["previous_secret_expires_at"].get<std::string>()),
            server.clock().now() + hours(24));
  // The secret is never shown again.
  EXPECT_FALSE(root.get("/api/v1/webhooks/" + id).json().contains("secret"));
  EXPECT_FALSE(root.get("/api/v1/orgs/" + abc + "/webhooks").json()["items"][0].contains("secret"));

  ASSERT_EQ(root.post("/api/v1/webhooks/" + id + "/test", nlohmann::json::object()).status, 202);
  auto got = receiver.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].json()["type"], "ping");
  EXPECT_TRUE(verifies(new_secret, got[0]));
  EXPECT_TRUE(verifies(old_secret, got[0]));
  EXPECT_NE(got[0].header("webhook-signature").find(' '), std::string::npos);

  server.clock().advance(hours(24) + 1);
  root = server.root_client();
  ASSERT_EQ(root.post("/api/v1/webhooks/" + id + "/test", nlohmann::json::object()).status, 202);
  got = receiver.wait_for(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(verifies(new_secret, got[1]));
  EXPECT_FALSE(verifies(old_secret, got[1]));
}

TEST_F(Webhooks, AnyDeliveryCanBeReplayedAndDeliveriesArePaged) {
  const auto hook = create(abc, {"account_added"});
  const std::string id = hook["id"];
  for (int i = 0; i < 3; ++i) add_account(abc, "u" + std::to_string(i) + "@bank.example");
  receiver.wait_for(3);
  const auto first_page = deliveries(id, "?limit=2");
  ASSERT_EQ(first_page["items"].size(), 2u);
  ASSERT_TRUE(first_page["next_cursor"].is_string());
  const auto second_page = deliveries(id, "?limit=2&cursor=" + first_page["next_cursor"].get<std::string>());
  ASSERT_EQ(second_page["items"].size(), 1u);
  EXPECT_TRUE(second_page["next_cursor"].is_null());
  const auto oldest = second_page["items"][0];
  EXPECT_EQ(oldest["payload"]["data"]["login"], "u0@bank.example");

  const auto replay = root.post("/api/v1/webhooks/" + id + "/deliveries/" + oldest["id"].get<std::string>() + "/replay",
                                nlohmann::json::object());
  ASSERT_EQ(replay.status, 202) << replay.body;
  EXPECT_EQ(replay.json()["replay_of"], oldest["id"]);
  EXPECT_EQ(replay.json()["message_id"], oldest["message_id"]);
  const auto got = receiver.wait_for(4);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[3].header("webhook-id"), oldest["message_id"]);
  EXPECT_EQ(got[3].json(), oldest["payload"]);

  EXPECT_EQ(root.post("/api/v1/webhooks/" + id + "/deliveries/NOPE/replay", nlohmann::json::object()).status, 404);
  EXPECT_EQ(root.get("/api/v1/webhooks/" + id + "/deliveries?cursor=bogus").status, 400);
}

TEST_F(Webhooks, BadInputIsRefusedNamingTheFieldAndNothingIsSaved) {
  const auto post = [&](const nlohmann::json& body) { return root.post("/api/v1/orgs/" + abc + "/webhooks", body); };
  const auto field_of = [](const HttpResult& r) { return r.json()["errors"][0]["field"].get<std::string>(); };
  auto r = post({{"url", "ftp://hooks.example.com/x"}, {"events", {"account_added"}}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "url");
  r = post({{"url", "https://user:pw@hooks.example.com/x"}, {"events", {"account_added"}}});
  EXPECT_EQ(r.status, 422);
  r = post({{"url", "https://hooks.example.com/x"}, {"events", {"account_added", "made_up"}}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(field_of(r), "events");
  r = post({{"url", "https://hooks.example.com/x"}, {"events", nlohmann::json::array()}});
  EXPECT_EQ(r.status, 422);
  r = post({{"url", "https://hooks.example.com/x"}, {"events", {"ping", "ping"}}});
  EXPECT_EQ(r.status, 422);
  r = post({{"url", "https://hooks.example.com/x"}, {"events", {"ping"}}, {"secret", "mine"}});
  EXPECT_EQ(r.status, 422);
  r = post({{"url", "https://hooks.example.com/x"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(root.get("/api/v1/orgs/" + abc + "/webhooks").json()["total"], 0);
  // At most 20 webhooks per organization.
  for (int i = 0; i < 20; ++i)
    ASSERT_EQ(post({{"url", "https://hooks.example.com/" + std::to_string(i)}, {"events", {"ping"}}}).status, 201);
  EXPECT_EQ(post({{"url", "https://hooks.example.com/21"}, {"events", {"ping"}}}).status, 409);
  const auto types = root.get("/api/v1/webhook-event-types").json()["items"];
  ASSERT_EQ(types.size(), 18u);
  EXPECT_EQ(types[15]["type"], "account_activated");
  EXPECT_EQ(types[17]["type"], "ping");
}

TEST_F(Webhooks, PrivilegesAndTenantsHold) {
  const auto hook = create(abc, {"account_added"});
  const std::string id = hook["id"];
  HttpClient viewer = server.admin_with_privileges(abc, {"setup.view.webhooks"}, "viewer@abc.example");
  EXPECT_EQ(viewer.get("/api/v1/orgs/" + abc + "/webhooks").status, 200);
  EXPECT_EQ(viewer.get("/api/v1/webhooks/" + id + "/deliveries").status, 200);
  EXPECT_EQ(viewer.post("/api/v1/orgs/" + abc + "/webhooks", {{"url", receiver.url()}, {"events", {"ping"}}}).status,
            403);
  EXPECT_EQ(viewer.post("/api/v1/webhooks/" + id + "/rotate-secret", nlohmann::json::object()).status, 403);
  EXPECT_EQ(viewer.post("/api/v1/webhooks/" + id + "/test", nlohmann::json::object()).status, 403);
  EXPECT_EQ(viewer.del("/api/v1/webhooks/" + id).status, 403);

  const auto other = add_child_org(root, server.root_org_id(), "Other Bank");
  HttpClient stranger =
      server.admin_with_privileges(other, {"setup.view.webhooks", "setup.edit.webhooks"}, "admin@other.example");
  EXPECT_EQ(stranger.get("/api/v1/orgs/" + abc + "/webhooks").status, 404);
  EXPECT_EQ(stranger.get("/api/v1/webhooks/" + id).status, 404);
  EXPECT_EQ(stranger.patch("/api/v1/webhooks/" + id, {{"enabled", false}}).status, 404);
  EXPECT_EQ(stranger.post("/api/v1/webhooks/" + id + "/rotate-secret", nlohmann::json::object()).status, 404);
  EXPECT_EQ(stranger.get("/api/v1/webhooks/" + id + "/deliveries").status, 404);
  EXPECT_EQ(stranger.del("/api/v1/webhooks/" + id).status, 404);
  EXPECT_EQ(root.get("/api/v1/webhooks/" + id).json()["enabled"], true);

  EXPECT_EQ(root.del("/api/v1/webhooks/" + id).status, 204);
  EXPECT_EQ(root.get("/api/v1/webhooks/" + id).status, 404);
  // The administrators' activity shows each change, never a secret.
  const auto activity = root.get("/api/v1/orgs/" + abc + "/reports/admin_activity");
  ASSERT_EQ(activity.status, 200) << activity.body;
  EXPECT_NE(activity.body.find("webhook.create"), std::string::npos);
  EXPECT_NE(activity.body.find("webhook.delete"), std::string::npos);
  EXPECT_EQ(activity.body.find("whsec_"), std::string::npos);
  // Nor the URL's path, where receivers often keep a token.
  EXPECT_EQ(activity.body.find("/hooks"), std::string::npos);
  EXPECT_NE(activity.body.find("127.0.0.1:" + std::to_string(receiver.port()) + "/…"), std::string::npos);
}

// Without --webhooks-allow-private, internal targets are refused when saved, and again at every
// attempt for a URL whose host has come to point inward.
TEST(WebhookTargets, InternalAddressesAreRefusedWhenSavedAndWhenSent) {
  WebhookReceiver receiver;
  TestServer server;
  HttpClient root = server.root_client();
  const auto org = server.root_org_id();
  for (const std::string& url :
       {receiver.url(), std::string("http://localhost:8080/x"), std::string("http://localhost./x"),
        std::string("http://10.0.0.8/x"), std::string("http://169.254.169.254/latest/meta-data"),
        std::string("http://[::1]:80/"), std::string("http://[::ffff:127.0.0.1]/"),
        std::string("http://2130706433/")}) {
    const auto r = root.post("/api/v1/orgs/" + org + "/webhooks", {{"url", url}, {"events", {"ping"}}});
    EXPECT_EQ(r.status, 422) << url << " " << r.body;
  }
  const auto created =
      root.post("/api/v1/orgs/" + org + "/webhooks", {{"url", "https://hooks.example.com/in"}, {"events", {"ping"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json()["id"];
  server.db().write([&](storage::Connection& c) {
    c.execute(storage::Query{"test.point_inward", "UPDATE webhooks SET url = $2 WHERE id = $1"}, {id, receiver.url()});
  });
  ASSERT_EQ(root.post("/api/v1/webhooks/" + id + "/test", nlohmann::json::object()).status, 202);
  nlohmann::json attempt;
  for (int i = 0; i < 200 && attempt.is_null(); ++i) {
    const auto items = root.get("/api/v1/webhooks/" + id + "/deliveries").json()["items"];
    if (!items[0]["attempt_log"].empty()) attempt = items[0]["attempt_log"][0];
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_FALSE(attempt.is_null());
  // Said without naming what the host resolved to: the server's network stays unknown to tenants.
  EXPECT_EQ(attempt["error"], "the host did not resolve to a public address") << attempt;
  EXPECT_TRUE(receiver.received().empty());
}

// `lineport serve` as a child process, to be killed.
class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> args) : args_(std::move(args)) {}
  ~ServerProcess() { kill(SIGTERM); }

  void start(const std::string& log) {
    std::vector<char*> argv;
    for (auto& a : args_) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&files, 1, 2);
    ASSERT_EQ(posix_spawn(&pid_, argv[0], &files, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&files);
  }
  void kill(int signal) {
    if (pid_ <= 0) return;
    ::kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
  }

 private:
  std::vector<std::string> args_;
  pid_t pid_ = 0;
};

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t size = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool ready(std::uint16_t port) {
  for (int i = 0; i < 200; ++i) {
    try {
      if (HttpClient(port).get("/readyz").status == 200) return true;
    } catch (const std::exception&) {
      // not listening yet
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// A server killed with -9 while a receiver holds one of its requests: after a restart every
// event arrives, the one in flight again once its claim has expired (at least once, never zero).
TEST(WebhookDelivery, AServerKilledMidRequestLosesNothing) {
  const char* bin = std::getenv("LINEPORT_BIN");
  if (!bin) GTEST_SKIP() << "LINEPORT_BIN not set";
  TestDatabase db;
  db.close();
  const auto dir = make_temp_dir("lineport-webhook-kill-");
  const std::string key = dir + "/secret.key";
  const std::string init = std::string(bin) + " init --db " + db.url() +
                           " --root-org Carrier --admin-email root@carrier.example --admin-password " + root_password +
                           " > /dev/null 2>&1";
  ASSERT_EQ(std::system(init.c_str()), 0);
  const auto port = free_port();
  ServerProcess server({bin, "serve", "--db", db.url(), "--secret-key-file", key, "--listen",
                        "127.0.0.1:" + std::to_string(port), "--mail-spool", dir + "/mail", "--sms-spool", dir + "/sms",
                        "--webhooks-allow-private"});
  server.start(dir + "/serve.log");
  ASSERT_TRUE(ready(port));

  WebhookReceiver receiver;
  receiver.hold();
  HttpClient root(port);
  const auto signed_in = root.sign_in("root@carrier.example", root_password);
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  const std::string org = root.get("/api/v1/auth/me").json()["org"]["id"];
  const auto hook =
      root.post("/api/v1/orgs/" + org + "/webhooks", {{"url", receiver.url()}, {"events", {"account_added"}}});
  ASSERT_EQ(hook.status, 201) << hook.body;
  const std::string secret = hook.json()["secret"];
  constexpr int events = 5;
  for (int i = 0; i < events; ++i)
    ASSERT_EQ(
        root.post("/api/v1/orgs/" + org + "/accounts", {{"login", "u" + std::to_string(i) + "@bank.example"}}).status,
        201);
  const auto in_flight = receiver.wait_for(1);  // a request is in flight, unanswered
  ASSERT_EQ(in_flight.size(), 1u);
  const std::string held = in_flight[0].header("webhook-id");
  server.kill(SIGKILL);
  receiver.release();

  server.start(dir + "/serve.log");
  ASSERT_TRUE(ready(port));
  // Every event arrives, each signed; the one in flight arrives again once its claim has expired
  // (30 s after it was taken: the 10 s timeout and a 20 s margin), since no answer acknowledged it.
  std::set<std::string> messages;
  std::size_t held_sent = 0;
  for (int second = 0; second < 60 && (messages.size() < events || held_sent < 2); ++second) {
    const auto got = receiver.wait_for(events + 1, 1);
    messages.clear();
    held_sent = 0;
    for (const auto& r : got) {
      ASSERT_TRUE(signature_verifies(secret, r.header("webhook-id"), r.header("webhook-timestamp"), r.body,
                                     r.header("webhook-signature")));
      messages.insert(r.header("webhook-id"));
      if (r.header("webhook-id") == held) ++held_sent;
    }
  }
  EXPECT_EQ(messages.size(), static_cast<std::size_t>(events));
  EXPECT_EQ(held_sent, 2u);
  // And each is recorded as delivered once its answer is in.
  const std::string listing = "/api/v1/webhooks/" + hook.json()["id"].get<std::string>() + "/deliveries";
  nlohmann::json listed;
  const auto all_succeeded = [&] {
    listed = root.get(listing).json();
    return std::all_of(listed["items"].begin(), listed["items"].end(),
                       [](const nlohmann::json& d) { return d["status"] == "succeeded"; });
  };
  for (int i = 0; i < 100 && !all_succeeded(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(listed["items"].size(), static_cast<std::size_t>(events));
  for (const auto& d : listed["items"]) EXPECT_EQ(d["status"], "succeeded") << d;
  server.kill(SIGTERM);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lineport::testing
