#include "api/dispatcher.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdint>
#include <random>

#include "api/problem.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::api {
namespace {

bool is_safe_method(std::string_view m) {
  return m == "GET" || m == "HEAD" || m == "OPTIONS";
}

// 16 hex digits. A request id only has to tell requests apart in the logs, not be secret: a
// generator per thread, seeded once from the system, saves a system call per request.
std::string new_request_id() {
  thread_local std::mt19937_64 generator{(std::uint64_t{std::random_device{}()} << 32) | std::random_device{}()};
  return fmt::format("{:016x}", generator());
}

std::string request_id_for(const http::Request& request) {
  // Accept a caller's id (from a proxy) when it is short and plain; otherwise make one.
  if (auto given = request.header("X-Request-Id"); given && !given->empty() && given->size() <= 64) {
    const bool plain = std::all_of(given->begin(), given->end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
    if (plain) return std::string(*given);
  }
  return new_request_id();
}

http::Headers security_headers_for(const DispatcherOptions& options) {
  http::Headers headers{
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cache-Control", "no-store"},
  };
  // Only this host, for a year; its sibling and child hosts are not ours to decide about
  // (docs/decisions.md).
  if (options.https) headers.emplace("Strict-Transport-Security", "max-age=31536000");
  return headers;
}

// 415 unless a body of Content-Type `type` is one that a route taking `kind` accepts.
void require_content_type(std::string_view type, BodyKind kind) {
  if (kind == BodyKind::none) return;
  const bool json = type.starts_with("application/json");
  const bool csv = type.starts_with("text/csv");
  const bool ndjson = type.starts_with("application/x-ndjson");
  if (kind == BodyKind::json && !json)
    throw DomainError(ErrorCode::unsupported_media_type,
                      "Send the body as application/json (got \"" + std::string(type) + "\").");
  if (kind == BodyKind::csv && !csv)
    throw DomainError(ErrorCode::unsupported_media_type,
                      "Send the body as text/csv (got \"" + std::string(type) + "\").");
  if (kind == BodyKind::json_or_csv && !json && !csv)
    throw DomainError(ErrorCode::unsupported_media_type,
                      "Send the body as application/json or text/csv (got \"" + std::string(type) + "\").");
  if (kind == BodyKind::image) {
    // The declared type only has to be one of the two; what the bytes are is checked by content.
    const auto media_type = text::fold_case(text::trim(type.substr(0, type.find(';'))));
    if (media_type != "image/png" && media_type != "image/jpeg")
      throw DomainError(ErrorCode::unsupported_media_type,
                        "Send the image as image/png or image/jpeg (got \"" + std::string(type) + "\").");
  }
  if (kind == BodyKind::ndjson_or_csv && !ndjson && !csv)
    throw DomainError(ErrorCode::unsupported_media_type,
                      "Send the body as application/x-ndjson or text/csv (got \"" + std::string(type) + "\").");
}

void require_content_type(const http::Request& request, BodyKind kind) {
  if (request.has_body()) require_content_type(request.header("Content-Type").value_or(""), kind);
}

}  // namespace

std::string session_cookie_header(const std::string& token, long max_age, bool secure) {
  std::string cookie = std::string(session_cookie) + "=" + token +
                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(token.empty() ? 0 : max_age);
  if (secure) cookie += "; Secure";
  return cookie;
}

Dispatcher::Dispatcher(Router router, const http::StaticFiles& static_files, auth::AuthService& auth,
                       DispatcherOptions options)
    : router_(std::move(router)),
      static_files_(static_files),
      auth_(auth),
      options_(options),
      security_headers_(security_headers_for(options)),
      by_address_(options.rate_per_second, options.rate_burst),
      by_identity_(options.rate_per_second, options.rate_burst) {
  for (const auto& route : router_.routes()) {
    const bool parameterless = route.pattern.find('{') == std::string::npos;
    if (route.runs_inline)
      inline_routes_.push_back({route.method, route.pattern, false});
    else if (options.answer_reads_inline && route.read_handler && parameterless)
      inline_routes_.push_back({route.method, route.pattern, true});
  }
}

bool Dispatcher::runs_inline(const http::Request& request) const {
  const std::string_view target = request.target;
  const std::string_view path = target.substr(0, target.find('?'));
  return std::any_of(inline_routes_.begin(), inline_routes_.end(), [&](const InlineRoute& route) {
    if (route.method != request.method || route.path != path) return false;
    return !route.bearer_only || request.header("Authorization").value_or("").starts_with("Bearer ");
  });
}

http::Response Dispatcher::handle(http::Request& request) {
  const auto started = std::chrono::steady_clock::now();
  request.request_id = request_id_for(request);
  std::string_view route = "unmatched";
  http::Response response = answer_errors(request, [&] { return dispatch(request, route); });
  add_security_headers(response);
  response.headers.insert_or_assign("X-Request-Id", request.request_id);
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
  if (options_.metrics)
    options_.metrics->observe(request.method, route, response.status, static_cast<double>(micros) / 1e6);
  spdlog::info("{} {} {} {} {}B {:.1f}ms {}", request.request_id, request.client_ip, request.method, request.path,
               response.body.size(), static_cast<double>(micros) / 1000.0, response.status);
  return response;
}

http::Response Dispatcher::answer_errors(const http::Request& request, const std::function<http::Response()>& run) {
  try {
    return run();
  } catch (const DomainError& e) {
    return problem(e, request.request_id);
  } catch (const storage::DatabaseError& e) {
    using Kind = storage::DatabaseError::Kind;
    // A transaction the database aborted for a conflict with another one (and that was not, or no
    // longer, run again) changed nothing itself, though a request of several transactions (one
    // per account) may have committed those before it: the client may try again.
    if (e.kind() == Kind::unique_violation || e.kind() == Kind::transaction_conflict)
      return problem(DomainError(ErrorCode::conflict, "The change conflicts with another one; try again."),
                     request.request_id);
    spdlog::error("[{}] database error: {}", request.request_id, e.what());
    const auto code = e.kind() == Kind::unavailable ? ErrorCode::unavailable : ErrorCode::internal;
    return problem(DomainError(code, "The server could not complete the request."), request.request_id);
  } catch (const std::exception& e) {
    spdlog::error("[{}] unexpected error: {}", request.request_id, e.what());
    return problem(DomainError(ErrorCode::internal, "The server could not complete the request."), request.request_id);
  }
}

std::size_t Dispatcher::body_limit(const Route* route) const {
  const auto& limits = options_.body_limits;
  const std::size_t small = std::min(limits.small, limits.json);
  if (!route || route->requirement.access == Access::open) return small;
  switch (route->body) {
    case BodyKind::none:
      return small;
    case BodyKind::json:
      return limits.json;
    case BodyKind::csv:
    case BodyKind::json_or_csv:
      return std::max(limits.json, limits.csv);
    case BodyKind::ndjson_or_csv:
      return limits.usage;
    case BodyKind::image:
      return limits.image;
  }
  return small;
}

http::BodyVerdict Dispatcher::judge_body(const http::Request& request) const {
  const auto parsed = http::parse_target(request.target);
  const Route* route = parsed ? router_.match(request.method, parsed->path).route : nullptr;
  http::BodyVerdict verdict{.limit = body_limit(route)};
  if (!route) return verdict;  // answered as usual, after the (small) body
  verdict.spool = route->body == BodyKind::ndjson_or_csv;
  try {
    require_content_type(request.header("Content-Type").value_or(""), route->body);  // the body is on its way
  } catch (const DomainError& e) {
    http::Request probe = request;
    probe.request_id = request_id_for(probe);
    verdict.wrong_type = refused_before_body(probe, problem(e, probe.request_id));
  }
  return verdict;
}

http::Response Dispatcher::refused_before_body(const http::Request& request, http::Response refusal) const {
  add_security_headers(refusal);
  refusal.headers.insert_or_assign("X-Request-Id", request.request_id);
  spdlog::info("{} {} {} {} refused before its body: {}", request.request_id, request.client_ip, request.method,
               request.target, refusal.status);
  return refusal;
}

std::optional<http::Response> Dispatcher::refuse_before_body(const http::Request& request) {
  http::Request probe = request;  // headers only: the body has not been read
  probe.request_id = request_id_for(probe);
  bool admitted = false;
  auto refusal = answer_errors(probe, [&] {
    auto parsed = http::parse_target(probe.target);
    if (!parsed) throw DomainError(ErrorCode::bad_request, "The request target is malformed.");
    probe.path = std::move(parsed->path);
    probe.query = std::move(parsed->query);
    auto match = router_.match(probe.method, probe.path);
    // Unknown routes are answered as usual, after the (limited) body.
    if (match.route) {
      RequestContext context(probe, std::move(match.params));
      authorize(context, *match.route);
    }
    admitted = true;
    return http::Response{};
  });
  if (admitted) return std::nullopt;
  return refused_before_body(probe, std::move(refusal));
}

http::Response Dispatcher::dispatch(http::Request& request, std::string_view& route_label) {
  auto parsed = http::parse_target(request.target);
  if (!parsed) throw DomainError(ErrorCode::bad_request, "The request target is malformed.");
  request.path = std::move(parsed->path);
  request.query = std::move(parsed->query);

  if (const int wait = by_address_.take(request.client_ip); wait > 0) {
    if (options_.metrics) options_.metrics->refused_by_rate_limit("address");
    DomainError error(ErrorCode::rate_limited, "Too many requests from your address; slow down.");
    error.retry_after = wait;
    throw error;
  }

  auto match = router_.match(request.method, request.path);
  if (!match.route) {
    if (match.path_known)
      throw DomainError(ErrorCode::method_not_allowed, "This path does not accept " + request.method + ".");
    const bool api = request.path.starts_with("/api/");
    if (!api && (request.method == "GET" || request.method == "HEAD")) {
      route_label = "static";
      return static_files_.serve(request);
    }
    throw_not_found("No such endpoint: " + request.method + " " + request.path);
  }

  const Route& route = *match.route;
  route_label = route.pattern;
  RequestContext context(request, std::move(match.params));
  context.meta = {request.client_ip, request.request_id};
  std::optional<http::Response> answered;
  authorize(context, route, &answered);
  if (answered) return std::move(*answered);
  require_content_type(request, route.body);
  return route.handler(context);
}

void Dispatcher::add_security_headers(http::Response& response) const {
  for (const auto& [name, value] : security_headers_) {
    // A route may choose its own caching (the portal's hashed assets); nothing else is its choice.
    if (name == "Cache-Control")
      response.headers.emplace(name, value);
    else
      response.headers.insert_or_assign(name, value);
  }
}

void Dispatcher::authorize(RequestContext& context, const Route& route, std::optional<http::Response>* answered) {
  const auto& req = route.requirement;
  if (req.access == Access::open) return;

  // Whether the organization the route names is in the caller's scope, read with the caller
  // (one transaction), refused in check_access in the usual order; and a read handler, run in
  // that same transaction once everything is checked.
  bool org_visible = false;
  const bool read_inside = answered != nullptr && static_cast<bool>(route.read_handler);
  auth::AuthService::AlsoRead also;
  if (!req.org_param.empty() || read_inside) {
    also = [&](storage::Connection& c, const auth::Principal& who) {
      if (!req.org_param.empty()) org_visible = orgs::in_scope(c, who.home_org_id, context.param(req.org_param));
      if (!read_inside) return;
      context.principal = who;
      check_access(context, req, org_visible);
      require_content_type(context.request, route.body);
      *answered = route.read_handler(context, c);
    };
  }
  const auto authorization = context.request.header("Authorization").value_or("");
  if (authorization.starts_with("Bearer ")) {
    context.principal = auth_.authenticate_bearer(std::string(authorization.substr(7)), also);
  } else if (const auto token = context.request.cookie(session_cookie)) {
    context.principal = auth_.authenticate_session(*token, also);
  }
  if (!context.principal) throw DomainError(ErrorCode::unauthenticated, "Sign in first (no valid session).");
  if (!read_inside) check_access(context, req, org_visible);
}

void Dispatcher::check_access(const RequestContext& context, const Requirement& req, bool org_visible) {
  const auto& who = *context.principal;

  if (const int wait = by_identity_.take(who.admin_id); wait > 0) {
    if (options_.metrics) options_.metrics->refused_by_rate_limit("identity");
    DomainError error(ErrorCode::rate_limited, "Too many requests; slow down.");
    error.retry_after = wait;
    throw error;
  }
  if (who.via_cookie && !is_safe_method(context.request.method)) {
    const auto sent = context.request.header("X-CSRF-Token").value_or("");
    if (!crypto::equal_constant_time(sent, who.csrf_token))
      throw DomainError(ErrorCode::csrf_failed, "Send the X-CSRF-Token header given at sign-in.");
  }
  if (who.password_change_required && req.access != Access::pending_password_ok)
    throw DomainError(ErrorCode::password_change_required, "Change your password before doing anything else.");
  if (req.access == Access::privilege && std::none_of(req.privileges.begin(), req.privileges.end(),
                                                      [&](const auto& p) { return who.privileges.has(p); })) {
    std::string names;
    for (const auto& p : req.privileges) names += (names.empty() ? "" : " or ") + p;
    throw DomainError(ErrorCode::forbidden, "This needs the " + names + " privilege.");
  }
  if (!req.org_param.empty() && !org_visible) throw_not_found("The organization does not exist.");
}

}  // namespace lineport::api
