// Delivery through a real SMTP server (aiosmtpd), including a server that goes away mid-way and
// a worker that is replaced by a new one.

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "jobs/outbox_worker.h"
#include "mail/mail_test_support.h"
#include "mail/smtp_transport.h"
#include "mail/templates.h"
#include "storage/queries/outbox.h"
#include "util/crypto.h"
#include "util/qr_code.h"

namespace lineport::mail_test {
namespace {

constexpr UnixSeconds start_time = 1767225600;  // 2026-01-01T00:00:00Z

jobs::MailSettings smtp_settings(const SmtpServer& server) {
  jobs::MailSettings s;
  s.smtp_url = server.url();
  s.from = "Lineport <no-reply@lineport.test>";
  s.max_attempts = 10;
  s.base_backoff_seconds = 5;
  return s;
}

// Passes messages to a real transport and runs `after` once the n-th one was sent.
class HookedTransport final : public mail::Transport {
 public:
  HookedTransport(std::unique_ptr<mail::Transport> inner, int n, std::function<void()> after)
      : inner_(std::move(inner)), remaining_(n), after_(std::move(after)) {}
  void send(const mail::OutgoingMail& mail) override {
    inner_->send(mail);
    if (--remaining_ == 0) after_();
  }
  std::string describe() const override { return inner_->describe(); }
  std::int64_t longest_send_seconds() const override { return inner_->longest_send_seconds(); }

