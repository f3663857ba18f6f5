#pragma once
// Cursor pagination (docs/product.md#http-api-conventions): ?limit= (default 50, max 500) and an opaque ?cursor=.

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

// What a page says besides its items, for a page whose items are handed over one at a time as
// they are read (the Accounts page: docs/performance.md#read-path).
struct PageInfo {
  std::int64_t total = 0;
  std::optional<std::string> next_cursor;
};

// A cursor carries the sort key of the last item seen. It is opaque to clients (base64url of a
// small JSON array) and validated on the way back in.
std::string encode_cursor(const std::vector<std::string>& key);
// nullopt for a malformed cursor or one with a different number of parts.
std::optional<std::vector<std::string>> decode_cursor(const std::string& cursor, std::size_t parts);

// The sort key a page continues after: `start` without a cursor, else the cursor's key, which has
// as many parts as `start`. A cursor that is not one of this list's is 400 naming `cursor`.
std::vector<std::string> continue_after(const PageRequest& page, std::vector<std::string> start);
[[noreturn]] void throw_bad_cursor();

}  // namespace lineport
