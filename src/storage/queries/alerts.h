#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::alerts {

inline constexpr Query select_for_org{
    "alerts.select_for_org", "SELECT key, enabled, to_org_admins, recipients FROM alert_settings WHERE org_id = $1"};
inline constexpr Query select_one{
    "alerts.select_one",
    "SELECT key, enabled, to_org_admins, recipients FROM alert_settings WHERE org_id = $1 AND key = $2"};
// The columns of a setting (alerts' setting_from_row), the same in both statements.
inline constexpr Columns setting_columns{select_one};
static_assert(Columns{select_for_org} == setting_columns);
inline constexpr Query upsert{
    "alerts.upsert",
    "INSERT INTO alert_settings (org_id, key, enabled, to_org_admins, recipients) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (org_id, key) DO UPDATE SET enabled = excluded.enabled, to_org_admins = excluded.to_org_admins, "
    "recipients = excluded.recipients"};
struct Upsert {
  std::string org_id;
  std::string key;
  bool enabled = true;
  bool to_org_admins = true;
  std::string recipients;  // JSON
  Params params() const { return bind<upsert>(org_id, key, enabled, to_org_admins, recipients); }
};
// "The organization's administrators" of an alert (docs/decisions.md): the administrators who can
// receive mail whose home is $1 or, when it has none, the nearest ancestor that has some.
#define LINEPORT_MAILABLE_ADMIN "a.kind = 'admin' AND a.account_suspended = 0"
inline constexpr Query select_org_admin_recipients{
    "alerts.select_org_admin_recipients",
    "SELECT a.email, a.language, o.id AS org_id, o.name AS org_name FROM org_closure c "
    "JOIN admins a ON a.org_id = c.ancestor_id "
    "JOIN orgs o ON o.id = c.ancestor_id WHERE c.descendant_id = $1 AND " LINEPORT_MAILABLE_ADMIN
    " AND c.depth = (SELECT MIN(n.depth) FROM org_closure n JOIN admins a ON a.org_id = n.ancestor_id "
    "WHERE n.descendant_id = $1 AND " LINEPORT_MAILABLE_ADMIN ") ORDER BY a.email_key"};
inline constexpr Columns recipient_columns{select_org_admin_recipients};
#undef LINEPORT_MAILABLE_ADMIN

}  // namespace lineport::storage::sql::alerts
