#include "support/test_server.h"

#include <spdlog/spdlog.h>

#include "domain/bootstrap.h"

namespace lineport::testing {

TestServer::TestServer(const std::function<void(app::Config&)>& adjust) : clock_(1'790'000'000) {
  spdlog::set_level(spdlog::level::warn);  // keep test output to what matters
  const auto init = bootstrap::initialize(database_.db(), clock_,
                                          {"Carrier", root_email, std::string(root_password), "UTC", "en"});
  root_org_id_ = init.root_org_id;
  database_.close();

  app::Config config;
  config.db_url = database_.url();
  config.listen = "127.0.0.1:0";
  config.web_root = "/nonexistent";
  config.worker_threads = 4;
  config.db_pool_size = 4;
  if (adjust) adjust(config);
  app_ = std::make_unique<app::Application>(config, clock_);
  port_ = app_->listen();
  thread_ = std::thread([this] { app_->run(false); });
}

TestServer::~TestServer() { stop(); }

void TestServer::stop() {
  if (!thread_.joinable()) return;
  app_->stop();
  thread_.join();
}

HttpClient TestServer::root_client() const {
  HttpClient c = client();
  c.sign_in(root_email, root_password);
  return c;
}

std::string TestServer::add_admin(const std::string& org_id, const std::string& email, const std::string& password,
                                  bool must_change) {
  return db().write([&](storage::Connection& conn) {
    const auto role = bootstrap::built_in_role_id(conn, bootstrap::super_admin_role);
    return bootstrap::insert_admin(conn, clock_, org_id, role, email, "Test", "Admin", password, must_change);
  });
}

}  // namespace lineport::testing
