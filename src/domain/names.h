#pragma once
// The rule for the names people give things (roles, permission groups): trimmed, valid UTF-8,
// no control characters, 1 to `max_chars` characters.

#include <string>
#include <string_view>

#include "domain/error.h"

namespace lineport {

// The trimmed name; adds a message for `field` to `v` when it breaks the rule.
std::string clean_name(const std::string& raw, std::string_view field, std::size_t max_chars, Validator& v);

}  // namespace lineport
