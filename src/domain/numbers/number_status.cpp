#include "domain/numbers/number_status.h"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace lineport::numbers {
namespace {

using S = NumberStatus;

constexpr std::array kStatuses{S::available, S::reserved, S::pending_invitation, S::assigned, S::activated,
                               S::quarantined};
constexpr std::array<std::string_view, 6> kStatusNames{"available", "reserved", "pending_invitation",
                                                       "assigned",  "activated", "quarantined"};

constexpr std::array kFromFree{S::available};
constexpr std::array kFromReserved{S::reserved};
constexpr std::array kFromFreeOrReserved{S::available, S::reserved};
constexpr std::array kFromFreeReservedOrHeld{S::available, S::reserved, S::pending_invitation};
constexpr std::array kFromAssignable{S::available, S::assigned};
constexpr std::array kFromHeld{S::pending_invitation, S::assigned, S::activated};
constexpr std::array kFromQuarantined{S::quarantined};

const std::array kTransitions{
    Transition{NumberEvent::reserve, "reserve", kFromFree, S::reserved, "admin with setup.edit.number_management",
               "the tag is set"},
    Transition{NumberEvent::release, "release", kFromReserved, S::available,
               "admin with setup.edit.number_management", "the tag is kept unless the request clears it"},
    Transition{NumberEvent::hold, "hold", kFromFreeOrReserved, S::pending_invitation,
               "admin with accounts (Save)", "linked to the account; utilization threshold checked"},
    Transition{NumberEvent::assign, "assign", kFromFreeReservedOrHeld, S::assigned,
               "admin with accounts (Save & Invite, Invite)", "linked to the account; utilization threshold checked"},
    Transition{NumberEvent::activate, "activate", kFromAssignable, S::activated,
               "the app, with the account's activation code", "linked to the account; utilization threshold checked"},
    Transition{NumberEvent::give_back, "give_back", kFromHeld, S::available,
               "admin with accounts (delete, change number)", "unlinked from the account"},
    Transition{NumberEvent::quarantine, "quarantine", kFromHeld, S::quarantined,
               "admin with accounts, when number_quarantine_days > 0", "unlinked; quarantined_until is set"},
    Transition{NumberEvent::end_quarantine, "end_quarantine", kFromQuarantined, S::available, "the server",
               "quarantined_until is cleared"},
};

}  // namespace

std::string_view to_string(NumberStatus status) { return kStatusNames.at(static_cast<std::size_t>(status)); }

std::optional<NumberStatus> parse_number_status(std::string_view text) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i)
    if (kStatusNames[i] == text) return kStatuses[i];
  return std::nullopt;
}

std::span<const NumberStatus> all_number_statuses() { return kStatuses; }

std::span<const Transition> transitions() { return kTransitions; }

const Transition& transition_for(NumberEvent event) {
  for (const auto& t : kTransitions)
    if (t.event == event) return t;
  throw std::logic_error("number event without a transition");
}

bool can_apply(NumberEvent event, NumberStatus from) {
  const auto& t = transition_for(event);
  return std::find(t.from.begin(), t.from.end(), from) != t.from.end();
}

bool can_allocate(NumberStatus status) { return status == S::available || status == S::reserved; }
bool can_withdraw(NumberStatus status) { return status == S::available; }

}  // namespace lineport::numbers
