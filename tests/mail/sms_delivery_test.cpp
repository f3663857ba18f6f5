// Text messages and dead letters through the outbox worker: the SMS spool, an HTTP gateway on a
// loopback port, refusals for good (gateway 4xx, SMTP 5xx) that make a message dead and call the
// dead-letter handler in the transaction that marks it, and email with a QR code image.

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "jobs/outbox_worker.h"
#include "mail/mail_test_support.h"
#include "mail/spool_transport.h"
#include "mail/stub_servers.h"
#include "storage/queries/outbox.h"
#include "support/test_database.h"
#include "util/crypto.h"
#include "util/qr_code.h"

namespace lineport::mail_test {
namespace fs = std::filesystem;
namespace {

constexpr UnixSeconds start_time = 1767225600;  // 2026-01-01T00:00:00Z

mail::Message invitation_sms(const std::string& number, const std::string& account_id) {
  mail::Message m{"account_invitation", number, "", "Lineport: your activation code is 48291375. Código: 48291375"};
  m.channel = "sms";
  m.ref = "account_invitation:" + account_id;
  return m;
}

std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> names;
  if (!fs::exists(dir)) return names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The database is the one LINEPORT_TEST_BACKEND names (SQLite unless it says "postgresql"), so
// the outbox's channel, ref and QR link columns can be checked on both backends.
class SmsDeliveryTest : public ::testing::Test {
 protected:
  TempDir dir;
  ManualClock clock{start_time};
  lineport::testing::TestDatabase database;
  storage::Database* db = &database.db();
  fs::path mail_spool = dir.path() / "mail";
  fs::path sms_spool = dir.path() / "sms";
  std::vector<jobs::DeadMessage> dead;  // what the dead-letter handler was given

  jobs::MailSettings spool_settings() {
    jobs::MailSettings s;
    s.spool_dir = mail_spool.string();
    s.sms_spool_dir = sms_spool.string();
    s.from = "Lineport <no-reply@lineport.test>";
    return s;
  }

  jobs::MailSettings gateway_settings(const HttpGatewayStub& gateway) {
    auto s = spool_settings();
    s.sms_spool_dir.clear();
    s.sms_gateway_url = gateway.url();
    s.sms_gateway_token = "t0ken";
    return s;
  }

  void SetUp() override {
    // Stands for the table a real handler updates (accounts.invitation_status).
    db->write([](storage::Connection& c) {
      c.execute_script("CREATE TABLE dead_letter_log (outbox_id TEXT PRIMARY KEY, ref TEXT)");
    });
  }

  // Records each dead message and, in the same transaction, checks that the message is already
  // marked failed and writes a row of its own, as the invitation handler marks the account.
  void handle_dead_letters(jobs::OutboxWorker& worker) {
    worker.on_dead_letter([this](storage::Connection& c, const jobs::DeadMessage& m) {
      const auto row = c.query(storage::sql::outbox::select_by_id, {m.id}).one();
      EXPECT_FALSE(row.is_null(9)) << "failed_at is set before the handler runs";
      dead.push_back(m);
      c.execute(log_dead_letter, {m.id, m.ref});
    });
  }

  static constexpr storage::Query log_dead_letter{"test.log_dead_letter",
                                                  "INSERT INTO dead_letter_log (outbox_id, ref) VALUES ($1, $2)"};