 private:
  std::unique_ptr<mail::Transport> inner_;
  int remaining_;
  std::function<void()> after_;
};

// Message-ID → how many times it arrived.
std::map<std::string, int> arrivals(const nlohmann::json& messages) {
  std::map<std::string, int> count;
  for (const auto& m : messages) ++count[m["message_id"].get<std::string>()];
  return count;
}

std::string message_id(const std::string& outbox_id) {
  return "<" + outbox_id + "@lineport>";
}

class SmtpDeliveryTest : public ::testing::Test {
 protected:
  TempDir dir;
  ManualClock clock{start_time};
  std::unique_ptr<storage::Database> db = open_database(dir.path());
};

TEST_F(SmtpDeliveryTest, EachMessageArrivesOnceWithItsHeadersAndBody) {
  SmtpServer server(dir.path() / "maildir", free_port());
  const nlohmann::json values = {{"first_name", "Ana"},
                                 {"org_name", "ABC Banking Corporation"},
                                 {"login", "ana@example.com"},
                                 {"password", "Xk7#pQ2m!Lw9zR4t"},
                                 {"portal_url", "https://portal.example.com/"}};
  std::vector<mail::Message> messages = {
      mail::render("admin_invitation", "en", "ana@example.com", values),
      mail::render("admin_invitation", "es", "bea@example.com", values),
      mail::render("two_factor_pin", "pt", "caio@example.com", {{"pin", "482913"}, {"expires_minutes", 10}}),
      sample_message("password_changed", "plain1"),
  };
  const auto ids = enqueue_all(*db, clock, messages);

  jobs::OutboxWorker worker(*db, clock, smtp_settings(server));
  EXPECT_EQ(worker.deliver_due(), 4u);
  EXPECT_EQ(worker.deliver_due(), 0u);

  const auto received = parse_maildir(server.maildir());
  ASSERT_EQ(received.size(), 4u) << received.dump(2);
  std::map<std::string, nlohmann::json> by_id;
  for (const auto& m : received) by_id[m["message_id"].get<std::string>()] = m;
  ASSERT_EQ(by_id.size(), 4u);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto& m = by_id.at(message_id(ids[i]));
    EXPECT_EQ(m["event"], messages[i].event);
    EXPECT_EQ(m["subject"], messages[i].subject);  // decoded from RFC 2047 where needed
    EXPECT_EQ(m["to"], messages[i].to);
    EXPECT_EQ(m["from"], "Lineport <no-reply@lineport.test>");
    EXPECT_EQ(m["text"], messages[i].text);
    EXPECT_EQ(m["defects"].size(), 0u) << m.dump(2);
    EXPECT_EQ(m["multipart"], messages[i].html.has_value());
    if (messages[i].html) {
      EXPECT_EQ(m["html"], *messages[i].html);
    }
    const auto row = outbox_row(*db, ids[i]);
    EXPECT_EQ(row.sent_at, start_time);
    EXPECT_EQ(row.attempts, 1);
    EXPECT_FALSE(row.claimed_until);
  }
  const std::string english = by_id.at(message_id(ids[0]))["text"];
  EXPECT_NE(english.find("\nPassword: Xk7#pQ2m!Lw9zR4t\n"), std::string::npos) << english;
  EXPECT_EQ(by_id.at(message_id(ids[1]))["subject"],
            "Su cuenta de administrador de Lineport para ABC Banking Corporation");
  EXPECT_NE(by_id.at(message_id(ids[2]))["text"].get<std::string>().find("\nPIN: 482913\n"), std::string::npos);
}

TEST_F(SmtpDeliveryTest, AServerThatStopsMidwayGetsEveryMessageExactlyOnceAfterItReturns) {
  const int port = free_port();
  SmtpServer server(dir.path() / "maildir", port);
  std::vector<mail::Message> messages;
  for (int i = 1; i <= 5; ++i) messages.push_back(sample_message("account_added", "m" + std::to_string(i)));
  const auto ids = enqueue_all(*db, clock, messages);

  // The server dies right after accepting the second message.
  auto settings = smtp_settings(server);
  auto transport = std::make_unique<HookedTransport>(
      std::make_unique<mail::SmtpTransport>(mail::SmtpOptions{server.url()}), 2, [&] { server.stop(); });
  jobs::OutboxWorker worker(*db, clock, settings, std::move(transport));

  EXPECT_EQ(worker.deliver_due(), 2u);
  EXPECT_EQ(parse_maildir(server.maildir()).size(), 2u);
  std::vector<std::string> unsent;
  for (const auto& id : ids)
    if (!outbox_row(*db, id).sent_at) unsent.push_back(id);
  ASSERT_EQ(unsent.size(), 3u);
  for (const auto& id : unsent) {
    const auto row = outbox_row(*db, id);
    EXPECT_FALSE(row.failed_at);
    EXPECT_FALSE(row.claimed_until);
    EXPECT_EQ(row.attempts, 1);
    EXPECT_EQ(row.next_attempt_at, start_time + 5);  // base backoff
    ASSERT_TRUE(row.last_error);
    EXPECT_NE(row.last_error->find("127.0.0.1:" + std::to_string(port)), std::string::npos) << *row.last_error;
  }

  // Not due yet: nothing is attempted.
  clock.advance(4);
  EXPECT_EQ(worker.deliver_due(), 0u);
  EXPECT_EQ(outbox_row(*db, unsent[0]).attempts, 1);

  // Due, but the server is still down: the backoff doubles.
  clock.advance(1);
  EXPECT_EQ(worker.deliver_due(), 0u);
  for (const auto& id : unsent) {
    const auto row = outbox_row(*db, id);
    EXPECT_EQ(row.attempts, 2);
    EXPECT_EQ(row.next_attempt_at, start_time + 5 + 10);
  }

  server.start();  // the same port
  clock.advance(10);
  EXPECT_EQ(worker.deliver_due(), 3u);
  EXPECT_EQ(worker.deliver_due(), 0u);

  const auto count = arrivals(parse_maildir(server.maildir()));
  ASSERT_EQ(count.size(), 5u);
  for (const auto& id : ids) EXPECT_EQ(count.at(message_id(id)), 1) << id;
  for (const auto& id : ids) EXPECT_TRUE(outbox_row(*db, id).sent_at) << id;
}

TEST_F(SmtpDeliveryTest, ANewWorkerDeliversOnlyWhatWasNotSentYet) {
  SmtpServer server(dir.path() / "maildir", free_port());
  std::vector<std::string> ids;
  {
    jobs::OutboxWorker first(*db, clock, smtp_settings(server));
    ids = enqueue_all(*db, clock, {sample_message("admin_added", "a1"), sample_message("admin_added", "a2")});
    EXPECT_EQ(first.deliver_due(), 2u);
  }
  const auto later =
      enqueue_all(*db, clock, {sample_message("admin_added", "a3"), sample_message("admin_added", "a4")});
  ids.insert(ids.end(), later.begin(), later.end());
  // A worker claims one message and dies before sending it: its lease still holds.
  const auto claimed = db->write([&](storage::Connection& c) {
    return c.query(storage::sql::outbox::claim_due, {clock.now(), clock.now() + 600, 1, clock.now()}).one().text(0);
  });
  db.reset();  // the process is gone

  auto reopened = open_database(dir.path());
  jobs::OutboxWorker second(*reopened, clock, smtp_settings(server));
  EXPECT_EQ(second.deliver_due(), 1u);  // the unclaimed one only
  EXPECT_EQ(arrivals(parse_maildir(server.maildir())).size(), 3u);

  clock.advance(601);  // the dead worker's lease expires
  EXPECT_EQ(second.deliver_due(), 1u);
  EXPECT_EQ(second.deliver_due(), 0u);

  const auto count = arrivals(parse_maildir(server.maildir()));
  ASSERT_EQ(count.size(), 4u);
  for (const auto& id : ids) EXPECT_EQ(count.at(message_id(id)), 1) << id;
  EXPECT_EQ(outbox_row(*reopened, claimed).attempts, 2);  // the interrupted attempt counts
}

TEST_F(SmtpDeliveryTest, AnInvitationWithAQrCodeArrivesWithTheImageIntact) {
  SmtpServer server(dir.path() / "maildir", free_port());
  const std::string link = "https://portal.example.com/activate?login=bea%40example.com&c=73920184";
  mail::Message message{"account_invitation", "bea@example.com", "Activa tu app de Lineport",
                        "Hola Bea,\n\nCódigo de activación: 73920184\n.\n",
                        "<p>Escanea el código:</p><img src=\"cid:qr@lineport\">"};
  message.qr_link = link;
  enqueue_all(*db, clock, {message});
  jobs::OutboxWorker worker(*db, clock, smtp_settings(server));
  EXPECT_EQ(worker.deliver_due(), 1u);

  const auto received = parse_maildir(server.maildir());
  ASSERT_EQ(received.size(), 1u);
  const auto& m = received[0];
  EXPECT_EQ(m["defects"].size(), 0u) << m.dump(2);
  EXPECT_EQ(m["content_type"], "multipart/related");
  EXPECT_EQ(m["subject"], message.subject);
  EXPECT_EQ(m["text"], message.text);
  EXPECT_EQ(m["html"], *message.html);
  ASSERT_EQ(m["images"].size(), 1u);
  EXPECT_EQ(m["images"][0]["content_id"], "<qr@lineport>");
  EXPECT_EQ(m["images"][0]["sha256"], crypto::sha256_hex(qr::qr_png(link)));
}

}  // namespace
}  // namespace lineport::mail_test
