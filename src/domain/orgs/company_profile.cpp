#include "domain/orgs/company_profile.h"

#include <algorithm>

#include "domain/audit/audit_log.h"
#include "domain/orgs/org_service.h"
#include "storage/queries/org_logos.h"
#include "storage/queries/orgs.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::orgs {
namespace {

namespace sql = storage::sql::org_logos;

constexpr std::string_view profile_fields[] = {"legal_name", "address", "phone", "contact_email"};

nlohmann::json stored_profile(storage::Connection& conn, const std::string& org_id) {
  const auto rows = conn.query(storage::sql::orgs::select_profile, {org_id});
  if (rows.empty()) throw_not_found("The organization does not exist.");
  auto profile = nlohmann::json::parse(rows.one().text(0), nullptr, false);
  return profile.is_object() ? profile : nlohmann::json::object();
}

}  // namespace

void check_profile(const nlohmann::json& profile, Validator& v, std::string_view prefix) {
  if (!profile.is_object()) return v.fail(prefix.empty() ? "body" : "profile", "Must be an object.");
  for (const auto& [key, value] : profile.items()) {
    const std::string field = std::string(prefix) + key;
    if (std::find(std::begin(profile_fields), std::end(profile_fields), key) == std::end(profile_fields)) {
      v.fail(field,
             "Unknown field: the profile has legal_name, address, phone and contact_email (the logo is uploaded).");
    } else if (!value.is_null() && (!value.is_string() || !text::is_valid_utf8(value.get<std::string>()) ||
                                    text::code_points(value.get<std::string>()) > 500)) {
      v.fail(field, "Must be text of at most 500 characters, or null to clear it.");
    } else if (key == "contact_email" && value.is_string() && !value.get<std::string>().empty() &&
               !text::is_email(value.get<std::string>())) {
      v.fail(field, "Must be an email address.");
    }
  }
}

void apply_profile(nlohmann::json& profile, const nlohmann::json& fields, std::string_view prefix,
                   nlohmann::json& changes) {
  for (const auto& [key, value] : fields.items()) {
    auto before = profile.value(key, nlohmann::json());
    if (before == value) continue;
    changes[std::string(prefix) + key] = {{"from", std::move(before)}, {"to", value}};
    if (value.is_null())
      profile.erase(key);
    else
      profile[key] = value;
  }
}

CompanyProfile CompanyProfileService::load(storage::Connection& conn, const std::string& org_id) {
  CompanyProfile p;
  p.org_id = org_id;
  const auto stored = stored_profile(conn, org_id);
  for (const auto field : profile_fields) p.fields[field] = stored.value(field, nlohmann::json());
  p.company_name = company_name(conn, org_id);
  const auto rows = conn.query(sql::select_meta, {org_id});
  if (!rows.empty()) {
    constexpr auto c = sql::meta_columns;
    const auto& r = rows.one();
    p.logo = LogoInfo{r.text(c["media_type"]),    r.integer(c["width"]), r.integer(c["height"]),
                      r.integer(c["byte_count"]), r.text(c["sha256"]),   r.integer(c["updated_at"])};
  }
  return p;
}

CompanyProfile CompanyProfileService::get(const auth::Principal& who, const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    require_in_scope(conn, who, org_id);
    return load(conn, org_id);
  });
}

CompanyProfile CompanyProfileService::update(const auth::Principal& who, const std::string& org_id,
                                             const nlohmann::json& fields, const RequestMeta& meta) {
  Validator v;
  check_profile(fields, v, "");
  if (fields.is_object() && fields.empty()) v.fail("body", "Send at least one field.");
  v.throw_if_failed();
  db_.write([&](storage::Connection& conn) {
    require_in_scope(conn, who, org_id);
    auto profile = stored_profile(conn, org_id);
    nlohmann::json changes = nlohmann::json::object();
    apply_profile(profile, fields, "", changes);
    if (changes.empty()) return;
    conn.execute(storage::sql::orgs::update_profile, {org_id, profile.dump(), clock_.now()});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id, "org.company_profile.update", audit::Activity::write, "org", org_id, changes});
  });
  return get(who, org_id);
}

CompanyProfile CompanyProfileService::set_logo(const auth::Principal& who, const std::string& org_id, std::string body,
                                               const RequestMeta& meta) {
  const UploadedImage logo = check_uploaded_image(std::move(body), "logo");
  const std::string sha256 = crypto::sha256_hex(logo.bytes);
  db_.write([&](storage::Connection& conn) {
    require_in_scope(conn, who, org_id);
    conn.execute(sql::upsert, sql::Upsert{.org_id = org_id,
                                          .media_type = logo.media_type,
                                          .width = static_cast<std::int64_t>(logo.width),
                                          .height = static_cast<std::int64_t>(logo.height),
                                          .byte_count = static_cast<std::int64_t>(logo.bytes.size()),
                                          .sha256 = sha256,
                                          .data = crypto::to_base64(logo.bytes),
                                          .updated_at = clock_.now()}
                                  .params());
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id,
                   "org.logo.update",
                   audit::Activity::write,
                   "org",
                   org_id,
                   {{"media_type", logo.media_type},
                    {"width", logo.width},
                    {"height", logo.height},
                    {"bytes", logo.bytes.size()},
                    {"sha256", sha256}}});
  });
  return get(who, org_id);
}

StoredImage CompanyProfileService::logo(const auth::Principal& who, const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    require_in_scope(conn, who, org_id);
    const auto rows = conn.query(sql::select_image, {org_id});
    if (rows.empty()) throw_not_found("The organization has no logo.");
    constexpr auto c = sql::image_columns;
    const auto& r = rows.one();
    auto bytes = crypto::from_base64(r.text(c["data"]));
    if (!bytes) throw DomainError(ErrorCode::internal, "The stored logo cannot be read.");
    return StoredImage{r.text(c["media_type"]), r.text(c["sha256"]), std::move(*bytes)};
  });
}

void CompanyProfileService::remove_logo(const auth::Principal& who, const std::string& org_id,
                                        const RequestMeta& meta) {
  db_.write([&](storage::Connection& conn) {
    require_in_scope(conn, who, org_id);
    if (conn.query(sql::select_meta, {org_id}).empty()) throw_not_found("The organization has no logo.");
    conn.execute(sql::delete_one, {org_id});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id, "org.logo.delete", audit::Activity::write, "org", org_id, nlohmann::json::object()});
  });
}

}  // namespace lineport::orgs
