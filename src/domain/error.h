#pragma once
// The one error type of the domain: a refusal with its code, what to tell the caller and the
// fields at fault. Handlers never catch it: the API layer renders it as problem+json through the
// single table in api/problem.cpp.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace lineport {

enum class ErrorCode {
  bad_request,               // 400 malformed syntax (JSON that does not parse, bad query string)
  invalid_token,             // 400 an unknown, used or expired password reset link
  unauthenticated,           // 401 no or expired credentials
  invalid_credentials,       // 401 wrong email or password
  account_locked,            // 401 too many failed sign-ins
  invalid_pin,               // 401 wrong two-factor PIN (attempts_left says how many remain)
  challenge_expired,         // 401 the two-factor challenge is used, expired or out of attempts
  forbidden,                 // 403 signed in but lacking the privilege
  password_change_required,  // 403 first sign-in: only the password change is allowed
  csrf_failed,               // 403 missing or wrong X-CSRF-Token
  not_found,                 // 404 unknown or outside the caller's scope
  method_not_allowed,        // 405
  conflict,                  // 409 generic conflict (a unique key taken by a concurrent request)
  name_taken,                // 409 a sibling already has this name
  org_not_empty,             // 409 delete refused: users or administrators below
  role_in_use,               // 409 a role held by administrators cannot be deleted
  built_in_role,             // 409 built-in roles cannot be edited or deleted
  email_taken,               // 409 an administrator with this email exists
  self_action,               // 409 nobody suspends or deletes themselves
  integration_would_break,   // 409 deleting the last API user of an external application
  number_unavailable,        // 409 the number is not available (held, reserved or elsewhere)
  no_numbers_available,      // 409 the pool has no available number for this request
  not_enough_numbers,        // 409 fewer available numbers than a request needs (allocate, move)
  login_taken,               // 409 a user account with this login exists (in any organization)
  group_in_use,              // 409 a permission group that accounts use cannot be deleted
  default_group,             // 409 the default permission group cannot be deleted
  subscription_above_own,    // 403 a plan whose features or limits exceed the caller's own organization's plan
  subscription_in_use,       // 409 a plan that organizations are on cannot be deleted
  subscription_limit,        // 409 the change would pass a limit of a subscription plan (`limit` names it)
  invalid_activation,        // 401 wrong login or activation code (never says which)
  payload_too_large,         // 413
  unsupported_media_type,    // 415
  validation_failed,         // 422 field errors
  rate_limited,              // 429
  internal,                  // 500
  unavailable,               // 503 database unreachable, shutting down
  last = unavailable,        // (for the table that maps each code, api/problem.cpp)
};

struct FieldError {
  std::string field;
  std::string message;
};

// Where on a line of an uploaded file a row error points: a column of a CSV file with a header
// (the account import, the number import), or a field of a usage record (NDJSON or CSV). The
// problem document names the member after it: {line, column, …} or {line, field, …}.
enum class RowPlace { column, field };

// A fault on one line of an uploaded file (docs/product.md#http-api-conventions): the line as
// numbered in the file, where on it, the value found there and what is wrong with it.
struct RowError {
  std::int64_t line = 0;
  std::string where;  // a column or field name, "header", or empty for the line as a whole
  std::string value;
  std::string message;
};

// The row errors of one upload: the first ones found (in line order) and how many in all.
struct RowErrorReport {
  RowPlace place = RowPlace::column;
  std::vector<RowError> errors;
  std::int64_t count = 0;
};

class DomainError : public std::runtime_error {
 public:
  DomainError(ErrorCode code, const std::string& detail, std::vector<FieldError> errors = {})
      : std::runtime_error(detail), code_(code), errors_(std::move(errors)) {}
  // 422 for an upload with bad lines.
  DomainError(const std::string& detail, RowErrorReport rows)
      : std::runtime_error(detail), code_(ErrorCode::validation_failed), rows_(std::move(rows)) {}

  ErrorCode code() const { return code_; }
  const std::vector<FieldError>& field_errors() const { return errors_; }
  const RowErrorReport& row_errors() const { return rows_; }
  // Extra members for the problem document (e.g. the counts of org_not_empty).
  nlohmann::json extra = nlohmann::json::object();
  // Seconds after which a retry may succeed (429).
  int retry_after = 0;

 private:
  ErrorCode code_;
  std::vector<FieldError> errors_;
  RowErrorReport rows_;
};

// Collects field errors so a request reports all of them at once, then throws one 422.
class Validator {
 public:
  void fail(std::string field, std::string message) { errors_.push_back({std::move(field), std::move(message)}); }
  bool ok() const { return errors_.empty(); }
  bool has(std::string_view field) const {
    for (const auto& e : errors_)
      if (e.field == field) return true;
    return false;
  }
  const std::vector<FieldError>& errors() const { return errors_; }
  void throw_if_failed() const {
    if (!errors_.empty()) throw DomainError(ErrorCode::validation_failed, "The request has invalid fields.", errors_);
  }

 private:
  std::vector<FieldError> errors_;
};

[[noreturn]] inline void throw_not_found(const std::string& what = "The resource does not exist.") {
  throw DomainError(ErrorCode::not_found, what);
}

}  // namespace lineport
