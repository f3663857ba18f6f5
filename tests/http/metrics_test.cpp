// GET /metrics: read by the Prometheus client library's own parser (Debian's
// python3-prometheus-client), not ours; only for the addresses the operator allows.

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <thread>

#include "support/test_server.h"

namespace lineport::testing {
namespace {

struct Sample {
  std::string name;
  nlohmann::json labels;
  double value = 0;
};

// Every sample of `exposition`, as the reference parser reads it; fails the test when it cannot.
std::vector<Sample> parse(const std::string& exposition) {
  const auto dir = make_temp_dir("lineport-metrics-");
  std::ofstream(dir + "/metrics.txt") << exposition;
  const std::string command =
      "/usr/bin/python3 -c 'import json, sys\n"
      "from prometheus_client.parser import text_string_to_metric_families\n"
      "text = open(sys.argv[1]).read()\n"
      "print(json.dumps([{\"name\": s.name, \"labels\": s.labels, \"value\": s.value}\n"
      "                  for f in text_string_to_metric_families(text) for s in f.samples]))' " +
      dir + "/metrics.txt 2>&1";
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buf{};
  while (fgets(buf.data(), buf.size(), pipe)) output += buf.data();
  const int status = pclose(pipe);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(WEXITSTATUS(status), 0) << output;
  std::vector<Sample> samples;
  if (WEXITSTATUS(status) != 0) return samples;
  for (const auto& s : nlohmann::json::parse(output))
    samples.push_back({s["name"].get<std::string>(), s["labels"], s["value"].get<double>()});
  return samples;
}

std::optional<double> value(const std::vector<Sample>& samples, const std::string& name,
                            const nlohmann::json& labels = nlohmann::json::object()) {
  for (const auto& s : samples)
    if (s.name == name && s.labels == labels) return s.value;
  return std::nullopt;
}

// The test server's client comes from 127.0.0.1.
void allow_loopback(app::Config& c) {
  c.metrics_allow = "127.0.0.1,::1";
}

TEST(Metrics, RequestsPoolAndQueuesParseAsPrometheusText) {
  TestServer server(allow_loopback);
  auto root = server.root_client();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(root.get("/healthz").status, 200);
  const std::string children = "/api/v1/orgs/" + server.root_org_id() + "/children";
  ASSERT_EQ(root.get(children).status, 200);
  ASSERT_EQ(root.get("/api/v1/no-such-thing-42").status, 404);
  ASSERT_EQ(server.client().get(children).status, 401);

  const auto answer = server.client().get("/metrics");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_TRUE(answer.header("content-type").starts_with("text/plain; version=0.0.4")) << answer.header("content-type");
  const auto samples = parse(answer.body);
  ASSERT_FALSE(samples.empty());

  const auto requests = [&](const char* route, const char* status) {
    return value(samples, "lineport_http_requests_total", {{"method", "GET"}, {"route", route}, {"status", status}});
  };
  EXPECT_EQ(requests("/healthz", "200"), 3);
  EXPECT_EQ(requests("/api/v1/orgs/{id}/children", "200"), 1);  // the template, not the path
  EXPECT_EQ(requests("/api/v1/orgs/{id}/children", "401"), 1);
  EXPECT_EQ(requests("unmatched", "404"), 1);
  for (const auto& s : samples)
    EXPECT_EQ(s.labels.value("route", "").find("no-such-thing"), std::string::npos) << s.labels.dump();

  const nlohmann::json healthz = {{"method", "GET"}, {"route", "/healthz"}};
  EXPECT_EQ(value(samples, "lineport_http_request_duration_seconds_count", healthz), 3);
  auto le_inf = healthz;
  le_inf["le"] = "+Inf";
  EXPECT_EQ(value(samples, "lineport_http_request_duration_seconds_bucket", le_inf), 3);
  auto le_10 = healthz;
  le_10["le"] = "10";
  EXPECT_EQ(value(samples, "lineport_http_request_duration_seconds_bucket", le_10), 3);

  EXPECT_EQ(value(samples, "lineport_db_pool_size"), 4);  // the test server's
  EXPECT_GE(value(samples, "lineport_db_pool_connections", {{"state", "open"}}).value_or(-1), 1);
  EXPECT_TRUE(value(samples, "lineport_db_pool_waits_total").has_value());
  EXPECT_EQ(value(samples, "lineport_database_up"), 1);
  for (const char* queue : {"outbox", "webhook_deliveries", "invitation_jobs", "bulk_jobs"}) {
    EXPECT_TRUE(value(samples, "lineport_queue_waiting", {{"queue", queue}}).has_value()) << queue;
    EXPECT_TRUE(value(samples, "lineport_queue_oldest_age_seconds", {{"queue", queue}}).has_value()) << queue;
  }
  EXPECT_EQ(value(samples, "lineport_rate_limit_refusals_total", {{"limit", "address"}}), 0);
  EXPECT_GT(value(samples, "process_resident_memory_bytes").value_or(0), 0);
}

// A message waiting in the outbox shows in its queue with its age on the server's clock. (Stored
// directly, due tomorrow: the outbox worker leaves it alone.)
TEST(Metrics, TheOutboxQueueShowsWhatWaitsAndSinceWhen) {
  TestServer server(allow_loopback);
  const auto now = server.clock().now();
  server.db().write([&](storage::Connection& c) {
    c.execute({"test.outbox",
               "INSERT INTO outbox (id, event, recipient, subject, body_text, created_at, "
               "next_attempt_at) VALUES ('waiting-1', 'test', 'ana@bank.example', 'S', 'B', $1, $2)"},
              {now - 90, now + 86'400});
  });
  const auto samples = parse(server.client().get("/metrics").body);
  EXPECT_EQ(value(samples, "lineport_queue_waiting", {{"queue", "outbox"}}), 1);
  EXPECT_EQ(value(samples, "lineport_queue_oldest_age_seconds", {{"queue", "outbox"}}), 90);
}

// One request a second and no burst: of 20 at once, all but the first are refused.
TEST(Metrics, RateLimitRefusalsAreCounted) {
  TestServer server([](app::Config& c) {
    allow_loopback(c);
    c.rate_limit_per_second = 1;
    c.rate_limit_burst = 1;
  });
  auto client = server.client();
  int refused = 0;
  for (int i = 0; i < 20; ++i) refused += client.get("/healthz").status == 429 ? 1 : 0;
  ASSERT_GE(refused, 10);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // a token for the scrape
  const auto answer = client.get("/metrics");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(value(parse(answer.body), "lineport_rate_limit_refusals_total", {{"limit", "address"}}), refused);
}

// Anyone else is told there is no such path; by default nobody may read them.
TEST(Metrics, OnlyTheAllowedAddressesMayReadThem) {
  {
    TestServer server;
    EXPECT_EQ(server.client().get("/metrics").status, 404);
  }
  for (const char* allowed : {"10.0.0.0/8", ""}) {
    TestServer server([&](app::Config& c) { c.metrics_allow = allowed; });
    const auto answer = server.client().get("/metrics");
    EXPECT_EQ(answer.status, 404) << allowed;
    EXPECT_EQ(answer.body.find("lineport_"), std::string::npos);
  }
}

}  // namespace
}  // namespace lineport::testing
