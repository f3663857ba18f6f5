#pragma once
// Phone numbers, through libphonenumber.

#include <optional>
#include <string>
#include <string_view>

namespace lineport::phone {

// The E.164 form ("+14155550123") of a number written in international form, or nullopt when it
// is not a valid number. A leading "+" is required: there is no default region to guess from.
std::optional<std::string> normalize_e164(std::string_view text);

// The series of a valid E.164 number: its country code and national destination (area) code,
// as "+1 212". Numbers without a destination code form the series of their country ("+65").
std::string series_of(std::string_view e164);

}  // namespace lineport::phone
