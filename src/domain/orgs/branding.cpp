#include "domain/orgs/branding.h"

#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "storage/queries/branding.h"
#include "util/crypto.h"

namespace lineport::orgs {
namespace {

namespace sql = storage::sql::branding;

BrandingLogos both(storage::Connection& conn, const std::string& org_id) {
  return {nearest_logo(conn, org_id, "portal"), nearest_logo(conn, org_id, "app")};
}

}  // namespace

void check_logo_kind(std::string_view kind) {
  if (kind != "portal" && kind != "app") throw_not_found("Branding has a portal logo and an app logo.");
}

std::optional<BrandingLogo> nearest_logo(storage::Connection& conn, const std::string& org_id, std::string_view kind) {
  const auto rows = conn.query(sql::select_nearest_meta, {org_id, std::string(kind)});
  if (rows.empty()) return std::nullopt;
  constexpr auto c = sql::meta_columns;
  const auto& r = rows.one();
  return BrandingLogo{r.text(c["org_id"]),   r.text(c["org_name"]),     r.text(c["media_type"]),
                      r.integer(c["width"]), r.integer(c["height"]),    r.integer(c["byte_count"]),
                      r.text(c["sha256"]),   r.integer(c["updated_at"])};
}

std::optional<StoredImage> nearest_logo_image(storage::Connection& conn, const std::string& org_id,
                                              std::string_view kind) {
  const auto rows = conn.query(sql::select_nearest_image, {org_id, std::string(kind)});
  if (rows.empty()) return std::nullopt;
  constexpr auto c = sql::image_columns;
  auto bytes = crypto::from_base64(rows.one().text(c["data"]));
  if (!bytes) throw DomainError(ErrorCode::internal, "The stored logo cannot be read.");
  return StoredImage{rows.one().text(c["media_type"]), rows.one().text(c["sha256"]), std::move(*bytes)};
}

BrandingLogos BrandingService::logos(const auth::Principal& who, const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    require_in_scope(conn, who, org_id);
    return both(conn, org_id);
  });
}

StoredImage BrandingService::logo(const auth::Principal& who, const std::string& org_id, std::string_view kind) {
  check_logo_kind(kind);
  return db_.read([&](storage::Connection& conn) {
    require_in_scope(conn, who, org_id);
    auto image = nearest_logo_image(conn, org_id, kind);
    if (!image) throw_not_found("No organization up the tree has set this logo.");
    return std::move(*image);
  });
}

BrandingLogos BrandingService::set_logo(const auth::Principal& who, const std::string& org_id, std::string_view kind,
                                        std::string body, const RequestMeta& meta) {
  check_logo_kind(kind);
  const UploadedImage logo = check_uploaded_image(std::move(body), "logo");
  const std::string sha256 = crypto::sha256_hex(logo.bytes);
  return db_.write([&](storage::Connection& conn) {
    require_in_scope(conn, who, org_id);
    conn.execute(sql::upsert_logo, sql::UpsertLogo{.org_id = org_id,
                                                   .kind = std::string(kind),
                                                   .media_type = logo.media_type,
                                                   .width = static_cast<std::int64_t>(logo.width),
                                                   .height = static_cast<std::int64_t>(logo.height),
                                                   .byte_count = static_cast<std::int64_t>(logo.bytes.size()),
                                                   .sha256 = sha256,
                                                   .data = crypto::to_base64(logo.bytes),
                                                   .updated_at = clock_.now()}
                                       .params());
    audit::append(
        conn, clock_, audit::actor_of(who), meta,
        {org_id,
         "branding.logo.update",
         audit::Activity::write,
         "org",
         org_id,
         {{"kind", kind}, {"media_type", logo.media_type}, {"bytes", logo.bytes.size()}, {"sha256", sha256}}});
    return both(conn, org_id);
  });
}

BrandingLogos BrandingService::remove_logo(const auth::Principal& who, const std::string& org_id, std::string_view kind,
                                           const RequestMeta& meta) {
  check_logo_kind(kind);
  return db_.write([&](storage::Connection& conn) {
    require_in_scope(conn, who, org_id);
    if (conn.execute(sql::delete_logo, {org_id, std::string(kind)}) == 0)
      throw_not_found("The organization has no logo of its own here.");
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id, "branding.logo.delete", audit::Activity::write, "org", org_id, {{"kind", kind}}});
    return both(conn, org_id);
  });
}

}  // namespace lineport::orgs
