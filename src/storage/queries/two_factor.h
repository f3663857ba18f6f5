#pragma once
#include <cstdint>
#include <string>

#include "storage/database.h"
#include "storage/statement.h"

namespace lineport::storage::sql::two_factor {

inline constexpr Query insert_challenge{
    "two_factor.insert_challenge",
    "INSERT INTO two_factor_challenges (challenge_hash, admin_id, created_at, expires_at) VALUES "
    "($1, $2, $3, $4)"};
inline constexpr Query select_challenge{"two_factor.select_challenge",
                                        "SELECT admin_id, pin_hash, attempts, pin_expires_at, "
                                        "expires_at, used_at FROM two_factor_challenges "
                                        "WHERE challenge_hash = $1"};
inline constexpr Columns challenge_columns{select_challenge};
// A new PIN for a live challenge ($4 now) with answers left (< $5) and sends left (< $6).
inline constexpr Query set_pin{"two_factor.set_pin",
                               "UPDATE two_factor_challenges SET pin_hash = $2, pin_expires_at = "
                               "$3, pin_sends = pin_sends + 1 "
                               "WHERE challenge_hash = $1 AND used_at IS NULL AND expires_at > $4 "
                               "AND attempts < $5 AND pin_sends < $6 "
                               "RETURNING admin_id"};
struct SetPin {
  std::string challenge_hash;
  std::string pin_hash;
  std::int64_t pin_expires_at = 0;
  std::int64_t now = 0;
  std::int64_t max_attempts = 0;
  std::int64_t max_sends = 0;
  Params params() const {
    return bind<set_pin>(challenge_hash, pin_hash, pin_expires_at, now, max_attempts, max_sends);
  }
};
// One answer's try, taken from a live challenge ($2 now) with tries left (< $3) before the answer
// is checked; no row when there is none to take.
inline constexpr Query take_attempt{
    "two_factor.take_attempt",
    "UPDATE two_factor_challenges SET attempts = attempts + 1 "
    "WHERE challenge_hash = $1 AND used_at IS NULL AND expires_at > $2 AND attempts < $3 "
    "RETURNING admin_id, pin_hash, attempts, pin_expires_at"};
inline constexpr Columns taken_attempt_columns{take_attempt};
// Marks the challenge used, once: a second verify of the same PIN changes no row.
inline constexpr Query mark_used{
    "two_factor.mark_used",
    "UPDATE two_factor_challenges SET used_at = $2 WHERE challenge_hash = $1 AND used_at IS NULL"};
inline constexpr Query delete_expired{"two_factor.delete_expired",
                                      "DELETE FROM two_factor_challenges WHERE expires_at <= $1"};

}  // namespace lineport::storage::sql::two_factor

namespace lineport::storage::sql::password_resets {

inline constexpr Query insert{"password_resets.insert",
                              "INSERT INTO password_resets (token_hash, admin_id, created_at, "
                              "expires_at) VALUES ($1, $2, $3, $4)"};
inline constexpr Query select_one{"password_resets.select_one",
                                  "SELECT admin_id, expires_at, used_at FROM password_resets WHERE token_hash = $1"};
inline constexpr Columns reset_columns{select_one};
// Uses every open link of the admin at once: only the newest password counts.
inline constexpr Query use_all_of_admin{
    "password_resets.use_all_of_admin",
    "UPDATE password_resets SET used_at = $2 WHERE admin_id = $1 AND used_at IS NULL"};
inline constexpr Query delete_expired{"password_resets.delete_expired",
                                      "DELETE FROM password_resets WHERE expires_at <= $1"};

}  // namespace lineport::storage::sql::password_resets

namespace lineport::storage::sql::totp {

inline constexpr Query upsert_pending{
    "totp.upsert_pending",
    "INSERT INTO admin_totp (admin_id, secret, confirmed, last_step, created_at) VALUES ($1, $2, "
    "0, 0, $3) "
    "ON CONFLICT (admin_id) DO UPDATE SET secret = excluded.secret, confirmed = 0, last_step = 0, "
    "created_at = excluded.created_at"};
inline constexpr Query select_one{"totp.select_one",
                                  "SELECT secret, confirmed, last_step FROM admin_totp WHERE admin_id = $1"};
inline constexpr Columns totp_columns{select_one};
// Accepts step $2 only if it is newer than every step accepted before (codes are single use).
inline constexpr Query accept_step{
    "totp.accept_step", "UPDATE admin_totp SET last_step = $2, confirmed = 1 WHERE admin_id = $1 AND last_step < $2"};
inline constexpr Query delete_of_admin{"totp.delete_of_admin", "DELETE FROM admin_totp WHERE admin_id = $1"};
inline constexpr Query insert_recovery_code{"totp.insert_recovery_code",
                                            "INSERT INTO admin_recovery_codes (admin_id, code_hash) VALUES ($1, $2)"};
inline constexpr Query delete_recovery_codes{"totp.delete_recovery_codes",
                                             "DELETE FROM admin_recovery_codes WHERE admin_id = $1"};
inline constexpr Query use_recovery_code{"totp.use_recovery_code",
                                         "UPDATE admin_recovery_codes SET used_at = $3 WHERE "
                                         "admin_id = $1 AND code_hash = $2 AND used_at IS NULL"};

}  // namespace lineport::storage::sql::totp
