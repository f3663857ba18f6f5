#pragma once
// The status of a number in its pool (docs/product.md#numbers) and the one table of ways it may change.
// Every status change in the code goes through numbers::NumberPool::apply with a NumberEvent
// from this table: no other code writes numbers.status.

#include <optional>
#include <span>
#include <string_view>

namespace lineport::numbers {

enum class NumberStatus { available, reserved, pending_invitation, assigned, activated, quarantined };

std::string_view to_string(NumberStatus status);
std::optional<NumberStatus> parse_number_status(std::string_view text);
std::span<const NumberStatus> all_number_statuses();

enum class NumberEvent {
  reserve,         // tag a free number for a specific use
  release,         // a reserved number becomes free again
  hold,            // a saved (not invited) account takes the number
  assign,          // an invited account takes the number, or its held number
  activate,        // the account's user completes activation with it
  give_back,       // the account is deleted or given another number
  quarantine,      // like give_back, when the organization sets a quarantine period
  end_quarantine,  // the quarantine period is over
};

struct Transition {
  NumberEvent event;
  std::string_view name;
  std::span<const NumberStatus> from;  // the statuses the event applies to
  NumberStatus to;
  std::string_view who;      // who may cause it
  std::string_view effects;  // what else happens in the same transaction
};

// The whole table, in the order above (docs/architecture.md shows it).
std::span<const Transition> transitions();
const Transition& transition_for(NumberEvent event);
bool can_apply(NumberEvent event, NumberStatus from);

// Moving between pools keeps the status. Allocation to a sub-organization takes available and
// reserved numbers (a reserved number keeps its tag); withdrawal to the parent takes available
// numbers only.
bool can_allocate(NumberStatus status);
bool can_withdraw(NumberStatus status);

}  // namespace lineport::numbers
