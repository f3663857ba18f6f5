#pragma once
// Small text helpers shared by validation code.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lineport::text {

std::string trim(std::string_view s);
// Lower-cases ASCII letters; other characters are kept (names compare case-insensitively in the
// ASCII range, see docs/decisions.md).
std::string fold_case(std::string_view s);
bool is_valid_utf8(std::string_view s);
// Number of Unicode code points (the unit of "1–120 characters").
std::size_t code_points(std::string_view s);
bool has_control_chars(std::string_view s);
// The same, line breaks ('\n') allowed: texts of several lines (messages, announcements).
bool has_control_chars_but_line_breaks(std::string_view s);
// The same, the characters of `allowed` allowed (e.g. "\t\r\n" for pasted documents).
bool has_control_chars_except(std::string_view s, std::string_view allowed);
// A plausible email address: one @, a dotted domain, no spaces, at most 254 characters.
bool is_email(std::string_view s);

// "a, b, c"
std::string join(const std::vector<std::string>& parts, std::string_view separator);

// RFC 3986 percent-encoding of everything but unreserved characters (for URL parts).
std::string percent_encode(std::string_view text);

// `text` with LIKE's wildcards (% and _) and the escape character (\) escaped by a backslash,
// for a pattern used with ESCAPE '\'.
std::string escape_like(std::string_view text);

// A whole decimal number (optional leading '-'), or nullopt.
std::optional<std::int64_t> parse_int(std::string_view s);

}  // namespace lineport::text
