#pragma once
// A whole Lineport server for one test: a fresh database, the real application on a free port,
// served from a background thread, with a clock the test can move.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "app/application.h"
#include "support/http_client.h"
#include "support/test_database.h"
#include "util/clock.h"

namespace lineport::testing {

inline constexpr const char* root_email = "root@carrier.example";
inline constexpr const char* root_password = "root-password-0001";

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

  // Creates an administrator directly in the database (until the admin API exists).
  std::string add_admin(const std::string& org_id, const std::string& email, const std::string& password,
                        bool must_change = false);

  void stop();

 private:
  TestDatabase database_;
  ManualClock clock_;
  std::unique_ptr<app::Application> app_;
  std::thread thread_;
  std::uint16_t port_ = 0;
  std::string root_org_id_;
};

}  // namespace lineport::testing
