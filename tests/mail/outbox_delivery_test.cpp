// The outbox and its worker without an SMTP server: the spool, retries, giving up, the
// background thread, and the transaction that carries a message.

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "jobs/outbox_worker.h"
#include "mail/mail_test_support.h"
#include "mail/spool_transport.h"
#include "mail/templates.h"
#include "storage/queries/outbox.h"

namespace lineport::mail_test {
namespace fs = std::filesystem;
namespace {

constexpr UnixSeconds start_time = 1767225600;

jobs::MailSettings spool_settings(const fs::path& spool) {
  jobs::MailSettings s;
  s.spool_dir = spool.string();
  s.from = "Lineport <no-reply@lineport.test>";
  return s;
}

std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Not a std::exception: escapes the worker like a crash would, leaving its claims behind.
struct Crash {};

// Delivers to a real transport, then "crashes" after the n-th message is out but before the
// worker can mark it sent.
class CrashingTransport final : public mail::Transport {
 public:
  CrashingTransport(std::unique_ptr<mail::Transport> inner, int n) : inner_(std::move(inner)), remaining_(n) {}
  void send(const mail::OutgoingMail& mail) override {
    inner_->send(mail);
    if (--remaining_ == 0) throw Crash{};
  }
  std::string describe() const override { return "crashing " + inner_->describe(); }
  std::int64_t longest_send_seconds() const override { return inner_->longest_send_seconds(); }

 private:
  std::unique_ptr<mail::Transport> inner_;
  int remaining_;
};

// Fails every message; counts the attempts.
class FailingTransport final : public mail::Transport {
 public:
  explicit FailingTransport(bool permanent = false) : permanent_(permanent) {}
  void send(const mail::OutgoingMail&) override {
    ++calls;
    if (permanent_) throw std::invalid_argument("cannot build this message");
    throw mail::DeliveryError("connection refused");
  }
  std::string describe() const override { return "failing"; }
  std::int64_t longest_send_seconds() const override { return 1; }
  std::atomic<int> calls{0};

 private:
  bool permanent_;
};

class OutboxDeliveryTest : public ::testing::Test {
 protected:
  TempDir dir;
  ManualClock clock{start_time};
  std::unique_ptr<storage::Database> db = open_database(dir.path());
  fs::path spool = dir.path() / "spool";

