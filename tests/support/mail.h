#pragma once
// Reading the messages the server wrote to its spool.

#include <optional>
#include <string>

namespace lineport::testing {

// The value after "<label>: " on its own line in the message ("Password", "PIN", …).
std::optional<std::string> mail_field(const std::string& message, const std::string& label);
// The X-Lineport-Event header.
std::string mail_event(const std::string& message);
// The To header.
std::string mail_recipient(const std::string& message);

}  // namespace lineport::testing
