#include "support/test_server.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "domain/bootstrap.h"
#include "support/mail.h"

namespace lineport::testing {

TestServer::TestServer(const std::function<void(app::Config&)>& adjust) : clock_(1'790'000'000) {
  spdlog::set_level(spdlog::level::warn);  // keep test output to what matters
  const auto init =
      bootstrap::initialize(database_.db(), clock_, {"Carrier", root_email, std::string(root_password), "UTC", "en"});
  root_org_id_ = init.root_org_id;
  database_.close();

  app::Config config;
  config.db_url = database_.url();
  config.listen = "127.0.0.1:0";
  config.web_root = "/nonexistent";
  config.worker_threads = 4;
  config.db_pool_size = 4;
  mail_dir_ = make_temp_dir("lineport-mail-");
  config.mail_spool = mail_dir_;
  sms_dir_ = make_temp_dir("lineport-sms-");
  config.sms_spool = sms_dir_;
  key_dir_ = make_temp_dir("lineport-key-");
  config.secret_key_file = key_dir_ + "/secret.key";
  config.mail_poll_interval_ms = 50;
  if (adjust) adjust(config);
  app_ = std::make_unique<app::Application>(config, clock_);
  port_ = app_->listen();
  thread_ = std::thread([this] { app_->run(false); });
}

TestServer::~TestServer() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(mail_dir_, ignored);
  std::filesystem::remove_all(sms_dir_, ignored);
  std::filesystem::remove_all(key_dir_, ignored);
}

void TestServer::stop() {
  if (!thread_.joinable()) return;
  expect_counters_agree();
  app_->stop();
  thread_.join();
}

// Counters kept beside the data they count must agree with it after whatever a test did.
void TestServer::expect_counters_agree() {
  const auto by_org = [&](std::string_view sql) {
    std::map<std::string, std::int64_t> out;
    db().read([&](storage::Connection& c) {
      for (const auto& row : c.query({"test.counts", sql}).rows)
        if (row.integer(1) != 0) out[row.text(0)] = row.integer(1);
    });
    return out;
  };
  EXPECT_EQ(by_org("SELECT org_id || ':' || status || ':' || invitation_status || ':' || permission_group_id, count "
                   "FROM account_counts"),
            by_org("SELECT org_id || ':' || status || ':' || invitation_status || ':' || "
                   "COALESCE(permission_group_id, ''), COUNT(*) FROM accounts "
                   "GROUP BY org_id, status, invitation_status, COALESCE(permission_group_id, '')"))
      << "account_counts disagree with the accounts";
  EXPECT_EQ(
      by_org("SELECT org_id || ':' || series || ':' || status, count FROM number_series_counts"),
      by_org("SELECT org_id || ':' || series || ':' || status, COUNT(*) FROM numbers GROUP BY org_id, series, status"))
      << "number_series_counts disagree with the numbers";
  EXPECT_EQ(by_org("SELECT org_id || ':' || status, count FROM number_counts"),
            by_org("SELECT org_id || ':' || status, COUNT(*) FROM numbers GROUP BY org_id, status"))
      << "number_counts disagree with the numbers";
  for (const std::string span : {"86400", "3600"})
    EXPECT_EQ(by_org("SELECT org_id || ':' || start || ':' || action || ':' || activity_type, count "
                     "FROM audit_counts WHERE span = " +
                     span),
              by_org("SELECT org_id || ':' || (at - at % " + span + ") || ':' || action || ':' || activity_type, " +
                     "COUNT(*) FROM audit_log WHERE org_id IS NOT NULL GROUP BY org_id, at - at % " + span +
                     ", action, activity_type"))
        << "audit_counts of span " << span << " disagree with the audit log";
  for (const std::string span : {"86400", "3600"})
    EXPECT_EQ(by_org("SELECT org_id || ':' || start, count FROM account_created_counts WHERE span = " + span),
              by_org("SELECT org_id || ':' || (created_at - created_at % " + span + "), COUNT(*) FROM accounts " +
                     "GROUP BY org_id, created_at - created_at % " + span))
        << "account_created_counts of span " << span << " disagree with the accounts";
  if (db().backend() != storage::Backend::sqlite) return;  // PostgreSQL's text index is its own
  EXPECT_EQ(by_org("SELECT 'accounts', COUNT(*) FROM accounts UNION ALL "
                   "SELECT 'indexed as they are', COUNT(*) FROM accounts a JOIN account_search s "
                   "ON s.rowid = a.search_rowid AND s.account_id = a.id "
                   "AND s.text = a.search_text || ' ' || COALESCE(a.multiline_number, '') UNION ALL "
                   "SELECT 'index rows', COUNT(*) FROM account_search"),
            by_org("SELECT 'accounts', COUNT(*) FROM accounts UNION ALL "
                   "SELECT 'indexed as they are', COUNT(*) FROM accounts UNION ALL "
                   "SELECT 'index rows', COUNT(*) FROM accounts"))
      << "the text index disagrees with the accounts";
  db().write([](storage::Connection& c) {  // and the index with what it holds
    c.execute({"test.search_integrity", "INSERT INTO account_search (account_search) VALUES ('integrity-check')"});
  });
}

