#pragma once
// Where outbox messages go: an SMTP server or a spool directory.

#include <stdexcept>
#include <string>

#include "mail/mime.h"

namespace lineport::mail {

// A delivery attempt that failed; the worker retries it later.
class DeliveryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Delivers one message or throws DeliveryError (std::invalid_argument when the message itself
  // cannot be built, which no retry can fix). Sending the same outbox id again must be safe.
  virtual void send(const OutgoingMail& mail) = 0;
  // For logs: "smtp://host:port" or "spool /path".
  virtual std::string describe() const = 0;
};

}  // namespace lineport::mail
