#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::admins {

#define LINEPORT_ADMIN_COLUMNS                                                               \
  "a.id, a.org_id, a.role_id, a.kind, a.first_name, a.last_name, a.email, a.device_number, " \
  "a.timezone, a.language, a.address, a.password_hash, a.password_change_required, "         \
  "a.login_suspended, a.account_suspended, a.last_sign_in_at, a.created_at, a.updated_at, "  \
  "r.privileges, (SELECT p.sha256 FROM admin_photos p WHERE p.admin_id = a.id) AS photo_version"

inline constexpr Query select_by_email{"admins.select_by_email",
                                       "SELECT " LINEPORT_ADMIN_COLUMNS
                                       " FROM admins a JOIN roles r ON r.id = a.role_id WHERE a.email_key = $1"};
inline constexpr Query select_by_id{"admins.select_by_id",
                                    "SELECT " LINEPORT_ADMIN_COLUMNS
                                    " FROM admins a JOIN roles r ON r.id = a.role_id WHERE a.id = $1"};
// The columns of an administrator (admins::admin_from_row): every statement that selects
// LINEPORT_ADMIN_COLUMNS selects them first.
inline constexpr Columns admin_columns{select_by_id};
static_assert(Columns{select_by_email} == admin_columns);

inline constexpr Query record_sign_in{"admins.record_sign_in", "UPDATE admins SET last_sign_in_at = $2 WHERE id = $1"};
inline constexpr Query update_password{
    "admins.update_password",
    "UPDATE admins SET password_hash = $2, password_change_required = $3, updated_at = $4 WHERE id = $1"};
inline constexpr Query update_profile{
    "admins.update_profile",
    "UPDATE admins SET first_name = $2, last_name = $3, device_number = $4, timezone = $5, language = $6, "
    "address = $7, updated_at = $8 WHERE id = $1"};
// An administrator's profile: the values that update_profile and update share.
struct ProfileFields {
  std::string first_name;
  std::string last_name;
  std::optional<std::string> device_number;
  std::string timezone;
  std::string language;
  std::string address;  // JSON
};
struct UpdateProfile {
  std::string id;
  ProfileFields profile;
  std::int64_t updated_at = 0;
  Params params() const {
    const auto& p = profile;
    return bind<update_profile>(id, p.first_name, p.last_name, p.device_number, p.timezone, p.language, p.address,
                                updated_at);
  }
};

inline constexpr Query select_preferences{"admins.select_preferences", "SELECT preferences FROM admins WHERE id = $1"};
inline constexpr Query update_preferences{"admins.update_preferences",
                                          "UPDATE admins SET preferences = $2 WHERE id = $1"};

}  // namespace lineport::storage::sql::admins

namespace lineport::storage::sql::sessions {

inline constexpr Query insert{
    "sessions.insert",
    "INSERT INTO sessions (token_hash, admin_id, kind, csrf_token, client_ip, created_at, last_seen_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $6, $7)"};
struct Insert {
  std::string token_hash;
  std::string admin_id;
  std::string kind;  // "portal" or "bearer"
  std::string csrf_token;
  std::string client_ip;
  std::int64_t created_at = 0;  // and last seen
  std::int64_t expires_at = 0;
  Params params() const {
    return bind<insert>(token_hash, admin_id, kind, csrf_token, client_ip, created_at, expires_at);
  }
};
// A session and what a request needs of its administrator: every request with credentials asks
// it, so it reads no more than that (docs/performance.md#read-path).
inline constexpr Query select_principal{
    "sessions.select_principal",
    "SELECT a.id, a.email, a.kind, a.org_id, a.role_id, r.privileges, a.password_change_required, "
    "a.login_suspended, a.account_suspended, s.kind AS session_kind, s.csrf_token, s.last_seen_at, s.expires_at"
    " FROM sessions s JOIN admins a ON a.id = s.admin_id JOIN roles r ON r.id = a.role_id "
    "WHERE s.token_hash = $1"};
inline constexpr Columns principal_columns{select_principal};
inline constexpr Query touch{"sessions.touch", "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1"};
inline constexpr Query delete_one{"sessions.delete_one", "DELETE FROM sessions WHERE token_hash = $1"};
inline constexpr Query delete_others_of_admin{"sessions.delete_others_of_admin",
                                              "DELETE FROM sessions WHERE admin_id = $1 AND token_hash <> $2"};
inline constexpr Query delete_expired{
    "sessions.delete_expired",
    "DELETE FROM sessions WHERE expires_at <= $1 OR (kind = 'portal' AND last_seen_at <= $2)"};

}  // namespace lineport::storage::sql::sessions