  std::int64_t logged_dead_letters() {
    static constexpr storage::Query q{"test.count_dead_letters", "SELECT COUNT(*) FROM dead_letter_log"};
    return db->read([&](storage::Connection& c) { return c.query(q).one().integer(0); });
  }
};

TEST_F(SmsDeliveryTest, TextMessagesGoToTheSmsSpoolAndMailToTheMailSpool) {
  const auto ids =
      enqueue_all(*db, clock, {sample_message("account_added", "m1"), invitation_sms("+14155550123", "acc1")});
  jobs::OutboxWorker worker(*db, clock, spool_settings());
  EXPECT_EQ(worker.deliver_due(), 2u);

  EXPECT_EQ(files_in(mail_spool), (std::set<std::string>{ids[0] + ".eml"}));
  EXPECT_EQ(files_in(sms_spool), (std::set<std::string>{ids[1] + ".json"}));
  const auto json = nlohmann::json::parse(read_file(sms_spool / (ids[1] + ".json")));
  EXPECT_EQ(json, (nlohmann::json{{"id", ids[1]},
                                  {"to", "+14155550123"},
                                  {"text", invitation_sms("", "").text},
                                  {"event", "account_invitation"},
                                  {"created_at", "2026-01-01T00:00:00Z"}}));

  const auto email = outbox_row(*db, ids[0]);
  EXPECT_EQ(email.channel, "email");
  EXPECT_FALSE(email.ref);
  const auto sms = outbox_row(*db, ids[1]);
  EXPECT_EQ(sms.channel, "sms");
  EXPECT_EQ(sms.ref, "account_invitation:acc1");
  EXPECT_EQ(sms.sent_at, start_time);

  // Sent again after a crash between send and mark: still one file, unchanged.
  const std::string first = read_file(sms_spool / (ids[1] + ".json"));
  jobs::OutboxWorker again(*db, clock, spool_settings());
  db->write([&](storage::Connection& c) {
    static constexpr storage::Query unsend{"test.unsend", "UPDATE outbox SET sent_at = NULL WHERE id = $1"};
    c.execute(unsend, {ids[1]});
  });
  EXPECT_EQ(again.deliver_due(), 1u);
  EXPECT_EQ(files_in(sms_spool).size(), 1u);
  EXPECT_EQ(read_file(sms_spool / (ids[1] + ".json")), first);
}

TEST_F(SmsDeliveryTest, TheGatewayGetsEachMessageOnceAsJsonWithTheToken) {
  HttpGatewayStub gateway;
  const auto ids =
      enqueue_all(*db, clock, {invitation_sms("+14155550123", "acc1"), invitation_sms("+5511987654321", "acc2")});
  jobs::OutboxWorker worker(*db, clock, gateway_settings(gateway));
  handle_dead_letters(worker);
  EXPECT_EQ(worker.deliver_due(), 2u);
  EXPECT_EQ(worker.deliver_due(), 0u);

  const auto requests = gateway.requests();
  ASSERT_EQ(requests.size(), 2u);
  std::set<std::string> seen;
  for (const auto& r : requests) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.target, "/v1/sms");
    EXPECT_EQ(r.headers.at("authorization"), "Bearer t0ken");
    EXPECT_EQ(r.headers.at("content-type"), "application/json");
    const auto body = nlohmann::json::parse(r.body);
    const std::string id = body.at("id");
    EXPECT_EQ(r.headers.at("idempotency-key"), id);
    const std::size_t i = id == ids[0] ? 0 : 1;
    EXPECT_EQ(body, (nlohmann::json{{"id", ids[i]},
                                    {"to", i == 0 ? "+14155550123" : "+5511987654321"},
                                    {"text", invitation_sms("", "").text}}));
    seen.insert(id);
  }
  EXPECT_EQ(seen, (std::set<std::string>{ids[0], ids[1]}));
  for (const auto& id : ids) EXPECT_EQ(outbox_row(*db, id).sent_at, start_time);
  EXPECT_TRUE(dead.empty());
  EXPECT_TRUE(files_in(sms_spool).empty());
}

TEST_F(SmsDeliveryTest, AGateway400MakesTheMessageDeadAndCallsTheHandlerInItsTransaction) {
  HttpGatewayStub gateway;
  gateway.answer({400}, 200, R"({"error":"unknown number"})");
  const auto ids = enqueue_all(*db, clock, {invitation_sms("+14155550123", "acc7")});
  jobs::OutboxWorker worker(*db, clock, gateway_settings(gateway));
  handle_dead_letters(worker);
  EXPECT_EQ(worker.deliver_due(), 0u);

  const auto row = outbox_row(*db, ids[0]);
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.failed_at, start_time);
  ASSERT_TRUE(row.last_error);
  EXPECT_NE(row.last_error->find("HTTP 400"), std::string::npos) << *row.last_error;
  EXPECT_NE(row.last_error->find("unknown number"), std::string::npos) << *row.last_error;

  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].id, ids[0]);
  EXPECT_EQ(dead[0].event, "account_invitation");
  EXPECT_EQ(dead[0].ref, "account_invitation:acc7");
  EXPECT_EQ(dead[0].channel, "sms");
  EXPECT_EQ(dead[0].last_error, *row.last_error);
  EXPECT_EQ(logged_dead_letters(), 1);  // the handler's write committed with the mark

  clock.advance(86400);
  EXPECT_EQ(worker.deliver_due(), 0u);  // a dead message is never tried again
  EXPECT_EQ(gateway.requests().size(), 1u);
  EXPECT_EQ(dead.size(), 1u);
}

