#include "domain/numbers/number_status.h"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace lineport::numbers {
namespace {

using S = NumberStatus;

constexpr std::array all_statuses{S::available, S::reserved,  S::pending_invitation,
                                  S::assigned,  S::activated, S::quarantined};
constexpr std::array<std::string_view, 6> status_names{"available", "reserved",  "pending_invitation",
                                                       "assigned",  "activated", "quarantined"};

constexpr std::array from_free{S::available};
constexpr std::array from_reserved{S::reserved};
constexpr std::array from_free_or_reserved{S::available, S::reserved};
constexpr std::array from_free_reserved_or_held{S::available, S::reserved, S::pending_invitation};
constexpr std::array from_assignable{S::available, S::assigned};
constexpr std::array from_held{S::pending_invitation, S::assigned, S::activated};
constexpr std::array from_quarantined{S::quarantined};

const std::array transition_table{
    Transition{NumberEvent::reserve, "reserve", from_free, S::reserved, "admin with setup.edit.number_management",
               "the tag is set"},
    Transition{NumberEvent::release, "release", from_reserved, S::available, "admin with setup.edit.number_management",
               "the tag is kept unless the request clears it"},
    Transition{NumberEvent::hold, "hold", from_free_or_reserved, S::pending_invitation, "admin with accounts (Save)",
               "linked to the account; utilization threshold checked"},
    Transition{NumberEvent::assign, "assign", from_free_reserved_or_held, S::assigned,
               "admin with accounts (Save & Invite, Invite)", "linked to the account; utilization threshold checked"},
    Transition{NumberEvent::activate, "activate", from_assignable, S::activated,
               "the app, with the account's activation code", "linked to the account; utilization threshold checked"},
    Transition{NumberEvent::give_back, "give_back", from_held, S::available,
               "admin with accounts (delete, change number)", "unlinked from the account"},
    Transition{NumberEvent::quarantine, "quarantine", from_held, S::quarantined,
               "admin with accounts, when number_quarantine_days > 0", "unlinked; quarantined_until is set"},
    Transition{NumberEvent::end_quarantine, "end_quarantine", from_quarantined, S::available, "the server",
               "quarantined_until is cleared"},
};

}  // namespace

std::string_view to_string(NumberStatus status) {
  return status_names.at(static_cast<std::size_t>(status));
}

std::optional<NumberStatus> parse_number_status(std::string_view text) {
  for (std::size_t i = 0; i < status_names.size(); ++i)
    if (status_names[i] == text) return all_statuses[i];
  return std::nullopt;
}

std::span<const NumberStatus> all_number_statuses() {
  return all_statuses;
}

std::span<const Transition> transitions() {
  return transition_table;
}

const Transition& transition_for(NumberEvent event) {
  for (const auto& t : transition_table)
    if (t.event == event) return t;
  throw std::logic_error("number event without a transition");
}

bool can_apply(NumberEvent event, NumberStatus from) {
  const auto& t = transition_for(event);
  return std::find(t.from.begin(), t.from.end(), from) != t.from.end();
}

bool can_allocate(NumberStatus status) {
  return status == S::available || status == S::reserved;
}
bool can_withdraw(NumberStatus status) {
  return status == S::available;
}

}  // namespace lineport::numbers
