#pragma once
// The request pipeline, in one place and in this order: request id → rate limit → route →
// authenticate → CSRF → password-change gate → privilege → organization scope → content type →
// handler → problem+json for any error → security headers → access log.

#include <memory>

#include "api/metrics.h"
#include "api/router.h"
#include "domain/auth/auth_service.h"
#include "http/message.h"
#include "http/server.h"
#include "http/static_files.h"
#include "storage/database.h"
#include "util/rate_limit.h"

namespace lineport::api {

// The largest body of each kind a route takes (413 beyond it), known from the route before the
// body is read (docs/decisions.md: bodies are judged by their headers first).
struct BodyLimits {
  std::size_t json = std::size_t{16} << 20;
  std::size_t csv = std::size_t{64} << 20;
  std::size_t usage = std::size_t{1} << 30;  // spooled to a temporary file
  std::size_t image = std::size_t{1} << 20;
  // Routes open to anyone, routes that take no body and unknown paths take this much (or the
  // JSON limit when that is lower). A larger body is read only once the caller's credentials,
  // privilege and scope are known to be good (refuse_before_body).
  std::size_t small = std::size_t{64} << 10;
};

struct DispatcherOptions {
  double rate_per_second = 50;  // docs/product.md#sign-in-and-sessions general limit, per address and per identity
  double rate_burst = 200;
  // The portal's public URL is https: answers carry Strict-Transport-Security (docs/decisions.md).
  bool https = false;
  BodyLimits body_limits;
  // Routes with a read handler and no parameters are answered on the network thread for a bearer
  // token (which, unlike a portal session, has no idle clock to write back): only where a read is
  // a function call with a connection of the thread's own, i.e. on SQLite.
  bool answer_reads_inline = false;
  // Where each answered request and rate-limit refusal is counted (GET /metrics); none: not counted.
  ServerMetrics* metrics = nullptr;
};

inline constexpr std::string_view session_cookie = "lineport_session";

class Dispatcher {
 public:
  Dispatcher(Router router, const http::StaticFiles& static_files, auth::AuthService& auth, DispatcherOptions options);

  http::Response handle(http::Request& request);
  // From the headers alone, before any of the body is read: the largest body the request's route
  // takes, whether it goes to a temporary file rather than memory (usage uploads), and the answer
  // for a body the route does not take (415). Reads no database.
  http::BodyVerdict judge_body(const http::Request& request) const;
  // Whether the request's route never blocks (Route::runs_inline), from its target alone.
  bool runs_inline(const http::Request& request) const;
  // For a request whose (large) body is not read yet: the answer it gets for its credentials,
  // privilege or scope (401, 403, 404, 429), or nullopt when it may send the body. Keeps
  // strangers from filling the disk with spooled uploads. Counts once more against the caller's
  // rate limit.
  std::optional<http::Response> refuse_before_body(const http::Request& request);
  const Router& router() const { return router_; }
  // The headers every answer carries (Content-Security-Policy, X-Content-Type-Options, ...). The
  // server adds the same set to the answers it gives without the dispatcher
  // (http::ServerOptions::own_answer_headers).
  const http::Headers& security_headers() const { return security_headers_; }

 private:
  // `route` becomes the matched route's template ("static" for the portal's files).
  http::Response dispatch(http::Request& request, std::string_view& route);
  // Runs `run`, turning what it throws into the problem+json answer.
  static http::Response answer_errors(const http::Request& request, const std::function<http::Response()>& run);
  // Authenticates the caller and enforces the route's requirement. With `answered`, a route's
  // read handler runs in the authenticating transaction and its response is put there.
  void authorize(RequestContext& context, const Route& route, std::optional<http::Response>* answered = nullptr);
  // What is checked once the caller is known: rate, CSRF, password change, privilege, scope.
  void check_access(const RequestContext& context, const Requirement& req, bool org_visible);
  void add_security_headers(http::Response& response) const;
  // The largest body `route` takes (null: an unknown path).
  std::size_t body_limit(const Route* route) const;
  // `refusal` as answered before the body: problem+json with the security headers, logged.
  http::Response refused_before_body(const http::Request& request, http::Response refusal) const;

  Router router_;
  struct InlineRoute {
    std::string method, path;
    bool bearer_only = false;  // a read handler: only a bearer token's request never writes
  };
  std::vector<InlineRoute> inline_routes_;
  const http::StaticFiles& static_files_;
  auth::AuthService& auth_;
  DispatcherOptions options_;
  http::Headers security_headers_;
  TokenBucketLimiter by_address_;
  TokenBucketLimiter by_identity_;
};

// The Set-Cookie value that starts (token) or ends (empty token) a portal session.
std::string session_cookie_header(const std::string& token, long max_age, bool secure);

}  // namespace lineport::api