std::vector<std::string> TestServer::wait_for_mail(std::size_t count) const {
  std::vector<std::string> messages;
  for (int attempt = 0; attempt < 200; ++attempt) {
    std::vector<std::filesystem::directory_entry> files;
    for (const auto& entry : std::filesystem::directory_iterator(mail_dir_))
      if (entry.path().extension() == ".eml") files.push_back(entry);
    if (files.size() >= count) {
      std::sort(files.begin(), files.end(),
                [](const auto& a, const auto& b) { return a.last_write_time() < b.last_write_time(); });
      for (const auto& f : files) {
        std::ifstream in(f.path());
        messages.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      }
      return messages;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return messages;
}

std::string TestServer::wait_for_message(const std::string& to, const std::string& event, std::size_t nth) const {
  for (int attempt = 0; attempt < 200; ++attempt) {
    std::size_t seen = 0;
    for (const auto& m : wait_for_mail(0)) {
      if (mail_event(m) == event && mail_recipient(m).find(to) != std::string::npos && ++seen == nth) return m;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return "";
}

HttpClient TestServer::root_client() const {
  HttpClient c = client();
  c.sign_in(root_email, root_password);
  return c;
}

HttpClient TestServer::admin_with_privileges(const std::string& org_id, const nlohmann::json& privileges,
                                             const std::string& email) {
  HttpClient root = root_client();
  const auto role =
      root.post("/api/v1/orgs/" + org_id + "/roles", {{"name", "Role of " + email}, {"privileges", privileges}});
  EXPECT_EQ(role.status, 201) << role.body;
  const std::string password = "password-of-" + email;
  const auto id = add_admin(org_id, email, password);
  const auto moved = root.patch("/api/v1/admins/" + id, {{"role_id", role.json()["id"]}});
  EXPECT_EQ(moved.status, 200) << moved.body;
  HttpClient c = client();
  EXPECT_EQ(c.sign_in(email, password).status, 200);
  return c;
}

void TestServer::give_numbers(const std::string& org_id, int count) {
  HttpClient root = root_client();
  nlohmann::json list = nlohmann::json::array();
  for (int i = 0; i < count; ++i) list.push_back("+1212555" + std::to_string(1000 + i));
  const auto imported = root.post("/api/v1/orgs/" + root_org_id_ + "/numbers", {{"numbers", list}});
  EXPECT_EQ(imported.status, 200) << imported.body;
  const auto allocated =
      root.post("/api/v1/orgs/" + root_org_id_ + "/numbers/allocate", {{"to_org_id", org_id}, {"count", count}});
  EXPECT_EQ(allocated.status, 200) << allocated.body;
}

std::string TestServer::add_admin(const std::string& org_id, const std::string& email, const std::string& password,
                                  bool must_change) {
  return db().write([&](storage::Connection& conn) {
    const auto role = bootstrap::built_in_role_id(conn, bootstrap::super_admin_role);
    return bootstrap::insert_admin(conn, clock_, org_id, role, email, "Test", "Admin", password, must_change);
  });
}

std::string add_child_org(HttpClient& as, const std::string& parent, const std::string& name) {
  const auto r = as.post("/api/v1/orgs/" + parent + "/children", {{"name", name}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json()["id"];
}

}  // namespace lineport::testing
