#include "util/json_writer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "util/clock.h"

namespace lineport {

namespace {

// The length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates,
// nothing past U+10FFFF) that starts at text[at], or 0 when none does.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = 0;
  unsigned char second_min = 0x80, second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;  // overlong
    if (lead == 0xED) second_max = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;  // overlong
    if (lead == 0xF4) second_max = 0x8F;  // past U+10FFFF
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  if (byte(at + 1) < second_min || byte(at + 1) > second_max) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
  }
  return length;
}

// Writes the escape of a character a JSON string cannot hold as it is; returns the end.
char* write_escape(char* out, unsigned char c) {
  *out++ = '\\';
  switch (c) {
    case '"':
      *out++ = '"';
      return out;
    case '\\':
      *out++ = '\\';
      return out;
    case '\b':
      *out++ = 'b';
      return out;
    case '\f':
      *out++ = 'f';
      return out;
    case '\n':
      *out++ = 'n';
      return out;
    case '\r':
      *out++ = 'r';
      return out;
    case '\t':
      *out++ = 't';
      return out;
    default: {
      static constexpr char hex[] = "0123456789abcdef";
      for (const char part : {'u', '0', '0', hex[c >> 4], hex[c & 0xF]}) *out++ = part;
      return out;
    }
  }
}

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

// The bytes a JSON string cannot hold as they are: quote, backslash, control characters, and
// every byte of a multi-byte UTF-8 sequence (checked before it is copied).
constexpr auto needs_care = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) table[static_cast<std::size_t>(c)] = c < 0x20 || c >= 0x80 || c == '"' || c == '\\';
  return table;
}();

// Whether any of the 8 bytes in `word` needs care, tested all at once: most text needs none, and
// is then copied 8 bytes a step. (A byte below n shows as a borrow into its high bit once n is
// subtracted from every byte; a byte equal to c is one that XOR c turns to zero.)
constexpr bool any_needs_care(std::uint64_t word) {
  constexpr std::uint64_t ones = 0x0101010101010101, high_bits = 0x8080808080808080;
  const auto any_below = [&](std::uint64_t w, std::uint64_t n) { return (w - ones * n) & ~w & high_bits; };
  return ((word & high_bits) | any_below(word, 0x20) | any_below(word ^ (ones * '"'), 1) |
          any_below(word ^ (ones * '\\'), 1)) != 0;
}

// The most characters a JSON string of `text` takes: an escaped control character takes six.
constexpr std::size_t max_string_size(std::size_t text_size) {
  return 2 + 6 * text_size;
}

// Writes `text` as a JSON string at `out`, which has room for max_string_size(); returns the end.
char* write_string_at(char* out, std::string_view text) {
  *out++ = '"';
  std::size_t copied_to = 0;  // text[copied_to, i) needs no escaping and is not copied yet
  const auto copy_run = [&](std::size_t end) {
    std::memcpy(out, text.data() + copied_to, end - copied_to);
    out += end - copied_to;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    std::uint64_t word = 0;
    if (i + sizeof word <= text.size()) {
      std::memcpy(&word, text.data() + i, sizeof word);
      if (!any_needs_care(word)) {
        i += sizeof word;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (!needs_care[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (const std::size_t length = utf8_sequence_length(text, i)) {
        i += length;
        continue;
      }
    }
    copy_run(i);
    if (c >= 0x80) {
      std::memcpy(out, replacement_character.data(), replacement_character.size());
      out += replacement_character.size();
    } else {
      out = write_escape(out, c);
    }
    copied_to = ++i;
  }
  copy_run(text.size());
  *out++ = '"';
  return out;
}

}  // namespace

JsonWriter::JsonWriter(std::size_t expected_size) : buffer_(expected_size, '\0') {}

char* JsonWriter::make_room(std::size_t size) {
  const std::size_t needed = size_ + size + 1;
  if (needed > buffer_.size()) buffer_.resize(std::max(needed, 2 * buffer_.size()));
  char* at = buffer_.data() + size_;
  if (after_value_) *at++ = ',';
  return at;
}

void JsonWriter::write_string(std::string_view text) {
  written_to(write_string_at(make_room(max_string_size(text.size())), text));
}

JsonWriter& JsonWriter::open(char bracket) {
  char* at = make_room(1);
  *at++ = bracket;
  written_to(at);
  after_value_ = false;
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  after_value_ = false;  // no comma before a closing bracket
  open(bracket);
  after_value_ = true;  // the object or array is a value of its own level
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  char* at = make_room(max_string_size(name.size()) + 1);
  at = write_string_at(at, name);
  *at++ = ':';
  written_to(at);
  after_value_ = false;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  write_string(text);
  after_value_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  constexpr std::size_t max_digits = 20;  // "-9223372036854775808"
  char* at = make_room(max_digits);
  written_to(std::to_chars(at, at + max_digits, number).ptr);
  after_value_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  return raw(flag ? "true" : "false");
}

JsonWriter& JsonWriter::null() {
  return raw("null");
}

JsonWriter& JsonWriter::time(std::int64_t unix_seconds) {
  char* at = make_room(rfc3339_size + 2);
  if (!write_rfc3339(at + 1, unix_seconds)) return value(std::string_view(to_rfc3339(unix_seconds)));
  at[0] = '"';
  at[rfc3339_size + 1] = '"';
  written_to(at + rfc3339_size + 2);
  after_value_ = true;
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  char* at = make_room(json.size());
  std::memcpy(at, json.data(), json.size());
  written_to(at + json.size());
  after_value_ = true;
  return *this;
}

std::string JsonWriter::take() && {
  buffer_.resize(size_);
  return std::move(buffer_);
}

}  // namespace lineport
