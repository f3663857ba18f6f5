#pragma once
// Setup > Company Profile (docs/product.md#organizations): an organization's legal name, address,
// phone, contact email and logo. The legal name is what invitations name as the users' company
// (orgs::company_name). Viewing needs setup.view.company_profile, changing setup.edit.company_profile.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "domain/auth/principal.h"
#include "domain/error.h"
#include "domain/uploaded_image.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::orgs {

struct LogoInfo {
  std::string media_type;
  std::int64_t width = 0;
  std::int64_t height = 0;
  std::int64_t byte_count = 0;
  std::string sha256;  // its version
  UnixSeconds updated_at = 0;
};

struct CompanyProfile {
  std::string org_id;
  nlohmann::json fields = nlohmann::json::object();  // legal_name, address, phone, contact_email (own; null when unset)
  std::string company_name;                          // what invitations name (orgs::company_name)
  std::optional<LogoInfo> logo;
};

// The text fields of a profile ({legal_name, address, phone, contact_email}, each text of at most 500
// characters or null to clear; contact_email an email address): field errors into `v`, each named
// `prefix` + the field.
void check_profile(const nlohmann::json& profile, Validator& v, std::string_view prefix);
// Applies checked `fields` to `profile` (null removes one) and records each real change in
// `changes` as {"from", "to"}, under `prefix` + the field.
void apply_profile(nlohmann::json& profile, const nlohmann::json& fields, std::string_view prefix,
                   nlohmann::json& changes);

class CompanyProfileService {
 public:
  CompanyProfileService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  CompanyProfile get(const auth::Principal& who, const std::string& org_id);
  // Each field given replaces the organization's; null clears it.
  CompanyProfile update(const auth::Principal& who, const std::string& org_id, const nlohmann::json& fields,
                        const RequestMeta& meta);
  // `body` is checked by its content first (check_uploaded_image), then stored.
  CompanyProfile set_logo(const auth::Principal& who, const std::string& org_id, std::string body,
                          const RequestMeta& meta);
  // 404 when the organization has no logo.
  StoredImage logo(const auth::Principal& who, const std::string& org_id);
  void remove_logo(const auth::Principal& who, const std::string& org_id, const RequestMeta& meta);

 private:
  CompanyProfile load(storage::Connection& conn, const std::string& org_id);

  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace lineport::orgs
