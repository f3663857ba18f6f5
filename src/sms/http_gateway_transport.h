#pragma once
// Sends text messages through an HTTP SMS gateway with libcurl: one POST of
// {"id","to","text"} (JSON) per message to a configured URL, with an optional bearer token and
// the outbox id as Idempotency-Key, so a gateway that honours it never sends a resend twice.

#include <cstdint>
#include <memory>
#include <string>

#include "sms/sms_transport.h"

namespace lineport::curl {
class Easy;
}  // namespace lineport::curl

namespace lineport::sms {

struct HttpGatewayOptions {
  std::string url;            // http://… or https://…
  std::string token;          // sent as "Authorization: Bearer <token>" when not empty
  long timeout_seconds = 10;  // the whole request, connecting included
};

// What an HTTP status means for the message: 2xx sent; 408, 429 and 5xx retry (the gateway is
// busy or failing); any other status permanent (the gateway refuses this message).
SendResult classify_gateway_status(long status);

// Not thread-safe: one worker thread uses one transport (it keeps the connection open between
// messages).
class HttpGatewayTransport final : public SmsTransport {
 public:
  // Throws std::invalid_argument for a URL that is not http(s):// or a token with control
  // characters.
  explicit HttpGatewayTransport(HttpGatewayOptions options);
  ~HttpGatewayTransport() override;
  HttpGatewayTransport(const HttpGatewayTransport&) = delete;
  HttpGatewayTransport& operator=(const HttpGatewayTransport&) = delete;

  // Connection errors and timeouts are retried; see classify_gateway_status for the replies.
  SendResult send(const OutgoingSms& sms) override;
  // "sms gateway https://host/path": no credentials, no query string (either may hold a secret).
  std::string describe() const override;
  std::int64_t longest_send_seconds() const override { return options_.timeout_seconds; }

 private:
  HttpGatewayOptions options_;
  std::unique_ptr<curl::Easy> curl_;  // kept, so consecutive messages reuse one connection
};

}  // namespace lineport::sms
