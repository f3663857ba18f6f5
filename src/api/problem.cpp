#include "api/problem.h"

#include <nlohmann/json.hpp>

namespace lineport::api {
namespace {

struct ErrorInfo {
  ErrorCode code;
  int status;
  std::string_view name;
  std::string_view title;
};

// The single mapping from error codes to HTTP (docs/product.md#http-api-conventions), in the
// order of ErrorCode: checked below, so a code added without its row does not compile.
constexpr ErrorInfo error_table[] = {
    {ErrorCode::bad_request, 400, "bad_request", "Bad Request"},
    {ErrorCode::invalid_token, 400, "invalid_token", "Invalid or expired link"},
    {ErrorCode::unauthenticated, 401, "unauthenticated", "Not signed in"},
    {ErrorCode::invalid_credentials, 401, "invalid_credentials", "Wrong email or password"},
    {ErrorCode::account_locked, 401, "account_locked", "Account temporarily locked"},
    {ErrorCode::invalid_pin, 401, "invalid_pin", "Wrong PIN"},
    {ErrorCode::challenge_expired, 401, "challenge_expired", "Sign-in challenge expired"},
    {ErrorCode::forbidden, 403, "forbidden", "Missing privilege"},
    {ErrorCode::password_change_required, 403, "password_change_required", "Password change required"},
    {ErrorCode::csrf_failed, 403, "csrf_failed", "Missing or invalid CSRF token"},
    {ErrorCode::not_found, 404, "not_found", "Not Found"},
    {ErrorCode::method_not_allowed, 405, "method_not_allowed", "Method Not Allowed"},
    {ErrorCode::conflict, 409, "conflict", "Conflict"},
    {ErrorCode::name_taken, 409, "name_taken", "Name already taken"},
    {ErrorCode::org_not_empty, 409, "org_not_empty", "Organization not empty"},
    {ErrorCode::role_in_use, 409, "role_in_use", "Role in use"},
    {ErrorCode::built_in_role, 409, "built_in_role", "Built-in role"},
    {ErrorCode::email_taken, 409, "email_taken", "Email already in use"},
    {ErrorCode::self_action, 409, "self_action", "Not allowed on your own account"},
    {ErrorCode::integration_would_break, 409, "integration_would_break", "Integration would break"},
    {ErrorCode::number_unavailable, 409, "number_unavailable", "Number not available"},
    {ErrorCode::no_numbers_available, 409, "no_numbers_available", "No numbers available"},
    {ErrorCode::not_enough_numbers, 409, "not_enough_numbers", "Not enough numbers"},
    {ErrorCode::login_taken, 409, "login_taken", "Login already in use"},
    {ErrorCode::group_in_use, 409, "group_in_use", "Permission group in use"},
    {ErrorCode::default_group, 409, "default_group", "Default permission group"},
    {ErrorCode::subscription_above_own, 403, "subscription_above_own", "Plan above your own"},
    {ErrorCode::subscription_in_use, 409, "subscription_in_use", "Subscription plan in use"},
    {ErrorCode::subscription_limit, 409, "subscription_limit", "Subscription plan limit reached"},
    {ErrorCode::invalid_activation, 401, "invalid_activation", "Wrong login or activation code"},
    {ErrorCode::payload_too_large, 413, "payload_too_large", "Payload Too Large"},
    {ErrorCode::unsupported_media_type, 415, "unsupported_media_type", "Unsupported Media Type"},
    {ErrorCode::validation_failed, 422, "validation_failed", "Validation failed"},
    {ErrorCode::rate_limited, 429, "rate_limited", "Too Many Requests"},
    {ErrorCode::internal, 500, "internal", "Internal Server Error"},
    {ErrorCode::unavailable, 503, "unavailable", "Service Unavailable"},
};

constexpr bool covers_every_code() {
  for (std::size_t i = 0; i < std::size(error_table); ++i)
    if (static_cast<std::size_t>(error_table[i].code) != i) return false;
  return std::size(error_table) == static_cast<std::size_t>(ErrorCode::last) + 1;
}
static_assert(covers_every_code(), "error_table needs one row per ErrorCode, in its order");

const ErrorInfo& info(ErrorCode code) {
  return error_table[static_cast<std::size_t>(code)];
}

}  // namespace

nlohmann::json row_errors_json(const RowErrorReport& report) {
  const char* place = report.place == RowPlace::column ? "column" : "field";
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : report.errors)
    list.push_back({{"line", e.line}, {place, e.where}, {"value", e.value}, {"message", e.message}});
  return list;
}

http::Response problem(const DomainError& error, std::string_view request_id) {
  const auto& entry = info(error.code());
  nlohmann::json body = error.extra.is_object() ? error.extra : nlohmann::json::object();
  body["type"] = "about:blank";
  body["title"] = entry.title;
  body["status"] = entry.status;
  body["detail"] = error.what();
  body["code"] = entry.name;
  body["request_id"] = request_id;
  if (!error.field_errors().empty()) {
    auto& errors = body["errors"] = nlohmann::json::array();
    for (const auto& fe : error.field_errors()) errors.push_back({{"field", fe.field}, {"message", fe.message}});
  }
  // An upload's row errors take the same member, and error_count says they are row errors.
  if (const auto& rows = error.row_errors(); rows.count > 0) {
    body["errors"] = row_errors_json(rows);
    body["error_count"] = rows.count;
  }
  http::Response r =
      http::Response::json(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), entry.status);
  r.headers.insert_or_assign("Content-Type", "application/problem+json");
  if (error.retry_after > 0) r.headers.insert_or_assign("Retry-After", std::to_string(error.retry_after));
  return r;
}

}  // namespace lineport::api
