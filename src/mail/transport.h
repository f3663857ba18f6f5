#pragma once
// Where outbox messages go: an SMTP server or a spool directory.

#include <cstdint>
#include <stdexcept>
#include <string>

#include "mail/mime.h"

namespace lineport::mail {

// A delivery attempt that failed; the worker retries it later.
class DeliveryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The server refused the message for good (an SMTP 5xx reply to it): no retry can help, so the
// worker gives the message up at once.
class PermanentDeliveryError final : public DeliveryError {
 public:
  using DeliveryError::DeliveryError;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Delivers one message or throws DeliveryError (retried later), PermanentDeliveryError or
  // std::invalid_argument (the message itself cannot be built): neither of the last two is
  // retried. Sending the same outbox id again must be safe.
  virtual void send(const OutgoingMail& mail) = 0;
  // For logs: "smtp://host:port" or "spool /path".
  virtual std::string describe() const = 0;
  // The longest one send may take before it gives up (its timeouts). A worker's claim on its
  // messages outlives that many sends, so no other server sends them meanwhile.
  virtual std::int64_t longest_send_seconds() const = 0;
};

}  // namespace lineport::mail
