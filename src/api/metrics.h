#pragma once
// GET /metrics (docs/operations.md#metrics): what this server has answered and how fast, its
// rate-limit refusals, its database pool, and the work waiting in the database's queues, in the
// Prometheus text format, for the addresses the operator allows (--metrics-allow).

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "storage/database.h"
#include "util/clock.h"

namespace lineport::api {

// An address block, e.g. 10.0.0.0/8 or ::1 (a single address is a block of one).
struct AddressBlock {
  std::array<std::uint8_t, 16> bytes{};  // IPv4 as an IPv4-mapped IPv6 address
  int prefix = 128;
  // Throws std::invalid_argument naming what is wrong.
  static AddressBlock parse(std::string_view text);
  bool contains(std::string_view address) const;
};

// "a,b/n,…" → the blocks; empty text allows nobody. Throws std::invalid_argument.
std::vector<AddressBlock> parse_address_blocks(std::string_view text);

class ServerMetrics {
 public:
  // The latency histogram's upper bounds, in seconds.
  static constexpr std::array<double, 13> buckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                     0.25,  0.5,    1,     2.5,  5,     10};

  explicit ServerMetrics(std::vector<AddressBlock> allowed, const Clock& clock);

  // One answered request. `route` is the route's template ("/api/v1/orgs/{id}"), never the path
  // as sent, so a stranger's made-up paths and methods add no series.
  void observe(std::string_view method, std::string_view route, int status, double seconds);
  // A request refused by the general rate limit: `limit` is "address" or "identity".
  void refused_by_rate_limit(std::string_view limit);

  bool allows(std::string_view client_address) const;
  // The exposition: this process's counters, `db`'s pool, and its queues read now.
  std::string render(storage::Database& db) const;

 private:
  struct Series {
    std::map<int, std::uint64_t> by_status;
    std::array<std::uint64_t, buckets.size()> at_most{};  // per bucket, not cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };

  // Orders (method, route) keys held as strings and looked up as string_views alike.
  struct ByMethodAndRoute {
    using is_transparent = void;
    static std::pair<std::string_view, std::string_view> view(const auto& key) {
      return {std::get<0>(key), std::get<1>(key)};
    }
    bool operator()(const auto& a, const auto& b) const { return view(a) < view(b); }
  };

  std::vector<AddressBlock> allowed_;
  const Clock& clock_;
  const std::int64_t started_;  // Unix seconds
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string>, Series, ByMethodAndRoute> requests_;  // by (method, route)
  std::map<std::string, std::uint64_t, std::less<>> refusals_;
};

}  // namespace lineport::api