  std::int64_t count(const storage::Query& q) {
    return db->read([&](storage::Connection& c) { return c.query(q).one().integer(0); });
  }
};

TEST_F(OutboxDeliveryTest, TheSpoolHoldsOneParseableEmlPerMessage) {
  const nlohmann::json values = {{"first_name", "Ana <Admin>"},
                                 {"org_name", "Señales & Co"},
                                 {"login", "ana@example.com"},
                                 {"password", "Xk7#pQ2m!Lw9zR4t"},
                                 {"portal_url", "https://portal.example.com/"}};
  const std::vector<mail::Message> messages = {
      mail::render("admin_invitation", "en", "ana@example.com", values),
      mail::render(
          "password_reset", "es", "bea@example.com",
          {{"first_name", "Bea"}, {"reset_link", "https://portal.example.com/reset/xyz"}, {"expires_minutes", 30}}),
      sample_message("batch_operations_report", "plain"),
  };
  const auto ids = enqueue_all(*db, clock, messages);
  jobs::OutboxWorker worker(*db, clock, spool_settings(spool));
  EXPECT_EQ(worker.deliver_due(), 3u);

  EXPECT_EQ(files_in(spool), (std::set<std::string>{ids[0] + ".eml", ids[1] + ".eml", ids[2] + ".eml"}));
  const auto parsed = parse_spool(spool);
  ASSERT_EQ(parsed.size(), 3u);
  for (const auto& m : parsed) {
    const std::string id = fs::path(m["path"].get<std::string>()).stem().string();
    const auto i = static_cast<std::size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
    ASSERT_LT(i, ids.size());
    EXPECT_EQ(m["message_id"], "<" + id + "@lineport>");
    EXPECT_EQ(m["event"], messages[i].event);
    EXPECT_EQ(m["subject"], messages[i].subject);
    EXPECT_EQ(m["to"], messages[i].to);
    EXPECT_EQ(m["text"], messages[i].text);
    EXPECT_EQ(m["date"], "Thu, 01 Jan 2026 00:00:00 +0000");
    EXPECT_EQ(m["defects"].size(), 0u) << m.dump(2);
    if (messages[i].html) {
      EXPECT_EQ(m["html"], *messages[i].html);
    }
  }
  EXPECT_EQ(parsed[0]["subject"].get<std::string>().find('\n'), std::string::npos);
  EXPECT_EQ(fs::status(spool / (ids[0] + ".eml")).permissions() & fs::perms::others_read, fs::perms::none);

  // Sent bodies do not stay in the database: they may hold passwords.
  db->read([&](storage::Connection& c) {
    static constexpr storage::Query bodies{"test.bodies", "SELECT body_text, body_html FROM outbox WHERE id = $1"};
    const auto r = c.query(bodies, {ids[0]}).one();
    EXPECT_EQ(r.text(0), "");
    EXPECT_TRUE(r.is_null(1));
  });
}

TEST_F(OutboxDeliveryTest, WritingTheSameMessageTwiceLeavesOneFile) {
  mail::SpoolTransport spooler(spool);
  const mail::OutgoingMail mail{"01jspooltest0001", "no-reply@lineport.test", start_time,
                                sample_message("account_added", "twice")};
  spooler.send(mail);
  const std::string first = read_file(spooler.path_for(mail.id));
  spooler.send(mail);
  EXPECT_EQ(files_in(spool), (std::set<std::string>{"01jspooltest0001.eml"}));
  EXPECT_EQ(read_file(spooler.path_for(mail.id)), first);
}

TEST_F(OutboxDeliveryTest, ACrashBetweenSendAndMarkResendsOnceIntoTheSameFile) {
  const auto ids = enqueue_all(*db, clock,
                               {sample_message("account_added", "c1"), sample_message("account_added", "c2"),
                                sample_message("account_added", "c3")});
  {
    // Writes c1 and c2, then dies before marking c2: c2 and c3 stay claimed.
    jobs::OutboxWorker crashing(*db, clock, spool_settings(spool),
                                std::make_unique<CrashingTransport>(std::make_unique<mail::SpoolTransport>(spool), 2));
    EXPECT_THROW(crashing.deliver_due(), Crash);
  }
  int sent = 0, claimed = 0;
  for (const auto& id : ids) {
    const auto row = outbox_row(*db, id);
    sent += row.sent_at ? 1 : 0;
    claimed += !row.sent_at && row.claimed_until ? 1 : 0;
  }
  EXPECT_EQ(sent, 1);
  EXPECT_EQ(claimed, 2);  // one of them is already in the spool
  EXPECT_EQ(files_in(spool).size(), 2u);

  jobs::OutboxWorker next(*db, clock, spool_settings(spool));
  EXPECT_EQ(next.deliver_due(), 0u);  // the claims are still leased
  clock.advance(3600);
  EXPECT_EQ(next.deliver_due(), 2u);  // c2 again (same file) and c3
  EXPECT_EQ(files_in(spool), (std::set<std::string>{ids[0] + ".eml", ids[1] + ".eml", ids[2] + ".eml"}));
  EXPECT_EQ(parse_spool(spool).size(), 3u);
  EXPECT_EQ(count(storage::sql::outbox::count_pending), 0);
}

TEST_F(OutboxDeliveryTest, FailuresBackOffThenGiveUpAfterMaxAttempts) {
  const auto ids = enqueue_all(*db, clock, {sample_message("account_deleted", "f1")});
  auto settings = spool_settings(spool);
  settings.max_attempts = 3;
  settings.base_backoff_seconds = 7;
  auto failing = std::make_unique<FailingTransport>();
  auto* transport = failing.get();
  jobs::OutboxWorker worker(*db, clock, settings, std::move(failing));

  EXPECT_EQ(worker.deliver_due(), 0u);
  auto row = outbox_row(*db, ids[0]);
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.next_attempt_at, start_time + 7);
  EXPECT_EQ(row.last_error, "connection refused");
  EXPECT_FALSE(row.failed_at);

