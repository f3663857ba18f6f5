#pragma once
#include "storage/database.h"

namespace lineport::storage::sql::audit {

// Locks the chain's tip for the rest of the transaction (a row lock on PostgreSQL; SQLite's
// write transactions are already exclusive).
inline constexpr Query lock_head{"audit.lock_head", "UPDATE audit_head SET seq = seq WHERE id = 1"};
inline constexpr Query select_head{"audit.select_head", "SELECT seq, hash FROM audit_head WHERE id = 1"};
inline constexpr Query update_head{"audit.update_head", "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1"};
inline constexpr Query insert_entry{
    "audit.insert_entry",
    "INSERT INTO audit_log (seq, at, actor_id, actor_email, client_ip, org_id, action, activity_type, "
    "target_type, target_id, changes, request_id, prev_hash, hash) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"};
inline constexpr Query select_chain{
    "audit.select_chain",
    "SELECT seq, at, actor_id, actor_email, client_ip, org_id, action, activity_type, target_type, "
    "target_id, changes, request_id, prev_hash, hash FROM audit_log ORDER BY seq"};

}  // namespace lineport::storage::sql::audit
