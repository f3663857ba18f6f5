#pragma once
// Where outbox messages of the "sms" channel go: a spool directory or an HTTP SMS gateway.

#include <cstdint>
#include <string>

#include "util/clock.h"

namespace lineport::sms {

// One outbox row of the sms channel on its way out.
struct OutgoingSms {
  std::string id;     // outbox id: the spool file name, the gateway's idempotency key
  std::string to;     // E.164, "+14155550123"
  std::string text;   // the whole message
  std::string event;  // what kind of message it is, e.g. "account_invitation"
  UnixSeconds created_at = 0;
};

enum class SendStatus {
  sent,
  retry,      // may work later: the worker tries again with backoff
  permanent,  // will never work: the worker gives the message up at once
};

struct SendResult {
  SendStatus status = SendStatus::sent;
  std::string reason;  // why it was not sent (logs and outbox.last_error)

  static SendResult ok() { return {}; }
  static SendResult retry(std::string why) { return {SendStatus::retry, std::move(why)}; }
  static SendResult permanent(std::string why) { return {SendStatus::permanent, std::move(why)}; }
};

class SmsTransport {
 public:
  virtual ~SmsTransport() = default;
  // Delivers one message. Failures are results, not exceptions: the caller decides between a
  // retry and giving up from the status. Sending the same outbox id again must be safe.
  virtual SendResult send(const OutgoingSms& sms) = 0;
  // For logs: "sms spool /path" or "sms gateway https://host/path".
  virtual std::string describe() const = 0;
  // As mail::Transport::longest_send_seconds.
  virtual std::int64_t longest_send_seconds() const = 0;
};

}  // namespace lineport::sms
