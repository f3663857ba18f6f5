#pragma once
#include "storage/database.h"

namespace lineport::storage::sql::alerts {

inline constexpr Query select_for_org{
    "alerts.select_for_org", "SELECT key, enabled, to_org_admins, recipients FROM alert_settings WHERE org_id = $1"};
inline constexpr Query select_one{
    "alerts.select_one",
    "SELECT key, enabled, to_org_admins, recipients FROM alert_settings WHERE org_id = $1 AND key = $2"};
inline constexpr Query upsert{
    "alerts.upsert",
    "INSERT INTO alert_settings (org_id, key, enabled, to_org_admins, recipients) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (org_id, key) DO UPDATE SET enabled = excluded.enabled, to_org_admins = excluded.to_org_admins, "
    "recipients = excluded.recipients"};
// The organization's own administrators who can receive mail.
inline constexpr Query select_org_admin_recipients{
    "alerts.select_org_admin_recipients",
    "SELECT email, language FROM admins WHERE org_id = $1 AND kind = 'admin' AND account_suspended = 0 "
    "ORDER BY email_key"};

}  // namespace lineport::storage::sql::alerts
