#pragma once
// The number pools inside one transaction: every status change (through the transition table in
// number_status.h), the per-pool counters that keep the utilization report cheap, picking numbers
// for accounts, and the threshold alerts (docs/product.md#numbers). The services for numbers and accounts both
// work through this class, so the rules live in one place.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "domain/events/event_bus.h"
#include "domain/numbers/number_status.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::numbers {

struct Number {
  std::string number;  // E.164
  std::string org_id;
  NumberStatus status = NumberStatus::available;
  std::optional<std::string> tag;
  std::optional<std::string> account_id;
  std::string series;
  UnixSeconds updated_at = 0;
  std::optional<UnixSeconds> quarantined_until;
};

Number number_from_row(const storage::Row& row);

// docs/product.md#numbers for one organization: its own pool by status plus what is allocated below it.
struct Utilization {
  std::string org_id;
  std::int64_t total = 0;
  std::int64_t allocated_to_suborgs = 0;
  std::array<std::int64_t, 6> own{};      // indexed by NumberStatus
  std::array<std::int64_t, 6> subtree{};  // the same for X's pool and every pool below it
  std::int64_t in_use = 0;
  double utilization_pct = 0;
  int threshold_pct = 80;

  std::int64_t count(NumberStatus s) const { return own.at(static_cast<std::size_t>(s)); }
  std::int64_t subtree_count(NumberStatus s) const { return subtree.at(static_cast<std::size_t>(s)); }
};

// How an account asks for a number: a given one, the first with a tag, or none.
struct NumberChoice {
  std::optional<std::string> number;
  std::optional<std::string> tag;
  bool empty() const { return !number && !tag; }
};

class NumberPool {
 public:
  NumberPool(storage::Connection& conn, const Clock& clock) : conn_(conn), clock_(clock) {}

  std::optional<Number> find(const std::string& number);
  std::optional<Number> of_account(const std::string& account_id);

  // Applies `event` to `number` (as last read). Throws number_unavailable when its status is not
  // one the event starts from, or when it changed since it was read (a concurrent request won).
  // `account_id` is the account it is linked to afterwards (for hold, assign and activate);
  // `tag` is its tag afterwards.
  Number apply(NumberEvent event, const Number& number, const std::optional<std::string>& account_id,
               const std::optional<std::string>& tag);
  // The same, but nothing (and no change) where apply throws: the status is not one the event
  // starts from, or the number changed since it was read.
  std::optional<Number> apply_unless_changed(NumberEvent event, const Number& number,
                                             const std::optional<std::string>& account_id,
                                             const std::optional<std::string>& tag);

  // Takes a number of `org_id`'s pool for `account_id` (hold, assign or activate): by value, or the
  // first free one with the tag. Throws number_unavailable / no_numbers_available.
  Number take(NumberEvent event, const std::string& org_id, const NumberChoice& choice, const std::string& account_id);

  // Moves the account's number on (hold → assign on invite, assign → activate); no-op without one.
  std::optional<Number> advance(NumberEvent event, const std::string& account_id);

  // The account lets its number go: back to available, or quarantined when the organization sets
  // number_quarantine_days. No-op without one.
  void give_back(const std::string& account_id);

  // An account moves to another organization and keeps its number.
  void move_with_account(const std::string& account_id, const std::string& to_org_id);

  // Moves one number between pools without changing its status (allocation, withdrawal).
  void move(const Number& number, const std::string& to_org_id);
  // Moves up to `count` available numbers (of `series` when not empty). Returns how many moved.
  std::int64_t move_available(const std::string& from_org_id, const std::string& to_org_id, const std::string& series,
                              std::int64_t count);

  // Up to `limit` available numbers, in number order (the activation short list).
  std::vector<std::string> first_available(const std::string& org_id, int limit);

  // Quarantined numbers of `org_id` whose period is over become available. Write paths that pick
  // numbers call it first; a periodic job (NumberService::end_expired_quarantines) does the rest.
  void end_expired_quarantine(const std::string& org_id);

  // Counters: `delta` numbers more (or fewer) in `status` in `org_id`'s pool.
  void add_count(const std::string& org_id, NumberStatus status, std::int64_t delta);
  // The pool's own numbers by status (indexed by NumberStatus), from the counters.
  std::array<std::int64_t, 6> own_counts(const std::string& org_id);
  std::int64_t count(const std::string& org_id, NumberStatus status);
  Utilization utilization(const std::string& org_id);

  // After an assignment: fires number_utilization_threshold_exceeded while utilization is at or
  // above the organization's threshold (docs/product.md#numbers).
  void check_utilization_threshold(const events::EventBus& events, const std::string& org_id);
  // After an invitation without a number: fires invitation_threshold_exceeded when such accounts
  // outnumber the available numbers.
  void check_invitation_threshold(const events::EventBus& events, const std::string& org_id);

 private:
  storage::Connection& conn_;
  const Clock& clock_;
};

}  // namespace lineport::numbers
