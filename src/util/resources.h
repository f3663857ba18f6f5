#pragma once
// Files compiled into the binary (see cmake/embed_resources.cmake).

#include <optional>
#include <span>
#include <string_view>

namespace lineport::resources {

struct Resource {
  std::string_view name;  // path relative to the source tree, e.g. "db/migrations/0001_init.sql"
  std::string_view content;
};

std::span<const Resource> all();

inline std::optional<std::string_view> find(std::string_view name) {
  for (const auto& r : all())
    if (r.name == name) return r.content;
  return std::nullopt;
}

}  // namespace lineport::resources
