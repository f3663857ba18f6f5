#pragma once
// Setup > Branding's logos (docs/product.md#app-settings): a PNG or JPEG for the portal and one
// for the app, per organization, inherited by the organizations below that set none. The texts
// and colours of Branding are organization settings (settings.h).

#include <optional>
#include <string>
#include <string_view>

#include "domain/auth/principal.h"
#include "domain/uploaded_image.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::orgs {

struct BrandingLogo {
  std::string source_org_id;  // the organization that set it
  std::string source_org_name;
  std::string media_type;
  std::int64_t width = 0;
  std::int64_t height = 0;
  std::int64_t byte_count = 0;
  std::string sha256;
  UnixSeconds updated_at = 0;
};

struct BrandingLogos {
  std::optional<BrandingLogo> portal;
  std::optional<BrandingLogo> app;
};

// "portal" or "app"; 404 for anything else (the route's {kind}).
void check_logo_kind(std::string_view kind);

// The logo of `kind` in force at `org_id` (nullopt: none up the tree).
std::optional<BrandingLogo> nearest_logo(storage::Connection& conn, const std::string& org_id, std::string_view kind);
std::optional<StoredImage> nearest_logo_image(storage::Connection& conn, const std::string& org_id,
                                              std::string_view kind);

class BrandingService {
 public:
  BrandingService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  BrandingLogos logos(const auth::Principal& who, const std::string& org_id);
  // 404 when no organization up the tree has one.
  StoredImage logo(const auth::Principal& who, const std::string& org_id, std::string_view kind);
  BrandingLogos set_logo(const auth::Principal& who, const std::string& org_id, std::string_view kind, std::string body,
                         const RequestMeta& meta);
  // The organization's own logo goes; the inherited one (if any) shows again. 404 without one.
  BrandingLogos remove_logo(const auth::Principal& who, const std::string& org_id, std::string_view kind,
                            const RequestMeta& meta);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace lineport::orgs