TEST_F(SmsDeliveryTest, AGateway503IsRetriedWithBackoffThenSent) {
  HttpGatewayStub gateway;
  gateway.answer({503});
  const auto ids = enqueue_all(*db, clock, {invitation_sms("+14155550123", "acc3")});
  jobs::OutboxWorker worker(*db, clock, gateway_settings(gateway));
  handle_dead_letters(worker);

  EXPECT_EQ(worker.deliver_due(), 0u);
  auto row = outbox_row(*db, ids[0]);
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.next_attempt_at, start_time + 5);
  EXPECT_FALSE(row.failed_at);
  ASSERT_TRUE(row.last_error);
  EXPECT_NE(row.last_error->find("HTTP 503"), std::string::npos) << *row.last_error;

  clock.advance(4);
  EXPECT_EQ(worker.deliver_due(), 0u);  // not due yet
  EXPECT_EQ(gateway.requests().size(), 1u);
  clock.advance(1);
  EXPECT_EQ(worker.deliver_due(), 1u);
  row = outbox_row(*db, ids[0]);
  EXPECT_EQ(row.attempts, 2);
  EXPECT_EQ(row.sent_at, start_time + 5);

  const auto requests = gateway.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].body, requests[1].body);  // the same message, the same idempotency key
  EXPECT_EQ(requests[1].headers.at("idempotency-key"), ids[0]);
  EXPECT_TRUE(dead.empty());
}

TEST_F(SmsDeliveryTest, AGatewayThatKeepsFailingRunsTheMessageOutOfAttempts) {
  HttpGatewayStub gateway;
  gateway.answer({}, 429);
  const auto ids = enqueue_all(*db, clock, {invitation_sms("+14155550123", "acc4")});
  auto settings = gateway_settings(gateway);
  settings.max_attempts = 2;
  jobs::OutboxWorker worker(*db, clock, settings);
  handle_dead_letters(worker);
  EXPECT_EQ(worker.deliver_due(), 0u);
  EXPECT_TRUE(dead.empty());
  clock.advance(5);
  EXPECT_EQ(worker.deliver_due(), 0u);
  EXPECT_EQ(outbox_row(*db, ids[0]).failed_at, start_time + 5);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].ref, "account_invitation:acc4");
  EXPECT_NE(dead[0].last_error.find("HTTP 429"), std::string::npos) << dead[0].last_error;
  EXPECT_EQ(gateway.requests().size(), 2u);
}

TEST_F(SmsDeliveryTest, AHandlerThatThrowsDoesNotHoldUpTheOutbox) {
  HttpGatewayStub gateway;
  gateway.answer({}, 400);
  const auto ids =
      enqueue_all(*db, clock, {invitation_sms("+14155550123", "acc5"), invitation_sms("+14155550124", "acc6")});
  jobs::OutboxWorker worker(*db, clock, gateway_settings(gateway));
  int calls = 0;
  worker.on_dead_letter([&](storage::Connection& c, const jobs::DeadMessage& m) {
    ++calls;
    c.execute(log_dead_letter, {m.id, m.ref});
    throw std::runtime_error("the handler has a bug");
  });
  EXPECT_NO_THROW(worker.deliver_due());
  EXPECT_EQ(calls, 2);
  for (const auto& id : ids) EXPECT_EQ(outbox_row(*db, id).failed_at, start_time) << id;
  EXPECT_EQ(logged_dead_letters(), 0);  // the handler's writes rolled back
  EXPECT_EQ(worker.deliver_due(), 0u);
  EXPECT_EQ(calls, 2);
}

