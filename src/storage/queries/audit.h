#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::audit {

// Locks the chain's tip for the rest of the transaction (a row lock on PostgreSQL; SQLite's
// write transactions are already exclusive) and reads it, in one statement: every entry is
// chained to the one before, so the lock is held from here to the commit, and each round trip
// inside it delays every other audited write.
inline constexpr Query take_head{"audit.take_head", "UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash"};
inline constexpr Query select_head{"audit.select_head", "SELECT seq, hash FROM audit_head WHERE id = 1"};
inline constexpr Columns head_columns{select_head};
static_assert(Columns{take_head} == head_columns);
inline constexpr Query update_head{"audit.update_head", "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1"};
inline constexpr Query insert_entry{
    "audit.insert_entry",
    "INSERT INTO audit_log (seq, at, actor_id, actor_email, client_ip, org_id, action, activity_type, "
    "target_type, target_id, changes, request_id, prev_hash, hash) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"};
struct InsertEntry {
  std::int64_t seq = 0;
  std::int64_t at = 0;
  std::optional<std::string> actor_id;
  std::optional<std::string> actor_email;
  std::optional<std::string> client_ip;
  std::optional<std::string> org_id;
  std::string action;
  std::string activity_type;
  std::optional<std::string> target_type;
  std::optional<std::string> target_id;
  std::string changes;  // JSON
  std::optional<std::string> request_id;
  std::string prev_hash;
  std::string hash;
  Params params() const {
    return bind<insert_entry>(seq, at, actor_id, actor_email, client_ip, org_id, action, activity_type, target_type,
                              target_id, changes, request_id, prev_hash, hash);
  }
};
inline constexpr Query select_chain{
    "audit.select_chain",
    "SELECT seq, at, actor_id, actor_email, client_ip, org_id, action, activity_type, target_type, "
    "target_id, changes, request_id, prev_hash, hash FROM audit_log ORDER BY seq"};
inline constexpr Columns chain_columns{select_chain};

}  // namespace lineport::storage::sql::audit
