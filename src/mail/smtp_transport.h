#pragma once
// Sends through an SMTP server with libcurl: smtp://host:port upgrades with STARTTLS when the
// server offers it (and insists on it when credentials are configured, so they never travel in
// clear), smtps://host:port speaks TLS from the start. A 5xx reply to the message (MAIL, RCPT,
// DATA) is a PermanentDeliveryError; a 5xx about authentication and everything else (4xx,
// connection trouble, timeouts) is a DeliveryError, retried.

#include <cstdint>
#include <memory>
#include <string>

#include "mail/transport.h"

namespace lineport::curl {
class Easy;
}  // namespace lineport::curl

namespace lineport::mail {

struct SmtpOptions {
  std::string url;  // smtp://host[:port] or smtps://host[:port]
  std::string username;
  std::string password;
  long connect_timeout_seconds = 10;
  long timeout_seconds = 60;  // the whole conversation of one message
};

// Not thread-safe: one worker thread uses one transport (it keeps one connection open between
// messages).
class SmtpTransport final : public Transport {
 public:
  // Throws std::invalid_argument for a URL that is not smtp:// or smtps://.
  explicit SmtpTransport(SmtpOptions options);
  ~SmtpTransport() override;
  SmtpTransport(const SmtpTransport&) = delete;
  SmtpTransport& operator=(const SmtpTransport&) = delete;

  void send(const OutgoingMail& mail) override;
  std::string describe() const override;
  std::int64_t longest_send_seconds() const override {
    return options_.connect_timeout_seconds + options_.timeout_seconds;
  }

 private:
  SmtpOptions options_;
  std::unique_ptr<curl::Easy> curl_;  // kept, so consecutive messages reuse one connection
};

}  // namespace lineport::mail
