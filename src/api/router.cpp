#include "api/router.h"

#include <charconv>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "domain/error.h"
#include "util/bounded_json.h"

namespace lineport::api {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  return out;
}

// "{id}" or "{id}.csv": a parameter, optionally followed by a literal suffix.
bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.find('}') != std::string_view::npos;
}

}  // namespace

const auth::Principal& RequestContext::who() const {
  if (!principal) throw DomainError(ErrorCode::unauthenticated, "Sign in first.");
  return *principal;
}

const std::string& RequestContext::param(std::string_view name) const {
  for (const auto& [k, v] : params_)
    if (k == name) return v;
  throw std::logic_error("route has no parameter " + std::string(name));
}

nlohmann::json RequestContext::json_body() const {
  if (request.body.empty()) return nlohmann::json::object();
  auto parsed = parse_bounded_json(request.body);
  if (parsed.outcome == BoundedJson::Outcome::too_deep)
    throw DomainError(ErrorCode::bad_request, "The request body nests arrays and objects deeper than " +
                                                  std::to_string(max_json_depth) + " levels, the limit.");
  if (parsed.outcome != BoundedJson::Outcome::ok)
    throw DomainError(ErrorCode::bad_request, "The request body is not valid JSON.");
  if (!parsed.value.is_object()) throw DomainError(ErrorCode::bad_request, "The request body must be a JSON object.");
  return std::move(parsed.value);
}

PageRequest RequestContext::page() const {
  PageRequest page;
  if (const auto limit = request.query_param("limit")) {
    const std::string_view text = *limit;
    int value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || value < 1 || value > 500)
      throw DomainError(ErrorCode::validation_failed, "limit must be a whole number from 1 to 500.",
                        {{"limit", "Must be a whole number from 1 to 500."}});
    page.limit = value;
  }
  if (auto cursor = request.query_param("cursor"); cursor && !cursor->empty()) page.cursor = *cursor;
  return page;
}

void Router::add(Route route) {
  if (route.runs_inline && route.pattern.find('{') != std::string::npos)
    throw std::logic_error("a route that runs inline has no parameters: " + route.pattern);
  if (static_cast<bool>(route.handler) == static_cast<bool>(route.read_handler))
    throw std::logic_error("a route has either a handler or a read handler: " + route.pattern);
  if (route.read_handler && route.requirement.access == Access::open)
    throw std::logic_error("a read handler runs in the caller's authentication: " + route.pattern);
  for (auto s : split_path(route.pattern)) route.segments.emplace_back(s);
  routes_.push_back(std::move(route));
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match result;
  const auto parts = split_path(path);
  int best_literals = -1;  // "/admins/resend-invitations" wins over "/admins/{id}"
  for (const auto& route : routes_) {
    if (route.segments.size() != parts.size()) continue;
    std::vector<std::pair<std::string, std::string>> params;
    bool ok = true;
    int literals = 0;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      const auto& segment = route.segments[i];
      if (is_param(segment)) {
        const auto close = segment.find('}');
        const std::string_view suffix = std::string_view(segment).substr(close + 1);
        const std::string_view part = parts[i];
        if (part.size() <= suffix.size() || part.size() > 128 || !part.ends_with(suffix))
          ok = false;
        else
          params.emplace_back(segment.substr(1, close - 1), std::string(part.substr(0, part.size() - suffix.size())));
      } else if (segment == parts[i]) {
        ++literals;
      } else {
        ok = false;
      }
    }
    if (!ok) continue;
    // HEAD is answered by the GET route without a body.
    const bool method_ok = route.method == method || (method == "HEAD" && route.method == "GET");
    if (!method_ok) {
      result.path_known = true;
    } else if (literals > best_literals) {
      best_literals = literals;
      result.route = &route;
      result.params = std::move(params);
    }
  }
  return result;
}

}  // namespace lineport::api
