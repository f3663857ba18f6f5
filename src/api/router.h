#pragma once
// Routes: method + path pattern ("/api/v1/orgs/{id}") + what the caller needs + the handler.
// Every route states its requirement next to its definition; the dispatcher enforces it
// (authentication, CSRF, privilege, organization scope) before the handler runs.

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/pagination.h"
#include "http/message.h"

namespace lineport::storage {
class Connection;
}

namespace lineport::api {

enum class Access {
  open,                 // no credentials (sign-in, health, the app's activation)
  pending_password_ok,  // signed in, allowed even before the first password change
  signed_in,            // signed in, any privilege
  privilege,            // signed in and holding `privilege`
};

struct Requirement {
  Access access = Access::signed_in;
  std::vector<std::string> privileges;  // with Access::privilege: holding any one of them is enough
  // Name of the path parameter that holds an organization id: the dispatcher answers 404 unless
  // it lies in the caller's subtree.
  std::string org_param;
};

inline Requirement open() {
  return {Access::open, {}, ""};
}
inline Requirement pending_password_ok() {
  return {Access::pending_password_ok, {}, ""};
}
inline Requirement signed_in() {
  return {Access::signed_in, {}, ""};
}
inline Requirement needs(std::string privilege, std::string org_param = "") {
  return {Access::privilege, {std::move(privilege)}, std::move(org_param)};
}
inline Requirement needs_any(std::vector<std::string> privileges, std::string org_param = "") {
  return {Access::privilege, std::move(privileges), std::move(org_param)};
}
inline Requirement signed_in_on_org(std::string org_param) {
  return {Access::signed_in, {}, std::move(org_param)};
}

enum class BodyKind { none, json, csv, json_or_csv, ndjson_or_csv, image };

class RequestContext {
 public:
  RequestContext(http::Request& req, std::vector<std::pair<std::string, std::string>> params)
      : request(req), params_(std::move(params)) {}

  http::Request& request;
  std::optional<auth::Principal> principal;
  RequestMeta meta;

  const auth::Principal& who() const;
  const std::string& param(std::string_view name) const;
  // The body as a JSON object ({} when empty); 400 when it does not parse or is not an object.
  nlohmann::json json_body() const;
  // ?limit= and ?cursor=, validated (docs/product.md#http-api-conventions).
  PageRequest page() const;

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

using Handler = std::function<http::Response(RequestContext&)>;
// A handler that only reads, given the read transaction that authenticated the caller.
using ReadHandler = std::function<http::Response(RequestContext&, storage::Connection&)>;

struct Route {
  std::string method;
  std::string pattern;
  Requirement requirement;
  Handler handler;
  BodyKind body = BodyKind::none;
  // The handler never blocks (no database, no file): it runs on the network thread, sparing two
  // thread hand-offs (docs/performance.md#read-path). Only for routes without parameters.
  bool runs_inline = false;
  // Instead of `handler`, for a route that only reads and is asked very often: it runs in the
  // transaction that authenticates the caller, once every check has passed, so the request costs
  // one database transaction instead of two (docs/performance.md#call-filter).
  ReadHandler read_handler;
  std::vector<std::string> segments;  // filled by Router::add
};

class Router {
 public:
  void add(Route route);

  struct Match {
    const Route* route = nullptr;
    std::vector<std::pair<std::string, std::string>> params;
    bool path_known = false;  // some route has this path with another method (405)
  };
  Match match(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace lineport::api
