#pragma once
// A small blocking HTTP client for the whole-server tests: keeps the session cookie and sends
// the CSRF token like the portal does.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace lineport::testing {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string body;

  nlohmann::json json() const;
  std::string header(const std::string& lower_name) const;
  // The problem document's machine-readable code ("" when not a problem).
  std::string code() const;
};

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port) : port_(port) {}

  HttpResult get(const std::string& target) { return send("GET", target, "", ""); }
  HttpResult del(const std::string& target) { return send("DELETE", target, "", ""); }
  HttpResult post(const std::string& target, const nlohmann::json& body) {
    return send("POST", target, body.dump(), "application/json");
  }
  HttpResult patch(const std::string& target, const nlohmann::json& body) {
    return send("PATCH", target, body.dump(), "application/json");
  }
  HttpResult send(const std::string& method, const std::string& target, const std::string& body,
                  const std::string& content_type, const std::map<std::string, std::string>& extra_headers = {});

  // Signs in; keeps the cookie and the CSRF token. Returns the login answer.
  HttpResult sign_in(const std::string& email, const std::string& password);

  std::optional<std::string> session_cookie;
  std::optional<std::string> csrf_token;
  bool send_csrf = true;

 private:
  std::uint16_t port_;
};

// Sends raw bytes on a new connection and returns everything the server sends back until it
// closes (or `timeout_ms` passes).
std::string raw_exchange(std::uint16_t port, const std::string& bytes, int timeout_ms = 3000);

}  // namespace lineport::testing
