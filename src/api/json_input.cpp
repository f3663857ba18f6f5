#include "api/json_input.h"

#include <algorithm>

namespace lineport::api {

JsonInput::JsonInput(const nlohmann::json& body, std::initializer_list<std::string_view> allowed)
    : JsonInput(body, std::span<const std::string_view>(allowed.begin(), allowed.size())) {}

JsonInput::JsonInput(const nlohmann::json& body, std::span<const std::string_view> allowed) : body_(body) {
  for (const auto& [key, value] : body_.items())
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) v_.fail(key, "Unknown field.");
}

std::optional<std::string> JsonInput::string(std::string_view field, bool required) {
  const auto it = body_.find(field);
  if (it == body_.end()) {
    if (required) v_.fail(std::string(field), "Is required.");
    return std::nullopt;
  }
  if (it->is_null()) {
    v_.fail(std::string(field), required ? "Is required." : "Cannot be null.");
    return std::nullopt;
  }
  if (!it->is_string()) {
    v_.fail(std::string(field), "Must be a string.");
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<std::optional<std::string>> JsonInput::nullable_string(std::string_view field) {
  const auto it = body_.find(field);
  if (it == body_.end()) return std::nullopt;
  if (it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) {
    v_.fail(std::string(field), "Must be a string or null.");
    return std::nullopt;
  }
  return std::optional<std::string>(it->get<std::string>());
}

std::optional<bool> JsonInput::boolean(std::string_view field) {
  const auto it = body_.find(field);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) {
    v_.fail(std::string(field), "Must be true or false.");
    return std::nullopt;
  }
  return it->get<bool>();
}

std::optional<std::int64_t> JsonInput::integer(std::string_view field) {
  const auto it = body_.find(field);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) {
    v_.fail(std::string(field), "Must be a whole number.");
    return std::nullopt;
  }
  return it->get<std::int64_t>();
}

std::optional<nlohmann::json> JsonInput::object(std::string_view field) {
  const auto it = body_.find(field);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_object()) {
    v_.fail(std::string(field), "Must be an object.");
    return std::nullopt;
  }
  return *it;
}

std::optional<std::vector<std::string>> JsonInput::string_list(std::string_view field, std::size_t max_items) {
  const auto it = body_.find(field);
  if (it == body_.end()) return std::nullopt;
  if (!it->is_array() || it->size() > max_items ||
      !std::all_of(it->begin(), it->end(), [](const auto& e) { return e.is_string(); })) {
    v_.fail(std::string(field), "Must be a list of at most " + std::to_string(max_items) + " strings.");
    return std::nullopt;
  }
  return it->get<std::vector<std::string>>();
}

}  // namespace lineport::api
