#pragma once
#include "storage/database.h"

namespace lineport::storage::sql::admins {

#define LINEPORT_ADMIN_COLUMNS                                                                        \
  "a.id, a.org_id, a.role_id, a.kind, a.first_name, a.last_name, a.email, a.device_number, a.timezone, " \
  "a.language, a.address, a.password_hash, a.password_change_required, a.login_suspended, "            \
  "a.account_suspended, a.failed_sign_ins, a.failed_window_start, a.locked_until, a.last_sign_in_at, "   \
  "a.created_at, a.updated_at, r.privileges"

inline constexpr Query select_by_email{
    "admins.select_by_email",
    "SELECT " LINEPORT_ADMIN_COLUMNS " FROM admins a JOIN roles r ON r.id = a.role_id WHERE a.email_key = $1"};
inline constexpr Query select_by_id{
    "admins.select_by_id",
    "SELECT " LINEPORT_ADMIN_COLUMNS " FROM admins a JOIN roles r ON r.id = a.role_id WHERE a.id = $1"};

inline constexpr Query insert{
    "admins.insert",
    "INSERT INTO admins (id, org_id, role_id, kind, first_name, last_name, email, email_key, device_number, "
    "timezone, language, address, password_hash, password_change_required, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '{}', $12, $13, $14, $14)"};

inline constexpr Query record_failed_sign_in{
    "admins.record_failed_sign_in",
    "UPDATE admins SET failed_sign_ins = $2, failed_window_start = $3, locked_until = $4 WHERE id = $1"};
inline constexpr Query record_sign_in{
    "admins.record_sign_in",
    "UPDATE admins SET failed_sign_ins = 0, failed_window_start = NULL, locked_until = NULL, "
    "last_sign_in_at = $2 WHERE id = $1"};
inline constexpr Query update_password{
    "admins.update_password",
    "UPDATE admins SET password_hash = $2, password_change_required = $3, updated_at = $4 WHERE id = $1"};
inline constexpr Query update_profile{
    "admins.update_profile",
    "UPDATE admins SET first_name = $2, last_name = $3, device_number = $4, timezone = $5, language = $6, "
    "address = $7, updated_at = $8 WHERE id = $1"};

}  // namespace lineport::storage::sql::admins


namespace lineport::storage::sql::sessions {

inline constexpr Query insert{
    "sessions.insert",
    "INSERT INTO sessions (token_hash, admin_id, kind, csrf_token, client_ip, created_at, last_seen_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $6, $7)"};
inline constexpr Query select_with_admin{
    "sessions.select_with_admin",
    "SELECT s.kind, s.csrf_token, s.last_seen_at, s.expires_at, " LINEPORT_ADMIN_COLUMNS
    " FROM sessions s JOIN admins a ON a.id = s.admin_id JOIN roles r ON r.id = a.role_id "
    "WHERE s.token_hash = $1"};
inline constexpr Query touch{"sessions.touch", "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1"};
inline constexpr Query delete_one{"sessions.delete_one", "DELETE FROM sessions WHERE token_hash = $1"};
inline constexpr Query delete_others_of_admin{
    "sessions.delete_others_of_admin", "DELETE FROM sessions WHERE admin_id = $1 AND token_hash <> $2"};
inline constexpr Query delete_expired{
    "sessions.delete_expired",
    "DELETE FROM sessions WHERE expires_at <= $1 OR (kind = 'portal' AND last_seen_at <= $2)"};

}  // namespace lineport::storage::sql::sessions


namespace lineport::storage::sql::admin_management {

// One page of administrators of $1 (or of its whole subtree when $2 = 1) matching the search
// $3 (a LIKE pattern, '%' for all), ordered by (email_key, id) after the cursor ($4, $5).
inline constexpr Query select_page{
    "admins.select_page",
    "SELECT " LINEPORT_ADMIN_COLUMNS ", r.name, o.name, a.email_key FROM admins a JOIN roles r ON r.id = a.role_id JOIN orgs o ON o.id = a.org_id "
    "WHERE (a.org_id = $1 OR ($2 = 1 AND a.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = $1))) "
    "AND (a.email_key LIKE $3 ESCAPE '\\' OR LOWER(a.first_name || ' ' || a.last_name) LIKE $3 ESCAPE '\\') "
    "AND (a.email_key > $4 OR (a.email_key = $4 AND a.id > $5)) ORDER BY a.email_key, a.id LIMIT $6"};
inline constexpr Query count_page{
    "admins.count_page",
    "SELECT COUNT(*) FROM admins a "
    "WHERE (a.org_id = $1 OR ($2 = 1 AND a.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = $1))) "
    "AND (a.email_key LIKE $3 ESCAPE '\\' OR LOWER(a.first_name || ' ' || a.last_name) LIKE $3 ESCAPE '\\')"};

inline constexpr Query email_taken{"admins.email_taken", "SELECT 1 FROM admins WHERE email_key = $1 AND id <> $2"};
inline constexpr Query insert{
    "admins.insert_full",
    "INSERT INTO admins (id, org_id, role_id, kind, first_name, last_name, email, email_key, device_number, "
    "timezone, language, address, password_hash, password_change_required, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $15, $14, $14)"};
inline constexpr Query update{
    "admins.update",
    "UPDATE admins SET role_id = $2, first_name = $3, last_name = $4, device_number = $5, timezone = $6, "
    "language = $7, address = $8, login_suspended = $9, account_suspended = $10, updated_at = $11 WHERE id = $1"};
inline constexpr Query delete_one{"admins.delete_one", "DELETE FROM admins WHERE id = $1"};
inline constexpr Query select_role_name{"admins.select_role_name", "SELECT name FROM roles WHERE id = $1"};
inline constexpr Query delete_sessions{"admins.delete_sessions", "DELETE FROM sessions WHERE admin_id = $1"};
inline constexpr Query reset_password{
    "admins.reset_password",
    "UPDATE admins SET password_hash = $2, password_change_required = 1, failed_sign_ins = 0, "
    "failed_window_start = NULL, locked_until = NULL, updated_at = $3 WHERE id = $1"};

inline constexpr Query insert_application{
    "admins.insert_application", "INSERT INTO admin_applications (admin_id, name, name_key) VALUES ($1, $2, $3)"};
inline constexpr Query delete_applications{
    "admins.delete_applications", "DELETE FROM admin_applications WHERE admin_id = $1"};
inline constexpr Query select_applications{
    "admins.select_applications", "SELECT name FROM admin_applications WHERE admin_id = $1 ORDER BY name_key"};
// How many other administrators serve the application `$2` (its name_key) besides $1.
inline constexpr Query count_other_users_of_application{
    "admins.count_other_users_of_application",
    "SELECT COUNT(*) FROM admin_applications WHERE name_key = $2 AND admin_id <> $1"};

inline constexpr Query insert_batch{
    "admins.insert_batch", "INSERT INTO invitation_batches (id, created_by, created_at, results) VALUES ($1, $2, $3, $4)"};
inline constexpr Query select_batch{
    "admins.select_batch", "SELECT results FROM invitation_batches WHERE id = $1 AND created_by = $2"};

}  // namespace lineport::storage::sql::admin_management

#undef LINEPORT_ADMIN_COLUMNS
