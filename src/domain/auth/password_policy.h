#pragma once
// docs/product.md#sign-in-and-sessions: at least 12 characters, not the email, not a common password.

#include <string_view>

#include "domain/error.h"

namespace lineport::auth {

// Adds an error on `field` when `password` is not acceptable for the account `email`.
void check_password_policy(std::string_view password, std::string_view email, std::string_view field, Validator& v);

}  // namespace lineport::auth
