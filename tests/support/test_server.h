#pragma once
// A whole Lineport server for one test: a fresh database, the real application on a free port,
// served from a background thread, with a clock the test can move.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "app/application.h"
#include "support/http_client.h"
#include "support/test_database.h"
#include "util/clock.h"

namespace lineport::testing {

inline constexpr const char* root_email = "root@carrier.example";
inline constexpr const char* root_password = "root-password-0001";

// Creates the organization `name` under `parent` as `as` (expects 201) and returns its id.
std::string add_child_org(HttpClient& as, const std::string& parent, const std::string& name);

class TestServer {
 public:
  // `adjust` may change the configuration (rate limits, web root, ...) before the start.
  explicit TestServer(const std::function<void(app::Config&)>& adjust = {});
  ~TestServer();

  std::uint16_t port() const { return port_; }
  HttpClient client() const { return HttpClient(port_); }
  // A client signed in as the root super administrator (password already set).
  HttpClient root_client() const;
  ManualClock& clock() { return clock_; }
  storage::Database& db() { return app_->database(); }
  app::Application& app() { return *app_; }
  const std::string& root_org_id() const { return root_org_id_; }
  const std::string& db_url() const { return database_.url(); }
  // Where the server writes outgoing mail (one .eml file per message).
  const std::string& mail_dir() const { return mail_dir_; }
  // The file holding the server's secret key.
  std::string secret_key_file() const { return key_dir_ + "/secret.key"; }
  // Where the server writes outgoing text messages (one .json file per SMS).
  const std::string& sms_dir() const { return sms_dir_; }

  // Creates an administrator directly in the database (until the admin API exists).
  std::string add_admin(const std::string& org_id, const std::string& email, const std::string& password,
                        bool must_change = false);

  // A signed-in administrator of `org_id` (password set) whose role, defined there by the root's
  // super administrator, holds exactly `privileges`.
  HttpClient admin_with_privileges(const std::string& org_id, const nlohmann::json& privileges,
                                   const std::string& email);

  // Waits (up to 10 s) until at least `count` messages were delivered to the spool and returns
  // all of them (raw RFC 5322 text), oldest first.
  std::vector<std::string> wait_for_mail(std::size_t count) const;
  // Waits (up to 10 s) for the `nth` message with this event to a recipient containing `to`;
  // "" when it never comes.
  std::string wait_for_message(const std::string& to, const std::string& event, std::size_t nth = 1) const;

  // Imports `count` numbers (+12125551000 upwards) at the root and allocates them all to
  // `org_id`, a child of the root, through the API as the root's super administrator.
  void give_numbers(const std::string& org_id, int count);

  // Stops serving; first checks that the stored counters agree with what they count.
  void stop();

 private:
  void expect_counters_agree();
  TestDatabase database_;
  std::string mail_dir_;
  std::string sms_dir_;
  std::string key_dir_;
  ManualClock clock_;
  std::unique_ptr<app::Application> app_;
  std::thread thread_;
  std::uint16_t port_ = 0;
  std::string root_org_id_;
};

}  // namespace lineport::testing
