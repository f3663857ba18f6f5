#pragma once
// Transport-neutral request and response: what the server hands to the application and back.
// Beast stays inside http/server.cpp.

#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lineport::http {

struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
};

using Headers = std::map<std::string, std::string, CaseInsensitiveLess>;

// A request body kept in an anonymous temporary file instead of memory (the routes that take
// large uploads, ServerOptions::spools_body). The file disappears when the last holder lets go.
class SpooledBody {
 public:
  explicit SpooledBody(std::FILE* file) : file_(file) {}  // takes ownership, positioned anywhere
  ~SpooledBody();
  SpooledBody(const SpooledBody&) = delete;
  SpooledBody& operator=(const SpooledBody&) = delete;

  // The next bytes from the start of the body on; 0 at the end. Throws std::runtime_error on a
  // read error.
  std::size_t read(std::span<char> buffer);
  void rewind();

 private:
  std::FILE* file_;
};

struct Request {
  std::string method;                                      // "GET"
  std::string target;                                      // "/api/v1/orgs/x?limit=5"
  std::string path;                                        // "/api/v1/orgs/x" (percent-decoded)
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  Headers headers;
  std::string body;
  std::shared_ptr<SpooledBody> spooled_body;  // instead of `body`, on the routes that spool
  std::string client_ip;
  std::string request_id;
  bool secure = false;  // reached us over TLS (directly or via a trusted proxy)

  std::optional<std::string_view> header(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  bool has_body() const;
  // The body in pieces, wherever it is kept (`body` or the spool file), from its start.
  std::function<std::size_t(std::span<char>)> body_reader() const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // A body produced piece by piece instead (large downloads): called on a worker thread with a
  // function that sends one piece; the answer goes out with chunked transfer encoding.
  std::function<void(const std::function<void(std::string_view)>& send)> stream;

  static Response json(std::string body, int status = 200);
  static Response no_content();
  Response& header(std::string name, std::string value) {
    headers.insert_or_assign(std::move(name), std::move(value));
    return *this;
  }
};

// Splits "/a%20b?x=1&y=%C3%A9" into a decoded path and query parameters. Returns nullopt for
// malformed percent-encoding or a path containing "..", NUL or backslashes.
struct ParsedTarget {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
};
std::optional<ParsedTarget> parse_target(std::string_view target);

}  // namespace lineport::http
