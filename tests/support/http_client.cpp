#include "support/http_client.h"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>

namespace lineport::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

nlohmann::json HttpResult::json() const {
  return nlohmann::json::parse(body, nullptr, false);
}

std::string HttpResult::header(const std::string& lower_name) const {
  const auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

std::string HttpResult::code() const {
  const auto j = json();
  return j.is_object() && j.contains("code") ? j["code"].get<std::string>() : "";
}

HttpResult HttpClient::send(const std::string& method, const std::string& target, const std::string& body,
                            const std::string& content_type, const std::map<std::string, std::string>& extra_headers) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(30));
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));

  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  if (!content_type.empty()) req.set(bhttp::field::content_type, content_type);
  if (session_cookie) req.set(bhttp::field::cookie, "lineport_session=" + *session_cookie);
  if (send_csrf && csrf_token && method != "GET") req.set("X-CSRF-Token", *csrf_token);
  for (const auto& [k, v] : extra_headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  bhttp::write(stream, req);

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(256u << 20);
  if (method == "HEAD") parser.skip(true);
  bhttp::read(stream, buffer, parser);
  const auto& res = parser.get();

  HttpResult out;
  out.status = res.result_int();
  for (const auto& f : res) out.headers[lower(std::string(f.name_string()))] = std::string(f.value());
  out.body = res.body();
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);

  // Follow the session cookie like a browser would.
  const auto cookie = out.header("set-cookie");
  if (cookie.starts_with("lineport_session=")) {
    const auto value = cookie.substr(17, cookie.find(';') - 17);
    if (value.empty())
      session_cookie.reset();
    else
      session_cookie = value;
  }
  return out;
}

HttpResult HttpClient::sign_in(const std::string& email, const std::string& password) {
  auto r = post("/api/v1/auth/login", {{"email", email}, {"password", password}});
  if (r.status == 200) csrf_token = r.json()["csrf_token"].get<std::string>();
  return r;
}

std::string raw_exchange(std::uint16_t port, const std::string& bytes, int timeout_ms) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  stream.expires_after(std::chrono::milliseconds(timeout_ms));
  asio::write(stream.socket(), asio::buffer(bytes));
  std::string out;
  char chunk[4096];
  for (;;) {
    // Asynchronous, because the stream's timeout applies to asynchronous reads only: a server
    // that keeps the connection open must not hang the test.
    beast::error_code ec;
    std::size_t n = 0;
    stream.expires_after(std::chrono::milliseconds(timeout_ms));
    stream.async_read_some(asio::buffer(chunk), [&](beast::error_code e, std::size_t got) {
      ec = e;
      n = got;
    });
    ioc.restart();
    ioc.run();
    out.append(chunk, n);
    if (ec) break;
  }
  return out;
}

}  // namespace lineport::testing
