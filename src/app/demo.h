#pragma once
// `lineport demo`: a realistic example in an empty database.

#include <string>

#include "storage/database.h"
#include "util/clock.h"

namespace lineport::app {

struct DemoCredentials {
  std::string email;
  std::string password;
};

inline constexpr std::string_view demo_admin_email = "admin@abc-banking.example";

// Throws when the database already has data. An empty `password` means generate one.
DemoCredentials load_demo(storage::Database& db, const Clock& clock, const std::string& password);

}  // namespace lineport::app
