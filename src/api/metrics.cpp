#include "api/metrics.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <fstream>
#include <stdexcept>

#include "storage/queries/metrics.h"
#include "util/text.h"

namespace lineport::api {
namespace {

namespace sql = storage::sql::metrics;

// The 16 bytes of an address, an IPv4 one as IPv4-mapped IPv6; nothing when it is not one.
std::optional<std::array<std::uint8_t, 16>> address_bytes(std::string_view text) {
  boost::system::error_code error;
  const auto address = boost::asio::ip::make_address(std::string(text), error);
  if (error) return std::nullopt;
  if (address.is_v4()) return boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, address.to_v4()).to_bytes();
  return address.to_v6().to_bytes();
}

// The methods the API has; any other is counted as "other" (no series per made-up method).
std::string_view method_label(std::string_view method) {
  for (const std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    if (method == known) return known;
  return "other";
}

// A label value in the text format: backslash, double quote and line feed escaped.
std::string escape(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\' || c == '"')
      out += {'\\', c};
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

std::int64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t pages = 0;
  std::int64_t resident = 0;
  statm >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

}  // namespace

AddressBlock AddressBlock::parse(std::string_view text) {
  const auto slash = text.find('/');
  const auto address = text::trim(text.substr(0, slash));
  const auto bytes = address_bytes(address);
  if (!bytes) throw std::invalid_argument("not an IP address: \"" + std::string(address) + "\"");
  const bool v4 = address.find(':') == std::string_view::npos;
  AddressBlock block{*bytes, 128};
  if (slash != std::string_view::npos) {
    const auto digits = text::trim(text.substr(slash + 1));
    int prefix = -1;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (error != std::errc() || end != digits.data() + digits.size() || prefix < 0 || prefix > (v4 ? 32 : 128))
      throw std::invalid_argument("not a prefix length for " + std::string(v4 ? "IPv4" : "IPv6") + ": \"" +
                                  std::string(text) + "\" (IPv4: /0 to /32, IPv6: /0 to /128)");
    block.prefix = v4 ? 96 + prefix : prefix;
  }
  return block;
}

bool AddressBlock::contains(std::string_view address) const {
  const auto candidate = address_bytes(address);
  if (!candidate) return false;
  for (int bit = 0; bit < prefix; ++bit) {
    const auto mask = static_cast<std::uint8_t>(0x80 >> (bit % 8));
    if (((*candidate)[bit / 8] & mask) != (bytes[bit / 8] & mask)) return false;
  }
  return true;
}

std::vector<AddressBlock> parse_address_blocks(std::string_view text) {
  std::vector<AddressBlock> blocks;
  for (std::size_t begin = 0; begin < text.size();) {
    const auto comma = std::min(text.find(',', begin), text.size());
    if (!text::trim(text.substr(begin, comma - begin)).empty())
      blocks.push_back(AddressBlock::parse(text.substr(begin, comma - begin)));
    begin = comma + 1;
  }
  return blocks;
}

ServerMetrics::ServerMetrics(std::vector<AddressBlock> allowed, const Clock& clock)
    : allowed_(std::move(allowed)), clock_(clock), started_(clock.now()) {
  refusals_["address"] = 0;
  refusals_["identity"] = 0;
}

void ServerMetrics::observe(std::string_view method, std::string_view route, int status, double seconds) {
  const auto bucket = static_cast<std::size_t>(std::lower_bound(buckets.begin(), buckets.end(), seconds) -
                                               buckets.begin());  // == size: above them all
  const std::tuple<std::string_view, std::string_view> key{method_label(method), route};
  const std::lock_guard lock(mutex_);
  auto found = requests_.find(key);  // strings are made once per series, not per request
  if (found == requests_.end()) found = requests_.emplace(key, Series{}).first;
  auto& series = found->second;
  ++series.by_status[status];
  if (bucket < buckets.size()) ++series.at_most[bucket];
  ++series.count;
  series.sum += seconds;
}

void ServerMetrics::refused_by_rate_limit(std::string_view limit) {
  const std::lock_guard lock(mutex_);
  if (const auto found = refusals_.find(limit); found != refusals_.end())
    ++found->second;
  else
    refusals_.emplace(limit, 1);
}

bool ServerMetrics::allows(std::string_view client_address) const {
  return std::any_of(allowed_.begin(), allowed_.end(),
                     [&](const AddressBlock& block) { return block.contains(client_address); });
}

std::string ServerMetrics::render(storage::Database& db) const {
  std::string out;
  {
    const std::lock_guard lock(mutex_);
    family(out, "lineport_http_requests_total", "counter", "Requests answered, by method, route template and status.");
    for (const auto& [key, series] : requests_)
      for (const auto& [status, n] : series.by_status)
        out += fmt::format("lineport_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                           std::get<0>(key), escape(std::get<1>(key)), status, n);
    family(out, "lineport_http_request_duration_seconds", "histogram",
           "Time from taking a request to having its answer, by method and route template.");
    for (const auto& [key, series] : requests_) {
      const auto labels = fmt::format("method=\"{}\",route=\"{}\"", std::get<0>(key), escape(std::get<1>(key)));
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < buckets.size(); ++i) {
        cumulative += series.at_most[i];
        out += fmt::format("lineport_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels, buckets[i],
                           cumulative);
      }
      out += fmt::format("lineport_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels, series.count);
      out += fmt::format("lineport_http_request_duration_seconds_sum{{{}}} {}\n", labels, series.sum);
      out += fmt::format("lineport_http_request_duration_seconds_count{{{}}} {}\n", labels, series.count);
    }
    family(out, "lineport_rate_limit_refusals_total", "counter",
           "Requests refused (429) by the general rate limit of this server, per address or per identity.");
    for (const auto& [limit, n] : refusals_)
      out += fmt::format("lineport_rate_limit_refusals_total{{limit=\"{}\"}} {}\n", escape(limit), n);
  }

  const auto pool = db.pool_stats();
  family(out, "lineport_db_pool_size", "gauge", "The most pooled database connections this server opens.");
  out += fmt::format("lineport_db_pool_size {}\n", pool.size);
  family(out, "lineport_db_pool_connections", "gauge", "Pooled database connections open, and leased now.");
  out += fmt::format("lineport_db_pool_connections{{state=\"open\"}} {}\n", pool.open);
  out += fmt::format("lineport_db_pool_connections{{state=\"in_use\"}} {}\n", pool.in_use);
  family(out, "lineport_db_pool_waits_total", "counter", "Leases that waited for a free connection.");
  out += fmt::format("lineport_db_pool_waits_total {}\n", pool.waits);
  family(out, "lineport_db_pool_wait_seconds_total", "counter", "Time spent waiting for a free connection.");
  out += fmt::format("lineport_db_pool_wait_seconds_total {}\n", pool.wait_seconds);

  // The queues are the database's, shared by every server on it: each server reports the same.
  bool database_up = true;
  std::string queues;
  try {
    const auto now = clock_.now();
    const auto rows = db.read([](storage::Connection& c) { return c.query(sql::queues); });
    constexpr auto c = sql::queue_columns;
    family(queues, "lineport_queue_waiting", "gauge", "Items waiting in each database queue (all servers').");
    for (const auto& row : rows.rows)
      queues +=
          fmt::format("lineport_queue_waiting{{queue=\"{}\"}} {}\n", row.text(c["queue"]), row.integer(c["waiting"]));
    family(queues, "lineport_queue_oldest_age_seconds", "gauge",
           "Age of the oldest item waiting in each database queue; 0 when it is empty.");
    for (const auto& row : rows.rows) {
      const auto oldest = row.opt_integer(c["oldest"]);
      queues += fmt::format("lineport_queue_oldest_age_seconds{{queue=\"{}\"}} {}\n", row.text(c["queue"]),
                            oldest ? std::max<std::int64_t>(0, now - *oldest) : 0);
    }
  } catch (const std::exception& e) {
    spdlog::warn("metrics: the queues could not be read: {}", e.what());
    database_up = false;
    queues.clear();
  }
  family(out, "lineport_database_up", "gauge", "Whether the database answered this scrape.");
  out += fmt::format("lineport_database_up {}\n", database_up ? 1 : 0);
  out += queues;

  family(out, "lineport_build_info", "gauge", "The running version.");
  out += fmt::format("lineport_build_info{{version=\"{}\"}} 1\n", escape(LINEPORT_VERSION));
  family(out, "process_start_time_seconds", "gauge", "When this server started, in Unix seconds.");
  out += fmt::format("process_start_time_seconds {}\n", started_);
  family(out, "process_resident_memory_bytes", "gauge", "This server's resident memory.");
  out += fmt::format("process_resident_memory_bytes {}\n", resident_bytes());
  return out;
}

}  // namespace lineport::api
