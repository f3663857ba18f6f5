#include "sms/http_gateway_transport.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "mail/mime.h"
#include "util/curl_easy.h"
#include "util/text.h"

namespace lineport::sms {
namespace {

// Enough of a refusal's body to say why in outbox.last_error.
constexpr std::size_t max_reply_bytes = 300;

std::size_t keep_reply_start(char* data, std::size_t size, std::size_t count, void* user) {
  auto* reply = static_cast<std::string*>(user);
  const std::size_t n = size * count;
  if (reply->size() < max_reply_bytes) reply->append(data, std::min(n, max_reply_bytes - reply->size()));
  return n;
}

// The reply as one printable line for the log.
std::string printable(std::string reply) {
  for (auto& c : reply)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  return text::trim(reply);
}

// scheme://host[:port]/path of the URL: no user information, query or fragment.
std::string without_secrets(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  std::string rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("?#"));
  const auto path = rest.find('/');
  const auto at = rest.rfind('@', path);
  if (at != std::string::npos) rest = rest.substr(at + 1);
  return url.substr(0, scheme_end + 3) + rest;
}

}  // namespace

SendResult classify_gateway_status(long status) {
  const std::string what = "the SMS gateway answered HTTP " + std::to_string(status);
  if (status >= 200 && status <= 299) return SendResult::ok();
  if (status == 408 || status == 429 || (status >= 500 && status <= 599)) return SendResult::retry(what);
  return SendResult::permanent(what);
}

HttpGatewayTransport::HttpGatewayTransport(HttpGatewayOptions options) : options_(std::move(options)) {
  if (!options_.url.starts_with("http://") && !options_.url.starts_with("https://"))
    throw std::invalid_argument("sms: the gateway URL must start with http:// or https://");
  if (text::has_control_chars(options_.token) || text::has_control_chars(options_.url))
    throw std::invalid_argument("sms: the gateway URL and token must not hold control characters");
  curl_ = std::make_unique<curl::Easy>();
}

HttpGatewayTransport::~HttpGatewayTransport() = default;

std::string HttpGatewayTransport::describe() const {
  return "sms gateway " + without_secrets(options_.url);
}

SendResult HttpGatewayTransport::send(const OutgoingSms& sms) {
  // It goes into a header line.
  if (!mail::is_safe_outbox_id(sms.id)) return SendResult::permanent("sms: the outbox id is not a safe token");
  std::string body;
  try {
    body = nlohmann::json{{"id", sms.id}, {"to", sms.to}, {"text", sms.text}}.dump();
  } catch (const nlohmann::json::type_error& e) {  // text that is not UTF-8
    return SendResult::permanent(std::string("sms: ") + e.what());
  }
  curl::List headers;
  headers.append("Content-Type: application/json");
  headers.append("Accept: application/json");
  headers.append("Idempotency-Key: " + sms.id);
  headers.append("Expect:");  // no 100-continue round trip for a few hundred bytes
  if (!options_.token.empty()) headers.append("Authorization: Bearer " + options_.token);

  CURL* curl = curl_->start();
  std::string reply;
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keep_reply_start);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, options_.timeout_seconds);

  const auto outcome = curl_->perform();
  // Refused connections, timeouts, resets: the gateway may be back on the next attempt.
  if (!outcome.ok()) return SendResult::retry(describe() + ": " + outcome.error);
  SendResult result = classify_gateway_status(outcome.response);
  if (result.status != SendStatus::sent && !reply.empty()) result.reason += ": " + printable(std::move(reply));
  return result;
}

}  // namespace lineport::sms
