#pragma once
// Phone numbers, through libphonenumber.

#include <optional>
#include <string>
#include <string_view>

namespace lineport::phone {

// The E.164 form ("+14155550123") of a number written in international form, or nullopt when it
// is not a valid number. A leading "+" is required: there is no default region to guess from.
std::optional<std::string> normalize_e164(std::string_view text);

}  // namespace lineport::phone