  clock.advance(7);
  worker.deliver_due();
  row = outbox_row(*db, ids[0]);
  EXPECT_EQ(row.attempts, 2);
  EXPECT_EQ(row.next_attempt_at, start_time + 7 + 14);

  clock.advance(14);
  worker.deliver_due();
  row = outbox_row(*db, ids[0]);
  EXPECT_EQ(row.attempts, 3);
  EXPECT_EQ(row.failed_at, start_time + 21);
  EXPECT_EQ(count(storage::sql::outbox::count_failed), 1);
  EXPECT_EQ(count(storage::sql::outbox::count_pending), 0);

  clock.advance(86400);
  worker.deliver_due();
  EXPECT_EQ(transport->calls, 3);  // never tried again
}

// A worker whose lease ran out while it tried a message, which another worker (another server)
// claimed meanwhile, records neither its failure nor its giving up over the other's claim:
// clearing that claim would let a third worker send the message while the second still is.
TEST_F(OutboxDeliveryTest, AWorkerWhoseLeaseRanOutLeavesTheMessageToTheWorkerThatClaimedItSince) {
  // Fails (for good when `permanent`) after the clock passed the lease and another server claimed.
  class OvertakenTransport final : public mail::Transport {
   public:
    OvertakenTransport(storage::Database& db, ManualClock& clock, bool permanent)
        : db_(db), clock_(clock), permanent_(permanent) {}
    void send(const mail::OutgoingMail&) override {
      clock_.advance(3600);
      const std::int64_t now = clock_.now();
      other_lease = now + 600;
      db_.write([&](storage::Connection& c) {
        ASSERT_EQ(c.query(storage::sql::outbox::claim_due, {now, other_lease, 10, now}).rows.size(), 1u);
      });
      if (permanent_) throw mail::PermanentDeliveryError("550 no such mailbox");
      throw mail::DeliveryError("connection timed out");
    }
    std::string describe() const override { return "overtaken"; }
    std::int64_t longest_send_seconds() const override { return 1; }
    std::int64_t other_lease = 0;

   private:
    storage::Database& db_;
    ManualClock& clock_;
    bool permanent_;
  };
  for (const bool permanent : {false, true}) {
    const auto ids = enqueue_all(*db, clock, {sample_message("account_deleted", permanent ? "p" : "t")});
    auto overtaken = std::make_unique<OvertakenTransport>(*db, clock, permanent);
    auto* transport = overtaken.get();
    jobs::OutboxWorker worker(*db, clock, spool_settings(spool), std::move(overtaken));
    EXPECT_EQ(worker.deliver_due(), 0u);
    const auto row = outbox_row(*db, ids[0]);
    EXPECT_EQ(row.claimed_until, transport->other_lease) << "the other worker's claim stands";
    EXPECT_FALSE(row.failed_at) << permanent;
    EXPECT_FALSE(row.last_error) << permanent;
    EXPECT_EQ(row.attempts, 2);
    EXPECT_EQ(count(storage::sql::outbox::count_pending), 1);
    db->write([&](storage::Connection& c) {
      c.execute(storage::sql::outbox::mark_sent, {ids[0], static_cast<std::int64_t>(clock.now())});
    });
  }
}

TEST_F(OutboxDeliveryTest, AMessageThatCannotBeBuiltFailsAtOnce) {
  const auto ids = enqueue_all(*db, clock, {sample_message("account_deleted", "p1")});
  jobs::OutboxWorker worker(*db, clock, spool_settings(spool), std::make_unique<FailingTransport>(true));
  worker.deliver_due();
  const auto row = outbox_row(*db, ids[0]);
  EXPECT_EQ(row.attempts, 1);
  EXPECT_EQ(row.failed_at, start_time);
}

TEST_F(OutboxDeliveryTest, RetentionDeletesOnlyMessagesSentBeforeTheCutoff) {
  // Sent on day 0: two messages. Given up on, on day 0: one. Sent on day 5: one. Not sent: one.
  enqueue_all(*db, clock, {sample_message("account_added", "a"), sample_message("account_added", "b")});
  jobs::OutboxWorker(*db, clock, spool_settings(spool)).deliver_due();
  const auto dead = enqueue_all(*db, clock, {sample_message("account_deleted", "d")});
  jobs::OutboxWorker(*db, clock, spool_settings(spool), std::make_unique<FailingTransport>(true)).deliver_due();
  clock.advance(5 * 86400);
  const auto later = enqueue_all(*db, clock, {sample_message("account_added", "c")});
  jobs::OutboxWorker(*db, clock, spool_settings(spool)).deliver_due();
  clock.advance(60);  // due in a minute: not attempted yet
  const auto waiting = enqueue_all(*db, clock, {sample_message("account_added", "w")});
  db->write([&](storage::Connection& c) {
    static constexpr storage::Query later_due{"test.later_due", "UPDATE outbox SET next_attempt_at = $2 WHERE id = $1"};
    c.execute(later_due, {waiting[0], static_cast<std::int64_t>(clock.now() + 60)});
  });

  EXPECT_EQ(mail::delete_sent_before(*db, start_time + 86400), 2);
  static constexpr storage::Query ids_left{"test.ids_left", "SELECT id FROM outbox ORDER BY id"};
  const auto left = db->read([&](storage::Connection& c) { return c.query(ids_left).rows; });
  std::set<std::string> kept;
  for (const auto& r : left) kept.insert(r.text(0));
  EXPECT_EQ(kept, (std::set<std::string>{dead[0], later[0], waiting[0]}));
  EXPECT_EQ(mail::delete_sent_before(*db, start_time + 86400), 0);
}

// An invitation stored as values: the renderer of the test builds its text from them.
mail::Message to_render(const std::string& name) {
  mail::Message m;
  m.event = "account_invitation";
  m.to = "ana@example.com";
  m.ref = "account_invitation:a1:1";
  m.template_data = nlohmann::json{{"name", name}}.dump();
  return m;
}

mail::Message render_greeting(storage::Connection& c, const mail::Message& stored) {
  // Rendering reads the database (in the tests, that it can).
  static constexpr storage::Query one{"test.one", "SELECT 1"};
  EXPECT_EQ(c.query(one).one().integer(0), 1);
  const auto data = nlohmann::json::parse(*stored.template_data);
  if (!data.contains("name")) throw std::invalid_argument("no name to render");
  mail::Message out;
  out.subject = "Welcome";
  out.text = "Hello " + data["name"].get<std::string>() + "\nToken: rendered\n";
  out.html = "<p>Hello</p>";
  return out;
}

mail::Message to_render_without_name() {
  auto m = to_render("");
  m.template_data = R"({"first_name":"Ana"})";
  return m;
}

std::optional<std::string> template_data_of(storage::Database& db, const std::string& id) {
  static constexpr storage::Query q{"test.template_data", "SELECT template_data FROM outbox WHERE id = $1"};
  return db.read([&](storage::Connection& c) { return c.query(q, {id}).one().opt_text(0); });
}

TEST_F(OutboxDeliveryTest, AMessageStoredAsValuesIsRenderedWhenSentAndTheValuesErased) {
  const auto ids = enqueue_all(*db, clock, {to_render("Ana Silva")});
  ASSERT_TRUE(template_data_of(*db, ids[0]));
  jobs::OutboxWorker worker(*db, clock, spool_settings(spool));
  worker.on_render("account_invitation", render_greeting);
  EXPECT_EQ(worker.deliver_due(), 1u);
  const auto mail = read_file(spool / (ids[0] + ".eml"));
  EXPECT_NE(mail.find("Hello Ana Silva"), std::string::npos) << mail;
  EXPECT_NE(mail.find("Subject: Welcome"), std::string::npos);
  EXPECT_NE(mail.find("X-Lineport-Event: account_invitation"), std::string::npos);
  EXPECT_TRUE(outbox_row(*db, ids[0]).sent_at);
  EXPECT_FALSE(template_data_of(*db, ids[0]));  // it may hold an activation code
}

TEST_F(OutboxDeliveryTest, AMessageThatCannotBeRenderedDiesAtOnceWithItsDeadLetterHandler) {
  // One without the value its renderer needs, one that renders to a subject that injects a header.
  const auto ids = enqueue_all(*db, clock, {to_render_without_name(), to_render("Eve")});
  jobs::OutboxWorker worker(*db, clock, spool_settings(spool));
  std::vector<std::string> dead;
  worker.on_dead_letter([&](storage::Connection&, const jobs::DeadMessage& m) { dead.push_back(m.id); });
  worker.on_render("account_invitation", [](storage::Connection& c, const mail::Message& stored) {
    auto out = render_greeting(c, stored);
    out.subject = "Hi\r\nBcc: eve@example.com";  // what it renders to is validated too
    return out;
  });
  EXPECT_EQ(worker.deliver_due(), 0u);
  for (const auto& id : ids) {
    const auto row = outbox_row(*db, id);
    EXPECT_EQ(row.attempts, 1);
    EXPECT_EQ(row.failed_at, start_time);
    EXPECT_NE(row.last_error.value_or("").find("cannot render"), std::string::npos) << row.last_error.value_or("");
  }
  EXPECT_EQ(dead.size(), 2u);
  EXPECT_TRUE(files_in(spool).empty());
}

// A message given up on keeps what the operator needs (recipient, subject, error), not what it
// carried: a password, a PIN, a reset link or an activation code.
TEST_F(OutboxDeliveryTest, AMessageGivenUpOnKeepsNoSecret) {
  auto with_password = sample_message("account_deleted", "p2");
  with_password.text = "Your password is Secret-Passw0rd-42";
  with_password.html = "<p>Your password is Secret-Passw0rd-42</p>";
  const auto ids = enqueue_all(*db, clock, {with_password, to_render("Ana")});
  ASSERT_TRUE(template_data_of(*db, ids[1]));
  jobs::OutboxWorker worker(*db, clock, spool_settings(spool), std::make_unique<FailingTransport>(true));
  worker.on_render("account_invitation", render_greeting);
  worker.deliver_due();
  for (const auto& id : ids) {
    const auto row = outbox_row(*db, id);
    EXPECT_EQ(row.failed_at, start_time);
    EXPECT_EQ(row.last_error, "cannot build this message");
    db->read([&](storage::Connection& c) {
      static constexpr storage::Query kept{"test.kept",
                                           "SELECT body_text, body_html, template_data, recipient, "
                                           "subject FROM outbox WHERE id = $1"};
      const auto r = c.query(kept, {id}).one();
      EXPECT_EQ(r.text(0), "") << id;
      EXPECT_TRUE(r.is_null(1)) << id;
      EXPECT_TRUE(r.is_null(2)) << id;
      EXPECT_FALSE(r.text(3).empty());
    });
  }
}

TEST_F(OutboxDeliveryTest, WithoutARendererAMessageWaitsForAWorkerThatHasOne) {
  const auto ids = enqueue_all(*db, clock, {to_render("Ana")});
  {
    jobs::OutboxWorker without(*db, clock, spool_settings(spool));
    EXPECT_EQ(without.deliver_due(), 0u);
  }
  auto row = outbox_row(*db, ids[0]);
  EXPECT_FALSE(row.failed_at);
  EXPECT_GT(row.next_attempt_at, start_time);
  EXPECT_NE(row.last_error.value_or("").find("no renderer"), std::string::npos);

  clock.advance(3600);
  jobs::OutboxWorker with(*db, clock, spool_settings(spool));
  with.on_render("account_invitation", render_greeting);
  EXPECT_EQ(with.deliver_due(), 1u);
}

TEST_F(OutboxDeliveryTest, AMessageExistsOnlyIfItsTransactionCommits) {
  EXPECT_THROW(db->write([&](storage::Connection& c) {
    mail::enqueue(c, clock, sample_message("account_added", "rolled-back"));
    throw std::runtime_error("the change that caused it failed");
  }),
               std::runtime_error);
  // A refused message fails the whole transaction, including what came before it.
  EXPECT_THROW(db->write([&](storage::Connection& c) {
    mail::enqueue(c, clock, sample_message("account_added", "first"));
    auto bad = sample_message("account_added", "second");
    bad.subject = "Hi\r\nBcc: eve@example.com";
    mail::enqueue(c, clock, bad);
  }),
               std::invalid_argument);
  EXPECT_EQ(count(storage::sql::outbox::count_pending), 0);

  jobs::OutboxWorker worker(*db, clock, spool_settings(spool));
  EXPECT_EQ(worker.deliver_due(), 0u);
  EXPECT_TRUE(files_in(spool).empty());
}

TEST_F(OutboxDeliveryTest, TheBackgroundThreadDeliversAndStopsPromptly) {
  SystemClock system_clock;
  auto settings = spool_settings(spool);
  settings.poll_interval_ms = 20;
  jobs::OutboxWorker worker(*db, system_clock, settings);
  worker.start();
  const auto ids = enqueue_all(*db, system_clock, {sample_message("privacy_resumed", "bg1")});
  worker.wake();
  EXPECT_TRUE(eventually([&] { return fs::exists(spool / (ids[0] + ".eml")); }));
  const auto more = enqueue_all(*db, system_clock, {sample_message("privacy_resumed", "bg2")});
  EXPECT_TRUE(eventually([&] { return fs::exists(spool / (more[0] + ".eml")); }));
  EXPECT_TRUE(eventually([&] { return count(storage::sql::outbox::count_pending) == 0; }));

  const auto before = std::chrono::steady_clock::now();
  worker.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(2));
  worker.stop();  // twice is fine
}

