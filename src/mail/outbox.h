#pragma once
// The mail outbox (SPEC §8). A message is written in the same transaction as the change that
// causes it, so it exists exactly when that change commits; jobs/outbox_worker delivers it
// later, with retries.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "storage/database.h"
#include "util/clock.h"

namespace lineport::mail {

struct Message {
  std::string event;  // the X-Lineport-Event header: an alert key or another known event
  std::string to;     // one address
  std::string subject;
  std::string text;                 // text/plain body
  std::optional<std::string> html;  // text/html alternative
};

// Every key an X-Lineport-Event header may carry: the alert catalog and the account events.
std::span<const std::string_view> event_keys();
bool is_known_event(std::string_view event);

// Throws std::invalid_argument when the message cannot be sent safely: an unknown event, a
// recipient that is not exactly one address, a subject with CR/LF (header injection), text
// that is not UTF-8, or a body past the size limit.
void validate(const Message& m);

// Validates `m` and inserts it into the outbox inside the caller's transaction. Returns its
// outbox id (also its Message-ID and its spool file name).
std::string enqueue(storage::Connection& conn, const Clock& clock, const Message& m);

}  // namespace lineport::mail