TEST_F(SmsDeliveryTest, WithoutAnSmsTransportTextMessagesWait) {
  const auto ids = enqueue_all(*db, clock, {invitation_sms("+14155550123", "acc8")});
  auto settings = spool_settings();
  jobs::OutboxWorker worker(*db, clock, settings, jobs::make_transport(settings), nullptr);
  EXPECT_EQ(worker.deliver_due(), 0u);
  const auto row = outbox_row(*db, ids[0]);
  EXPECT_FALSE(row.failed_at);
  EXPECT_EQ(row.last_error, "no SMS transport is configured");
  EXPECT_EQ(row.next_attempt_at, start_time + 5);
}

TEST_F(SmsDeliveryTest, AnSmtp5xxRefusalMakesTheEmailDead) {
  RefusingSmtpServer server("550 5.1.1 No such user here");
  auto message = sample_message("account_invitation", "gone");
  message.ref = "account_invitation:acc9";
  const auto ids = enqueue_all(*db, clock, {message});
  auto settings = spool_settings();
  settings.spool_dir.clear();
  settings.smtp_url = server.url();
  jobs::OutboxWorker worker(*db, clock, settings);
  handle_dead_letters(worker);
  EXPECT_EQ(worker.deliver_due(), 0u);

  EXPECT_EQ(server.refusals(), 1);
  const auto row = outbox_row(*db, ids[0]);
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.failed_at, start_time);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].channel, "email");
  EXPECT_EQ(dead[0].ref, "account_invitation:acc9");
  EXPECT_NE(dead[0].last_error.find("550"), std::string::npos) << dead[0].last_error;
}

TEST_F(SmsDeliveryTest, AnSmtp4xxRefusalIsRetried) {
  RefusingSmtpServer server("451 4.3.0 Try again later");
  const auto ids = enqueue_all(*db, clock, {sample_message("account_invitation", "later")});
  auto settings = spool_settings();
  settings.spool_dir.clear();
  settings.smtp_url = server.url();
  jobs::OutboxWorker worker(*db, clock, settings);
  handle_dead_letters(worker);
  EXPECT_EQ(worker.deliver_due(), 0u);

  EXPECT_EQ(server.refusals(), 1);
  const auto row = outbox_row(*db, ids[0]);
  EXPECT_FALSE(row.failed_at);
  EXPECT_EQ(row.next_attempt_at, start_time + 5);
  ASSERT_TRUE(row.last_error);
  EXPECT_NE(row.last_error->find("451"), std::string::npos) << *row.last_error;
  EXPECT_TRUE(dead.empty());
}

TEST_F(SmsDeliveryTest, AnEmailWithAQrLinkCarriesTheQrCodeImage) {
  const std::string link = "https://portal.example.com/activate?login=ana%40example.com&c=48291375";
  mail::Message message{"account_invitation", "ana@example.com", "Activate your Lineport app",
                        "Hello Ana,\n\nActivation code: 48291375\n",
                        "<p>Scan this code with your phone:</p><img src=\"cid:qr@lineport\">"};
  message.qr_link = link;
  message.ref = "account_invitation:acc10";
  const auto ids = enqueue_all(*db, clock, {message});
  jobs::OutboxWorker worker(*db, clock, spool_settings());
  EXPECT_EQ(worker.deliver_due(), 1u);

  const auto parsed = parse_spool(mail_spool);
  ASSERT_EQ(parsed.size(), 1u);
  const auto& m = parsed[0];
  EXPECT_EQ(m["defects"].size(), 0u) << m.dump(2);
  EXPECT_EQ(m["content_type"], "multipart/related");
  EXPECT_EQ(m["text"], message.text);
  EXPECT_EQ(m["html"], *message.html);
  ASSERT_EQ(m["images"].size(), 1u) << m.dump(2);
  const auto& image = m["images"][0];
  EXPECT_EQ(image["content_type"], "image/png");
  EXPECT_EQ(image["content_id"], "<qr@lineport>");
  EXPECT_EQ(image["disposition"], "inline");
  EXPECT_EQ(image["filename"], "activation-qr.png");
  EXPECT_EQ(image["sha256"], crypto::sha256_hex(qr::qr_png(link)));

  // The link is an activation secret: it goes with the body once the message is out.
  db->read([&](storage::Connection& c) {
    static constexpr storage::Query q{"test.qr_link", "SELECT qr_link FROM outbox WHERE id = $1"};
    EXPECT_TRUE(c.query(q, {ids[0]}).one().is_null(0));
  });
}

}  // namespace
}  // namespace lineport::mail_test
