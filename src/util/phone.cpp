#include "util/phone.h"

#include <phonenumbers/phonenumberutil.h>

namespace lineport::phone {

std::optional<std::string> normalize_e164(std::string_view text) {
  if (text.size() > 32) return std::nullopt;
  std::string trimmed(text);
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.pop_back();
  const auto first = trimmed.find_first_not_of(" \t");
  if (first == std::string::npos || trimmed[first] != '+') return std::nullopt;

  const auto* util = i18n::phonenumbers::PhoneNumberUtil::GetInstance();
  i18n::phonenumbers::PhoneNumber parsed;
  if (util->Parse(trimmed.substr(first), "ZZ", &parsed) != i18n::phonenumbers::PhoneNumberUtil::NO_PARSING_ERROR)
    return std::nullopt;
  if (!util->IsValidNumber(parsed)) return std::nullopt;
  std::string out;
  util->Format(parsed, i18n::phonenumbers::PhoneNumberUtil::E164, &out);
  return out;
}

std::string series_of(std::string_view e164) {
  const auto* util = i18n::phonenumbers::PhoneNumberUtil::GetInstance();
  i18n::phonenumbers::PhoneNumber parsed;
  if (util->Parse(std::string(e164), "ZZ", &parsed) != i18n::phonenumbers::PhoneNumberUtil::NO_PARSING_ERROR)
    return std::string(e164.substr(0, 2));
  std::string country = "+" + std::to_string(parsed.country_code());
  std::string national;
  util->GetNationalSignificantNumber(parsed, &national);
  const auto length = util->GetLengthOfNationalDestinationCode(parsed);
  if (length <= 0 || static_cast<std::size_t>(length) > national.size()) return country;
  return country + " " + national.substr(0, static_cast<std::size_t>(length));
}

}  // namespace lineport::phone
