#pragma once
// JSON text written straight into a buffer, for the pages the portal serves most (a page of 50
// accounts is 36 KB): building a nlohmann::json tree of maps first and then writing it cost more
// than reading the rows (docs/performance.md#read-path). The output is what nlohmann::json's
// dump() writes for the same values: compact, UTF-8 kept as is, control characters escaped,
// invalid UTF-8 replaced by U+FFFD.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lineport {

class JsonWriter {
 public:
  // `expected_size`: the buffer reserved up front (it grows when needed).
  explicit JsonWriter(std::size_t expected_size = 256);

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  // The next member's name; the value follows with one of the calls below.
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(bool flag);
  JsonWriter& null();
  // A text or null.
  JsonWriter& value(const std::optional<std::string>& text) { return text ? value(*text) : null(); }
  // A time as the API writes every time: an RFC 3339 string ("2026-11-22T17:28:13Z").
  JsonWriter& time(std::int64_t unix_seconds);
  // Text that is already JSON (a value nlohmann::json wrote, for instance).
  JsonWriter& raw(std::string_view json);

  // The text written so far; the writer is spent.
  std::string take() &&;

 private:
  // Room for `size` more characters and the comma a value after a value needs; returns where to
  // write them.
  char* make_room(std::size_t size);
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  void write_string(std::string_view text);
  void written_to(char* end) { size_ = static_cast<std::size_t>(end - buffer_.data()); }

  std::string buffer_;  // its size is its capacity; size_ characters of it are written
  std::size_t size_ = 0;
  bool after_value_ = false;  // a value was written at this level: the next one needs a comma
};

}  // namespace lineport