namespace lineport::storage::sql::admin_management {

// One page of administrators of $1 (or of its whole subtree when $2 = 1) matching the search
// $3 (a LIKE pattern, '%' for all), ordered by (email_key, id) after the cursor ($4, $5).
inline constexpr Query select_page{
    "admins.select_page",
    "SELECT " LINEPORT_ADMIN_COLUMNS
    ", r.name AS role_name, o.name AS org_name, a.email_key FROM admins a "
    "JOIN roles r ON r.id = a.role_id JOIN orgs o ON o.id = a.org_id "
    "WHERE (a.org_id = $1 OR ($2 = 1 AND a.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = $1))) "
    "AND (a.email_key LIKE $3 ESCAPE '\\' OR LOWER(a.first_name || ' ' || a.last_name) LIKE $3 ESCAPE '\\') "
    "AND (a.email_key > $4 OR (a.email_key = $4 AND a.id > $5)) ORDER BY a.email_key, a.id LIMIT $6"};
// An administrator's columns, then the page's.
inline constexpr Columns page_columns{select_page};
static_assert(page_columns.starts_with(admins::admin_columns));
inline constexpr Query count_page{
    "admins.count_page",
    "SELECT COUNT(*) FROM admins a "
    "WHERE (a.org_id = $1 OR ($2 = 1 AND a.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = $1))) "
    "AND (a.email_key LIKE $3 ESCAPE '\\' OR LOWER(a.first_name || ' ' || a.last_name) LIKE $3 ESCAPE '\\')"};

inline constexpr Query email_taken{"admins.email_taken", "SELECT 1 FROM admins WHERE email_key = $1 AND id <> $2"};
// A new administrator or API user, invited now (lineport init's first administrator too).
inline constexpr Query insert{"admins.insert",
                              "INSERT INTO admins (id, org_id, role_id, kind, first_name, last_name, email, email_key, "
                              "device_number, timezone, language, address, password_hash, password_change_required, "
                              "created_at, updated_at, invited_at) "
                              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $15)"};
struct Insert {
  std::string id;
  std::string org_id;
  std::string role_id;
  std::string kind;  // "admin" or "api_user"
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string email_key;
  std::optional<std::string> device_number;
  std::string timezone;
  std::string language;
  std::string address = "{}";  // JSON
  std::string password_hash;
  bool password_change_required = false;
  std::int64_t created_at = 0;  // and updated, and invited
  Params params() const {
    return bind<insert>(id, org_id, role_id, kind, first_name, last_name, email, email_key, device_number, timezone,
                        language, address, password_hash, password_change_required, created_at);
  }
};
inline constexpr Query update{
    "admins.update",
    "UPDATE admins SET role_id = $2, first_name = $3, last_name = $4, device_number = $5, timezone = $6, "
    "language = $7, address = $8, login_suspended = $9, account_suspended = $10, updated_at = $11 WHERE id = $1"};
struct Update {
  std::string id;
  std::string role_id;
  admins::ProfileFields profile;
  bool login_suspended = false;
  bool account_suspended = false;
  std::int64_t updated_at = 0;
  Params params() const {
    const auto& p = profile;
    return bind<update>(id, role_id, p.first_name, p.last_name, p.device_number, p.timezone, p.language, p.address,
                        login_suspended, account_suspended, updated_at);
  }
};
inline constexpr Query delete_one{"admins.delete_one", "DELETE FROM admins WHERE id = $1"};
inline constexpr Query select_role_name{"admins.select_role_name", "SELECT name FROM roles WHERE id = $1"};
inline constexpr Query delete_sessions{"admins.delete_sessions", "DELETE FROM sessions WHERE admin_id = $1"};
// A new invitation: a generated password to sign in with and change, sent now.
inline constexpr Query reset_password{
    "admins.reset_password",
    "UPDATE admins SET password_hash = $2, password_change_required = 1, updated_at = $3, invited_at = $3 "
    "WHERE id = $1"};

inline constexpr Query insert_application{
    "admins.insert_application", "INSERT INTO admin_applications (admin_id, name, name_key) VALUES ($1, $2, $3)"};
inline constexpr Query delete_applications{"admins.delete_applications",
                                           "DELETE FROM admin_applications WHERE admin_id = $1"};
inline constexpr Query select_applications{"admins.select_applications",
                                           "SELECT name FROM admin_applications WHERE admin_id = $1 ORDER BY name_key"};
// How many other administrators serve the application `$2` (its name_key) besides $1.
inline constexpr Query count_other_users_of_application{
    "admins.count_other_users_of_application",
    "SELECT COUNT(*) FROM admin_applications WHERE name_key = $2 AND admin_id <> $1"};

inline constexpr Query upsert_photo{
    "admins.upsert_photo",
    "INSERT INTO admin_photos (admin_id, media_type, width, height, byte_count, sha256, data, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
    "ON CONFLICT (admin_id) DO UPDATE SET media_type = $2, width = $3, height = $4, "
    "byte_count = $5, sha256 = $6, data = $7, updated_at = $8"};
struct UpsertPhoto {
  std::string admin_id;
  std::string media_type;
  std::int64_t width = 0;
  std::int64_t height = 0;
  std::int64_t byte_count = 0;
  std::string sha256;
  std::string data;  // base64
  std::int64_t updated_at = 0;
  Params params() const {
    return bind<upsert_photo>(admin_id, media_type, width, height, byte_count, sha256, data, updated_at);
  }
};
inline constexpr Query select_photo{"admins.select_photo",
                                    "SELECT media_type, sha256, data FROM admin_photos WHERE admin_id = $1"};
inline constexpr Columns photo_columns{select_photo};
inline constexpr Query delete_photo{"admins.delete_photo", "DELETE FROM admin_photos WHERE admin_id = $1"};

inline constexpr Query insert_batch{
    "admins.insert_batch",
    "INSERT INTO invitation_batches (id, created_by, created_at, results) VALUES ($1, $2, $3, $4)"};
inline constexpr Query select_batch{"admins.select_batch",
                                    "SELECT results FROM invitation_batches WHERE id = $1 AND created_by = $2"};

}  // namespace lineport::storage::sql::admin_management

#undef LINEPORT_ADMIN_COLUMNS
