#pragma once
// `lineport demo`: a realistic example in an empty database.

#include <string>

#include "storage/database.h"
#include "util/clock.h"

namespace lineport::app {

struct DemoSignIn {
  std::string who;  // whose administrator, for the printed instructions
  std::string email;
  std::string password;
};

// The two sign-ins the demo prints: the service provider's administrator, homed at the root, and
// the customer's, homed at ABC Banking Corporation (seeds: the customer's own administrators
// manage its tree; the carrier's manage every customer).
struct DemoCredentials {
  DemoSignIn carrier;
  DemoSignIn customer;
};

inline constexpr std::string_view demo_carrier_email = "admin@carrier.example";
inline constexpr std::string_view demo_admin_email = "admin@abc-banking.example";
inline constexpr std::string_view demo_account_manager_email = "it.desk@abc-banking.example";

// Throws when the database already has data. An empty `password` means generate one (the same
// for every demo administrator, who must then change it at first sign-in). The demo's
// activation codes are made with the secret key in `secret_key_file` (made when missing), the
// one the server will use.
DemoCredentials load_demo(storage::Database& db, const Clock& clock, const std::string& password,
                          const std::string& secret_key_file);

}  // namespace lineport::app
