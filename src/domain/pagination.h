#pragma once
// Cursor pagination (SPEC §12): ?limit= (default 50, max 500) and an opaque ?cursor=.

#include <optional>
#include <string>
#include <vector>

namespace lineport {

struct PageRequest {
  int limit = 50;
  std::optional<std::string> cursor;
};

template <class T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
  std::optional<std::string> next_cursor;
};

// A cursor carries the sort key of the last item seen. It is opaque to clients (base64url of a
// small JSON array) and validated on the way back in.
std::string encode_cursor(const std::vector<std::string>& key);
// nullopt for a malformed cursor or one with a different number of parts.
std::optional<std::vector<std::string>> decode_cursor(const std::string& cursor, std::size_t parts);

}  // namespace lineport