TEST_F(OutboxDeliveryTest, StoppingMidBatchHandsBackTheRestAndLosesNothing) {
  std::vector<mail::Message> messages;
  for (int i = 0; i < 6; ++i) messages.push_back(sample_message("account_moved", "s" + std::to_string(i)));
  const auto ids = enqueue_all(*db, clock, messages);

  // Slows sending down so stop() lands in the middle of the batch.
  class SlowTransport final : public mail::Transport {
   public:
    explicit SlowTransport(fs::path dir) : inner_(std::move(dir)) {}
    void send(const mail::OutgoingMail& mail) override {
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
      inner_.send(mail);
    }
    std::string describe() const override { return "slow"; }
    std::int64_t longest_send_seconds() const override { return 1; }

   private:
    mail::SpoolTransport inner_;
  };
  jobs::OutboxWorker worker(*db, clock, spool_settings(spool), std::make_unique<SlowTransport>(spool));
  worker.start();
  EXPECT_TRUE(eventually([&] { return !files_in(spool).empty(); }));
  worker.stop();

  // Every message is either sent or free for the next pass, with no attempt counted.
  for (const auto& id : ids) {
    const auto row = outbox_row(*db, id);
    if (row.sent_at) continue;
    EXPECT_FALSE(row.claimed_until) << id;
    EXPECT_EQ(row.attempts, 0) << id;
  }
  worker.deliver_due();
  EXPECT_EQ(files_in(spool).size(), 6u);
  EXPECT_EQ(count(storage::sql::outbox::count_pending), 0);
}

TEST_F(OutboxDeliveryTest, SettingsAreChecked) {
  auto settings = spool_settings(spool);
  settings.from = "Lineport <no-reply@lineport.test>\r\nBcc: eve@example.com";
  EXPECT_THROW(jobs::OutboxWorker(*db, clock, settings), std::invalid_argument);
  settings = spool_settings(spool);
  settings.smtp_url = "smtp://127.0.0.1:2525";
  EXPECT_THROW(jobs::OutboxWorker(*db, clock, settings), std::invalid_argument);
}

}  // namespace
}  // namespace lineport::mail_test
