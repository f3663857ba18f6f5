#pragma once
// The composition root: builds every component from the configuration, wires them together and
// owns them. Nothing else constructs services.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/config.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::app {

class Application {
 public:
  // Opens the database and applies pending migrations. `clock` must outlive the application.
  Application(const Config& config, const Clock& clock);
  ~Application();

  // Binds the listening socket; returns the port (useful with port 0).
  std::uint16_t listen();
  // Serves until stop() or, with handle_signals, SIGINT/SIGTERM. Blocks.
  void run(bool handle_signals);
  void stop();

  storage::Database& database();
  // Every route and what it requires, for the OpenAPI and authorization tests.
  struct RouteInfo {
    std::string method;
    std::string pattern;
    bool open = false;                    // no credentials needed
    std::vector<std::string> privileges;  // any one of them; empty: any signed-in admin
    std::string org_param;                // path parameter checked against the caller's subtree
  };
  std::vector<RouteInfo> route_table() const;

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

// "127.0.0.1:8080" → host and port; throws std::invalid_argument when malformed.
std::pair<std::string, std::uint16_t> parse_listen_address(const std::string& listen);

}  // namespace lineport::app
