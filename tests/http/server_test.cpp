// The HTTP layer as a client meets it: probes, headers, static portal, limits, OpenAPI, shutdown.

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include "support/test_server.h"

namespace lineport::testing {
namespace {

TEST(Server, HealthAndReadiness) {
  TestServer server;
  auto c = server.client();
  EXPECT_EQ(c.get("/healthz").status, 200);
  const auto ready = c.get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.json()["status"], "ready");
}

TEST(Server, EveryAnswerCarriesSecurityHeadersAndARequestId) {
  TestServer server;
  auto c = server.client();
  for (const auto& r : {c.get("/healthz"), c.get("/api/v1/nope"), c.get("/api/v1/auth/me")}) {
    EXPECT_NE(r.header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(r.header("x-request-id").size(), 16u);
  }
  const auto given = c.send("GET", "/healthz", "", "", {{"X-Request-Id", "trace-abc-123"}});
  EXPECT_EQ(given.header("x-request-id"), "trace-abc-123");
}

TEST(Server, UnknownApiPathsAndMethodsAreProblems) {
  TestServer server;
  auto c = server.client();
  const auto missing = c.get("/api/v1/does-not-exist");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.header("content-type"), "application/problem+json");
  EXPECT_FALSE(missing.json()["request_id"].get<std::string>().empty());
  EXPECT_EQ(c.send("PUT", "/api/v1/auth/me", "{}", "application/json").status, 405);
}

TEST(Server, ServesThePortalWithSpaFallback) {
  const auto web = make_temp_dir("lineport-web-");
  std::filesystem::create_directories(web + "/assets");
  std::ofstream(web + "/index.html") << "<!doctype html><title>Lineport</title>";
  std::ofstream(web + "/assets/app-1234.js") << "console.log('portal')";
  TestServer server([&](app::Config& config) { config.web_root = web; });
  auto c = server.client();

  const auto index = c.get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("<title>Lineport</title>"), std::string::npos);
  EXPECT_EQ(index.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(c.get("/orgs/abc/sub-organizations").body, index.body);  // client-side route
  const auto asset = c.get("/assets/app-1234.js");
  EXPECT_EQ(asset.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_NE(asset.header("cache-control").find("immutable"), std::string::npos);
  EXPECT_EQ(c.send("GET", "/", "", "", {{"If-None-Match", index.header("etag")}}).status, 304);
  // API paths never fall back to the portal.
  EXPECT_EQ(c.get("/api/v1/unknown").status, 404);
  EXPECT_EQ(c.get("/assets/../../etc/passwd").status, 400);
  std::filesystem::remove_all(web);
}

TEST(Server, OversizedBodyIsRefusedFromContentLengthAlone) {
  TestServer server([](app::Config& config) { config.max_body_bytes = 1024; });
  // Only the headers are sent: the answer must come without the server waiting for the body.
  const auto answer = raw_exchange(server.port(),
                                   "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                   "Content-Length: 17000000\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer;
  EXPECT_NE(answer.find("payload_too_large"), std::string::npos);

  auto c = server.client();
  const auto chunked_body = std::string(2048, 'x');
  EXPECT_EQ(c.send("POST", "/api/v1/auth/login", chunked_body, "application/json").status, 413);
}

TEST(Server, MalformedRequestsGet400) {
  TestServer server;
  const auto answer = raw_exchange(server.port(), "GARBAGE\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << answer;
}

TEST(Server, GeneralRateLimitAnswers429WithRetryAfter) {
  TestServer server([](app::Config& config) {
    config.rate_limit_per_second = 1;
    config.rate_limit_burst = 5;
  });
  auto c = server.client();
  int limited = 0;
  std::string retry_after;
  for (int i = 0; i < 10; ++i) {
    const auto r = c.get("/healthz");
    if (r.status == 429) {
      ++limited;
      retry_after = r.header("retry-after");
    }
  }
  EXPECT_GE(limited, 4);
  EXPECT_FALSE(retry_after.empty());
}

TEST(Server, OpenApiDocumentDescribesExactlyTheRoutes) {
  TestServer server;
  const auto doc = server.client().get("/api/v1/openapi.json").json();
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 3), "3.1");
  std::set<std::string> documented;
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [method, op] : item.items()) {
      if (method == "parameters") continue;
      std::string upper = method;
      for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      documented.insert(upper + " " + path);
      EXPECT_TRUE(op.contains("summary")) << upper << " " << path;
      EXPECT_TRUE(op.contains("responses")) << upper << " " << path;
    }
  std::set<std::string> routed;
  for (const auto& route : server.app().route_table()) routed.insert(route.method + " " + route.pattern);
  for (const auto& r : routed) EXPECT_TRUE(documented.contains(r)) << "route missing from openapi.json: " << r;
  for (const auto& d : documented) EXPECT_TRUE(routed.contains(d)) << "openapi.json documents a route that does not exist: " << d;
}

// The real binary: SIGTERM lets a request in flight finish, then the process exits cleanly.
TEST(Server, SigtermFinishesTheRequestInFlight) {
  const char* bin = std::getenv("LINEPORT_BIN");
  if (!bin) GTEST_SKIP() << "LINEPORT_BIN not set";
  TestDatabase database;
  database.close();
  const auto init = std::string(bin) + " init --db " + database.url() +
                    " --root-org Carrier --admin-email root@carrier.example --admin-password root-password-0001 >/dev/null";
  ASSERT_EQ(std::system(init.c_str()), 0);

  // A port the system just gave out as free (a fixed guess can collide with a client socket's
  // ephemeral port: "bind: Address already in use").
  const int port = [] {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor probe(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return static_cast<int>(probe.local_endpoint().port());
  }();
  const auto spool = make_temp_dir("lineport-spool-");
  const pid_t child = fork();
  if (child == 0) {
    const std::string listen = "127.0.0.1:" + std::to_string(port);
    const std::string db = database.url();
    execl(bin, bin, "serve", "--db", db.c_str(), "--listen", listen.c_str(), "--web-root", "/nonexistent",
          "--mail-spool", spool.c_str(), "--sms-spool", spool.c_str(), "--log-level", "warn",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  HttpClient c(static_cast<std::uint16_t>(port));
  // Up to 30 s: a sanitizer build starting beside other test processes on 2 cores is slow.
  bool up = false;
  for (int i = 0; i < 1200 && !up; ++i) {
    try {
      up = c.get("/readyz").status == 200;
    } catch (const std::exception&) {
      usleep(25'000);
    }
  }
  ASSERT_TRUE(up);

  // The request is in flight when the signal comes: its headers are in, its body is not yet.
  // The server must still read the body, answer, and only then exit.
  const std::string body = R"({"email":"root@carrier.example","password":"root-password-0001"})";
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket socket(ioc);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
  const std::string head = "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  boost::asio::write(socket, boost::asio::buffer(head));
  usleep(300'000);
  kill(child, SIGTERM);
  usleep(100'000);
  boost::asio::write(socket, boost::asio::buffer(body));
  std::string answer;
  boost::system::error_code ec;
  char chunk[4096];
  while (!ec) answer.append(chunk, socket.read_some(boost::asio::buffer(chunk), ec));
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200")) << answer;
  EXPECT_NE(answer.find("csrf_token"), std::string::npos);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::filesystem::remove_all(spool);
}

}  // namespace
}  // namespace lineport::testing
