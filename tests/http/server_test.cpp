// The HTTP layer as a client meets it: probes, headers, static portal, limits, OpenAPI, shutdown.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

#include "support/served_binary.h"
#include "support/test_server.h"

namespace lineport::testing {
namespace {

// A header's value in a raw HTTP answer ("" when absent).
std::string raw_header(const std::string& answer, std::string name) {
  const auto end = answer.find("\r\n\r\n");
  std::string head = answer.substr(0, end);
  for (auto& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const auto at = head.find("\r\n" + name + ":");
  if (at == std::string::npos) return "";
  auto value_at = at + 3 + name.size();
  while (answer[value_at] == ' ') ++value_at;
  return answer.substr(value_at, answer.find("\r\n", value_at) - value_at);
}

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

// The answers the server writes before the application sees a request (400, 413, 431) carry the
// same security headers as every other answer.
TEST(Server, TheServersOwnRefusalsCarryTheSecurityHeaders) {
  TestServer server([](app::Config& config) {
    config.max_body_bytes = 1024;
    config.public_url = "https://portal.example";
  });
  const auto malformed = raw_exchange(server.port(), "GARBAGE\r\n\r\n");
  const auto too_large = raw_exchange(server.port(),
                                      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                      "application/json\r\nContent-Length: 5000\r\n\r\n");
  const auto huge_header = raw_exchange(
      server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20'000, 'a') + "\r\n\r\n");
  EXPECT_TRUE(malformed.starts_with("HTTP/1.1 400")) << malformed;
  EXPECT_TRUE(too_large.starts_with("HTTP/1.1 413")) << too_large;
  EXPECT_TRUE(huge_header.starts_with("HTTP/1.1 431")) << huge_header;
  for (const auto& answer : {malformed, too_large, huge_header}) {
    EXPECT_NE(raw_header(answer, "Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos)
        << answer;
    EXPECT_EQ(raw_header(answer, "X-Content-Type-Options"), "nosniff") << answer;
    EXPECT_EQ(raw_header(answer, "X-Frame-Options"), "DENY") << answer;
    EXPECT_EQ(raw_header(answer, "Referrer-Policy"), "no-referrer") << answer;
    EXPECT_EQ(raw_header(answer, "Cache-Control"), "no-store") << answer;
    EXPECT_EQ(raw_header(answer, "Strict-Transport-Security"), "max-age=31536000") << answer;
  }
}

// Browsers must only ever reach an https portal over https; an http one must not say so.
TEST(Server, AnHttpsPublicUrlAddsStrictTransportSecurity) {
  {
    TestServer server([](app::Config& config) { config.public_url = "https://portal.example"; });
    auto c = server.client();
    for (const auto& r : {c.get("/healthz"), c.get("/api/v1/nope"), c.get("/api/v1/auth/me")})
      EXPECT_EQ(r.header("strict-transport-security"), "max-age=31536000");
  }
  for (const std::string url : {"http://portal.example", ""}) {
    TestServer server([&](app::Config& config) { config.public_url = url; });
    auto c = server.client();
    EXPECT_EQ(c.get("/healthz").header("strict-transport-security"), "") << url;
    EXPECT_EQ(raw_header(raw_exchange(server.port(), "GARBAGE\r\n\r\n"), "Strict-Transport-Security"), "") << url;
  }
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
  std::ofstream(web + "/assets/app-DpW3xk9a.js") << "console.log('portal')";
  TestServer server([&](app::Config& config) { config.web_root = web; });
  auto c = server.client();

  const auto index = c.get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("<title>Lineport</title>"), std::string::npos);
  EXPECT_EQ(index.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(c.get("/orgs/abc/sub-organizations").body, index.body);  // client-side route
  const auto asset = c.get("/assets/app-DpW3xk9a.js");
  EXPECT_EQ(asset.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_NE(asset.header("cache-control").find("immutable"), std::string::npos);
  EXPECT_EQ(c.send("GET", "/", "", "", {{"If-None-Match", index.header("etag")}}).status, 304);
  // API paths never fall back to the portal.
  EXPECT_EQ(c.get("/api/v1/unknown").status, 404);
  EXPECT_EQ(c.get("/assets/../../etc/passwd").status, 400);
  std::filesystem::remove_all(web);
}

// The portal's files go out as the precompressed copy `make build` wrote next to them (x.js.br,
// x.js.gz) that the request's Accept-Encoding prefers, q-values honoured; hashed assets are
// cached for good, everything else revalidated (docs/performance.md, "First load").
TEST(Server, PortalFilesAreSentPrecompressedAsAcceptEncodingAsks) {
  const auto web = make_temp_dir("lineport-web-");
  std::filesystem::create_directories(web + "/assets");
  const std::string js(4000, 'x');  // what the copies stand for; the server never decodes them
  std::ofstream(web + "/index.html") << "<!doctype html><title>Lineport</title>" << std::string(600, ' ');
  std::ofstream(web + "/index.html.gz") << "GZ-INDEX";
  std::ofstream(web + "/assets/index-D_w3x-9a.js") << js;
  std::ofstream(web + "/assets/index-D_w3x-9a.js.gz") << "GZIP-BYTES";
  std::ofstream(web + "/assets/index-D_w3x-9a.js.br") << "BR-BYTES";
  std::ofstream(web + "/assets/logo.svg") << "<svg xmlns='http://www.w3.org/2000/svg'/>";
  TestServer server([&](app::Config& config) { config.web_root = web; });
  auto c = server.client();
  const std::string path = "/assets/index-D_w3x-9a.js";
  auto get = [&](const std::string& target, const std::map<std::string, std::string>& headers) {
    return c.send("GET", target, "", "", headers);
  };
  auto encoded = [&](const std::string& accept) {
    const auto r = get(path, {{"Accept-Encoding", accept}});
    EXPECT_EQ(r.status, 200) << accept;
    EXPECT_EQ(r.header("vary"), "Accept-Encoding") << accept;
    EXPECT_EQ(r.header("content-type"), "text/javascript; charset=utf-8") << accept;
    const auto coding = r.header("content-encoding");
    EXPECT_EQ(r.body, coding == "br" ? "BR-BYTES" : coding == "gzip" ? "GZIP-BYTES" : js) << accept;
    return coding.empty() ? std::string("identity") : coding;
  };

  const auto plain = c.get(path);  // no Accept-Encoding: no preference, the file as it is
  EXPECT_EQ(plain.body, js);
  EXPECT_EQ(plain.header("content-encoding"), "");
  EXPECT_EQ(plain.header("vary"), "Accept-Encoding");
  EXPECT_EQ(encoded("gzip, deflate, br, zstd"), "br");  // what Chromium sends
  EXPECT_EQ(encoded("gzip"), "gzip");
  EXPECT_EQ(encoded("x-gzip"), "gzip");
  EXPECT_EQ(encoded("br;q=0.5, GZIP;q=0.8"), "gzip");
  EXPECT_EQ(encoded("br;q=0, gzip"), "gzip");
  EXPECT_EQ(encoded("br;q=0.000, gzip;q=0"), "identity");
  EXPECT_EQ(encoded("identity"), "identity");
  EXPECT_EQ(encoded("deflate"), "identity");
  EXPECT_EQ(encoded(""), "identity");
  EXPECT_EQ(encoded("*"), "br");
  EXPECT_EQ(encoded("*;q=0.1, identity;q=0.5"), "identity");
  EXPECT_EQ(encoded("identity;q=0, gzip;q=0.2"), "gzip");
  EXPECT_EQ(encoded("br;q=2, gzip"), "gzip") << "a malformed q-value ignores its element";
  // Nothing acceptable: identity excluded and no copy wanted.
  EXPECT_EQ(get(path, {{"Accept-Encoding", "*;q=0"}}).status, 406);
  EXPECT_EQ(get("/assets/logo.svg", {{"Accept-Encoding", "identity;q=0, br"}}).status, 406);

  // Each coding has its own entity tag; a 304 only for the one the request would get.
  const auto br = get(path, {{"Accept-Encoding", "br"}});
  const auto gz = get(path, {{"Accept-Encoding", "gzip"}});
  EXPECT_NE(br.header("etag"), gz.header("etag"));
  EXPECT_NE(br.header("etag"), plain.header("etag"));
  EXPECT_EQ(get(path, {{"Accept-Encoding", "br"}, {"If-None-Match", br.header("etag")}}).status, 304);
  EXPECT_EQ(get(path, {{"Accept-Encoding", "gzip"}, {"If-None-Match", br.header("etag")}}).status, 200);
  EXPECT_EQ(get(path, {{"Accept-Encoding", "gzip"}, {"If-None-Match", "\"x\", W/" + gz.header("etag")}}).status, 304);
  EXPECT_EQ(get(path, {{"If-None-Match", plain.header("etag")}}).status, 304);
  // Ranges are not supported: the whole file, never a slice of a compressed copy.
  const auto ranged = get(path, {{"Accept-Encoding", "br"}, {"Range", "bytes=0-3"}});
  EXPECT_EQ(ranged.status, 200);
  EXPECT_EQ(ranged.body, "BR-BYTES");

  // Cached for good: only assets with a content hash in their name.
  EXPECT_EQ(br.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(c.get("/assets/logo.svg").header("cache-control"), "no-cache");
  const auto index = get("/", {{"Accept-Encoding", "gzip, br"}});
  EXPECT_EQ(index.header("cache-control"), "no-cache");
  EXPECT_EQ(index.header("content-encoding"), "gzip");  // the only copy there is
  EXPECT_EQ(index.body, "GZ-INDEX");
  EXPECT_EQ(get("/accounts", {{"Accept-Encoding", "gzip"}}).body, "GZ-INDEX");  // the fallback too
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

  // A client that sends its whole body before reading (as most do) finishes sending and reads the
  // refusal, instead of failing on a reset or broken pipe (raw_exchange throws on those).
  const std::string body(4 << 20, ' ');
  const auto sending = raw_exchange(server.port(),
                                    "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                    "Content-Length: " +
                                        std::to_string(body.size()) + "\r\n\r\n" + body);
  EXPECT_TRUE(sending.starts_with("HTTP/1.1 413")) << sending;

  auto c = server.client();
  const auto chunked_body = std::string(2048, 'x');
  EXPECT_EQ(c.send("POST", "/api/v1/auth/login", chunked_body, "application/json").status, 413);
}

// A body of nothing but "[" up to the JSON limit: the sign-in takes a small body only, and a
// signed-in administrator's is refused at its 33rd byte.
TEST(Server, DeeplyNestedJsonIsRefusedQuicklyNamingTheLimit) {
  TestServer server;
  auto c = server.client();
  const std::string deep((16u << 20) - 1, '[');
  EXPECT_EQ(c.send("POST", "/api/v1/auth/login", deep, "application/json").status, 413);
  auto root = server.root_client();
  const auto started = std::chrono::steady_clock::now();
  const auto refused =
      root.send("POST", "/api/v1/orgs/" + server.root_org_id() + "/children", deep, "application/json");
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.code(), "bad_request");
  EXPECT_NE(refused.json()["detail"].get<std::string>().find("32 levels"), std::string::npos) << refused.body;
  // Parsing it all took seconds; sending 16 MiB over loopback takes a fraction of one.
  EXPECT_LT(took, std::chrono::seconds(3));

  // A closed but deep document inside an object is refused the same way.
  const auto closed = c.send("POST", "/api/v1/auth/login",
                             "{\"email\":" + std::string(40, '[') + std::string(40, ']') + "}", "application/json");
  EXPECT_EQ(closed.status, 400) << closed.body;
  EXPECT_NE(closed.json()["detail"].get<std::string>().find("32 levels"), std::string::npos) << closed.body;
}

// What a request may send is judged from its route and headers before any of its body is read:
// each answer below comes while the client has sent its headers only.
TEST(Server, BodiesAreJudgedByTheirRouteBeforeTheyAreRead) {
  TestServer server;
  const auto headers_only = [&](const std::string& target, const std::string& type, std::size_t length) {
    return raw_exchange(server.port(), "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + type +
                                           "\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n");
  };
  const std::string org = "/api/v1/orgs/" + server.root_org_id();
  // A body the route does not take: 415, after what the caller may not do (401 first).
  auto answer = headers_only("/api/v1/auth/login", "text/plain", 1000);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 415")) << answer;
  EXPECT_NE(answer.find("application/json"), std::string::npos) << answer;
  answer = headers_only(org + "/children", "text/plain", 1000);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 401")) << answer;
  // A CSV import within the CSV limit, without credentials: 401 before any of it is read.
  answer = headers_only(org + "/accounts/import", "text/csv", 60u << 20);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 401")) << answer;
  // The sign-in, routes that take no body and unknown paths take a small body only.
  for (const auto* target : {"/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/nowhere"}) {
    answer = headers_only(target, "application/json", 1u << 20);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << target << ": " << answer;
  }
  // The same import from the root administrator is read (and refused for what it holds).
  auto root = server.root_client();
  EXPECT_EQ(root.send("POST", org + "/accounts/import", std::string(100u << 10, 'x'), "text/csv").status, 422);
}

TEST(Server, MalformedRequestsGet400) {
  TestServer server;
  const auto answer = raw_exchange(server.port(), "GARBAGE\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << answer;
}

// Request framing that a proxy in front could read differently from us (RFC 9112 §6.1): a
// Transfer-Encoding other than exactly "chunked", with or without Content-Length, is refused
// and the connection closed, so nothing after it is taken for a second request.
TEST(Server, TransferEncodingOtherThanChunkedIsRefused) {
  TestServer server;
  const std::string head = "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
  const std::string smuggled = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  for (const std::string framing : {
           "Transfer-Encoding: xchunked\r\nContent-Length: 2\r\n\r\n{}",
           "Content-Length: 2\r\nTransfer-Encoding: xchunked\r\n\r\n{}",
           "Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
           "Transfer-Encoding: chunked, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
           "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
           "Transfer-Encoding: identity\r\n\r\n",
       }) {
    const auto answer = raw_exchange(server.port(), head + framing + smuggled);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << framing << "\n" << answer;
    EXPECT_NE(answer.find("Transfer-Encoding"), std::string::npos) << answer;
    EXPECT_EQ(answer.find("HTTP/1.1 200"), std::string::npos) << "answered the smuggled request:\n" << answer;
  }
  // HTTP/1.0 has no Transfer-Encoding (RFC 9112 §6.1).
  const auto old = raw_exchange(server.port(),
                                "POST /api/v1/auth/login HTTP/1.0\r\nContent-Type: application/json\r\n"
                                "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
  EXPECT_TRUE(old.starts_with("HTTP/1.1 400")) << old;

  // Exactly "chunked" (any letter case: coding names are case-insensitive) is read as usual.
  for (const std::string coding : {"chunked", "Chunked"}) {
    const auto chunked = raw_exchange(
        server.port(), head + "Transfer-Encoding: " + coding + "\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
    EXPECT_TRUE(chunked.starts_with("HTTP/1.1 422")) << chunked;
  }
}

// Obsolete line folding (a header line that starts with a space or tab continues the one before)
// is refused in any header (RFC 9112 §5.2): Beast would unfold it silently, so a folded
// "Transfer-Encoding:\r\n chunked" would frame the body for us but not for a proxy that ignores it.
TEST(Server, ObsoleteLineFoldingIsRefused) {
  TestServer server;
  for (const std::string folded : {
           "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Transfer-Encoding:\r\n chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
           "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: one\r\n\ttwo\r\n\r\n",
           "GET /healthz HTTP/1.1\r\nX-Note: one\r\n  two\r\nHost: x\r\n\r\n",
       }) {
    const auto answer = raw_exchange(server.port(), folded);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << folded << "\n" << answer;
    EXPECT_NE(answer.find("folding"), std::string::npos) << answer;
  }
  // Spaces and tabs inside a value are not folding.
  const auto plain = raw_exchange(server.port(),
                                  "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: one \t two\r\n"
                                  "Connection: close\r\n\r\n");
  EXPECT_TRUE(plain.starts_with("HTTP/1.1 200")) << plain;
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
  for (const auto& d : documented)
    EXPECT_TRUE(routed.contains(d)) << "openapi.json documents a route that does not exist: " << d;
}

// A connection from `source` that sends nothing (any 127.x.y.z reaches a server on 127.0.0.1, so
// each stands for another client address).
boost::asio::ip::tcp::socket quiet_connection(boost::asio::io_context& ioc, const std::string& source,
                                              std::uint16_t port) {
  boost::asio::ip::tcp::socket socket(ioc);
  socket.open(boost::asio::ip::tcp::v4());
  socket.bind({boost::asio::ip::make_address(source), 0});
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  return socket;
}

// True when the server has closed the connection within `wait_ms` (its end of stream or a reset
// is readable).
bool closed_by_server(boost::asio::ip::tcp::socket& socket, int wait_ms) {
  pollfd p{socket.native_handle(), POLLIN | POLLRDHUP, 0};
  return poll(&p, 1, wait_ms) == 1;
}

// A request from 127.0.0.1 still gets its answer.
int healthz_status(std::uint16_t port) {
  return HttpClient(port).get("/healthz").status;
}

// The server raises its soft limit on open files to the hard limit at start.
TEST(Server, RaisesTheOpenFileLimitAtStart) {
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  if (limit.rlim_max <= 256) GTEST_SKIP() << "the hard limit is already low";
  const auto hard = limit.rlim_max;
  limit.rlim_cur = 256;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0);
  TestServer server;
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  EXPECT_EQ(limit.rlim_cur, hard);
  EXPECT_EQ(limit.rlim_max, hard);
}

// More connections than the limit on open files allows is a configuration error at start, not
// "Too many open files" later.
TEST(Server, RefusesToStartWithMoreConnectionsThanOpenFiles) {
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  try {
    TestServer server([&](app::Config& config) { config.max_connections = limit.rlim_max; });
    ADD_FAILURE() << "started with max_connections " << limit.rlim_max;
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("open files"), std::string::npos) << e.what();
  }
}

// The issue's attack: one address opens 1,100 sockets and sends nothing, with the common soft
// limit of 1,024 open files. The server keeps 50 of them (the per-address default), and another
// client is still answered.
TEST(Server, OneAddressHoldingThousandsOfSocketsCannotStarveAnother) {
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  if (limit.rlim_max < 4096) GTEST_SKIP() << "needs a hard limit of 4,096 open files";
  limit.rlim_cur = 1024;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0);
  TestServer server;
  boost::asio::io_context ioc;
  std::vector<boost::asio::ip::tcp::socket> sockets;
  for (int i = 0; i < 1100; ++i) sockets.push_back(quiet_connection(ioc, "127.0.0.2", server.port()));
  EXPECT_EQ(healthz_status(server.port()), 200);
  // The server has caught up with all of them once a later client is answered.
  std::vector<pollfd> polls;
  for (auto& s : sockets) polls.push_back({s.native_handle(), POLLIN | POLLRDHUP, 0});
  std::size_t open = 0;
  for (int attempt = 0; attempt < 50; ++attempt) {
    EXPECT_EQ(healthz_status(server.port()), 200);
    poll(polls.data(), polls.size(), 0);
    open = static_cast<std::size_t>(
        std::count_if(polls.begin(), polls.end(), [](const pollfd& p) { return p.revents == 0; }));
    if (open <= 50) break;
    usleep(100'000);
  }
  EXPECT_EQ(open, 50u);
}

// At its per-address cap, a new connection from that address closes the address's idlest one; the
// newest stay.
TEST(Server, AnAddressOverItsCapLosesItsIdlestConnections) {
  TestServer server([](app::Config& config) { config.max_connections_per_address = 4; });
  boost::asio::io_context ioc;
  std::vector<boost::asio::ip::tcp::socket> sockets;
  for (int i = 0; i < 10; ++i) {
    sockets.push_back(quiet_connection(ioc, "127.0.0.2", server.port()));
    usleep(20'000);  // accepted in this order
  }
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(closed_by_server(sockets[i], 2000)) << "connection " << i;
  for (int i = 6; i < 10; ++i) EXPECT_FALSE(closed_by_server(sockets[i], 100)) << "connection " << i;
  EXPECT_EQ(healthz_status(server.port()), 200);
  // Another address is not affected by the first one's cap.
  auto other = quiet_connection(ioc, "127.0.0.3", server.port());
  usleep(50'000);
  EXPECT_FALSE(closed_by_server(other, 100));
  for (int i = 6; i < 10; ++i) EXPECT_FALSE(closed_by_server(sockets[i], 0)) << "connection " << i;
}

// Behind a reverse proxy every client arrives from the proxy's address: it has no per-address cap.
TEST(Server, TheTrustedProxyHasNoPerAddressCap) {
  TestServer server([](app::Config& config) {
    config.max_connections_per_address = 4;
    config.trusted_proxy = "127.0.0.2";
  });
  boost::asio::io_context ioc;
  std::vector<boost::asio::ip::tcp::socket> sockets;
  for (int i = 0; i < 10; ++i) sockets.push_back(quiet_connection(ioc, "127.0.0.2", server.port()));
  EXPECT_EQ(healthz_status(server.port()), 200);
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(closed_by_server(sockets[i], 0)) << "connection " << i;
}

// At the total cap a new client is let in and the idlest connection is closed: one waiting for a
// request before one that is in the middle of sending one.
TEST(Server, AtTheTotalCapTheIdlestConnectionIsClosed) {
  TestServer server([](app::Config& config) {
    config.max_connections = 6;
    config.max_connections_per_address = 4;
  });
  boost::asio::io_context ioc;
  std::vector<boost::asio::ip::tcp::socket> sockets;
  for (const char* source : {"127.0.0.2", "127.0.0.2", "127.0.0.2", "127.0.0.3", "127.0.0.3", "127.0.0.3"}) {
    sockets.push_back(quiet_connection(ioc, source, server.port()));
    usleep(20'000);
  }
  // The oldest has started a request: it is busier than the five that wait.
  boost::asio::write(sockets[0], boost::asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n")));
  usleep(50'000);

  EXPECT_EQ(healthz_status(server.port()), 200);  // the seventh connection
  EXPECT_TRUE(closed_by_server(sockets[1], 2000));
  for (int i : {0, 2, 3, 4, 5}) EXPECT_FALSE(closed_by_server(sockets[i], 100)) << "connection " << i;
  // The answered client has gone: one more quiet connection fills the six places again.
  auto newest = quiet_connection(ioc, "127.0.0.4", server.port());
  usleep(50'000);
  EXPECT_EQ(healthz_status(server.port()), 200);
  EXPECT_TRUE(closed_by_server(sockets[2], 2000));
  EXPECT_FALSE(closed_by_server(newest, 100));
  // The request that was started still gets its answer.
  boost::asio::write(sockets[0], boost::asio::buffer(std::string("Connection: close\r\n\r\n")));
  std::string answer;
  boost::system::error_code ec;
  char chunk[4096];
  while (!ec) answer.append(chunk, sockets[0].read_some(boost::asio::buffer(chunk), ec));
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200")) << answer;
}

// The real binary: SIGTERM lets a request in flight finish, then the process exits cleanly.
TEST(Server, SigtermFinishesTheRequestInFlight) {
  const char* bin = std::getenv("LINEPORT_BIN");
  if (!bin) GTEST_SKIP() << "LINEPORT_BIN not set";
  ServedBinary served(bin, {"--log-level", "warn"});
  ASSERT_TRUE(served.wait_until_ready());
  const auto port = served.port();

  // The request is in flight when the signal comes: its headers are in, its body is not yet.
  // The server must still read the body, answer, and only then exit.
  const std::string body = R"({"email":"root@carrier.example","password":"root-password-0001"})";
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket socket(ioc);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
  const std::string head =
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n";
  boost::asio::write(socket, boost::asio::buffer(head));
  usleep(300'000);
  served.send_sigterm();
  usleep(100'000);
  boost::asio::write(socket, boost::asio::buffer(body));
  std::string answer;
  boost::system::error_code ec;
  char chunk[4096];
  while (!ec) answer.append(chunk, socket.read_some(boost::asio::buffer(chunk), ec));
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200")) << answer;
  EXPECT_NE(answer.find("csrf_token"), std::string::npos);
  EXPECT_TRUE(served.exited_cleanly());
}

// The real binary's log: whatever a client puts in a logged path or header stays on its one line,
// its control characters escaped (\x0a for a line feed), so nobody can forge a log line.
TEST(Server, ControlCharactersInLoggedRequestsAreEscaped) {
  const char* bin = std::getenv("LINEPORT_BIN");
  if (!bin) GTEST_SKIP() << "LINEPORT_BIN not set";
  const auto dir = make_temp_dir("lineport-log-");
  const auto log = dir + "/server.log";
  {
    // Behind a trusted proxy the last X-Forwarded-For entry is logged as the client's address.
    // The proxy named in its IPv4-mapped form is the same proxy as 127.0.0.1.
    ServedBinary served(bin, {"--log-level", "info", "--trusted-proxy", "::ffff:127.0.0.1"}, log);
    ASSERT_TRUE(served.wait_until_ready());
    HttpClient c(served.port());
    EXPECT_EQ(c.send("GET", "/api/v1/x%0aFORGED%200%20GET%20/%0d%01%1b[2J%7f", "", "",
                     {{"X-Request-Id", "inj-path"},
                      {"X-Forwarded-For",
                       "10.0.0.1, 203.0.113.9\t\xc2\x85"
                       "FORGED"}})
                  .status,
              404);
    // Raw bytes: a C1 control (NEL, U+0085, a line break to some log readers) passes the parser;
    // raw C0 controls in the request line are refused by it (400) and never reach the log.
    const auto nel = raw_exchange(served.port(),
                                  "GET /api/v1/y\xc2\x85"
                                  "FORGED HTTP/1.1\r\nHost: x\r\n"
                                  "X-Request-Id: inj-raw\r\nConnection: close\r\n\r\n");
    EXPECT_TRUE(nel.starts_with("HTTP/1.1 404")) << nel;
    const auto c0 = raw_exchange(served.port(),
                                 "GET /api/v1/z\x01\x0bFORGED HTTP/1.1\r\nHost: x\r\n"
                                 "X-Request-Id: inj-c0\r\nConnection: close\r\n\r\n");
    EXPECT_TRUE(c0.starts_with("HTTP/1.1 400")) << c0;
    served.send_sigterm();
    EXPECT_TRUE(served.exited_cleanly());
  }
  std::ifstream in(log);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  const auto with = [&](const std::string& text) {
    std::vector<std::string> found;
    for (const auto& line : lines)
      if (line.find(text) != std::string::npos) found.push_back(line);
    return found;
  };
  std::string all;
  for (const auto& line : lines) all += line + "\n";
  ASSERT_EQ(with("inj-path").size(), 1u) << all;
  const auto path_line = with("inj-path")[0];
  EXPECT_NE(path_line.find(" 203.0.113.9\\x09\\xc2\\x85FORGED GET /api/v1/x\\x0aFORGED 0 GET "
                           "/\\x0d\\x01\\x1b[2J\\x7f "),
            std::string::npos)
      << path_line;
  ASSERT_EQ(with("inj-raw").size(), 1u) << all;
  EXPECT_NE(with("inj-raw")[0].find("/api/v1/y\\xc2\\x85FORGED "), std::string::npos) << all;
  EXPECT_TRUE(with("inj-c0").empty()) << all;
  // Every FORGED is inside a line that a request id starts, never at the start of its own.
  for (const auto& line : with("FORGED")) EXPECT_NE(line.find("inj-"), std::string::npos) << all;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lineport::testing
