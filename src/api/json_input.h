#pragma once
// Reads typed fields out of a JSON request body, collecting every problem as a field error so
// the client learns about all of them in one 422.

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.h"

namespace lineport::api {

class JsonInput {
 public:
  // Fields not in `allowed` are errors: a misspelt field must not be silently ignored.
  JsonInput(const nlohmann::json& body, std::initializer_list<std::string_view> allowed);
  JsonInput(const nlohmann::json& body, std::span<const std::string_view> allowed);

  bool has(std::string_view field) const { return body_.contains(field); }
  std::optional<std::string> string(std::string_view field, bool required = false);
  // Absent: nullopt. Present and null: an empty inner optional.
  std::optional<std::optional<std::string>> nullable_string(std::string_view field);
  std::optional<bool> boolean(std::string_view field);
  std::optional<std::int64_t> integer(std::string_view field);
  std::optional<nlohmann::json> object(std::string_view field);
  // A list of strings of at most `max_items`.
  std::optional<std::vector<std::string>> string_list(std::string_view field, std::size_t max_items = 500);

  Validator& validator() { return v_; }
  // Throws the collected errors (422), if any.
  void finish() const { v_.throw_if_failed(); }

 private:
  const nlohmann::json& body_;
  Validator v_;
};

}  // namespace lineport::api
