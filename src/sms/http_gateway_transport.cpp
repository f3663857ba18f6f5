#include "sms/http_gateway_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "mail/mime.h"
#include "util/text.h"

namespace lineport::sms {
namespace {

// Enough of a refusal's body to say why in outbox.last_error.
constexpr std::size_t max_reply_bytes = 300;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      throw std::runtime_error("curl_global_init failed");
  });
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Headers = std::unique_ptr<curl_slist, SlistDeleter>;

void add_header(Headers& headers, const std::string& line) {
  curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
  if (!grown) throw std::bad_alloc();
  headers.release();
  headers.reset(grown);
}

std::size_t keep_reply_start(char* data, std::size_t size, std::size_t count, void* user) {
  auto* reply = static_cast<std::string*>(user);
  const std::size_t n = size * count;
  if (reply->size() < max_reply_bytes)
    reply->append(data, std::min(n, max_reply_bytes - reply->size()));
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
  if (status == 408 || status == 429 || (status >= 500 && status <= 599))
    return SendResult::retry(what);
  return SendResult::permanent(what);
}

struct HttpGatewayTransport::Handle {
  CURL* curl = nullptr;
  ~Handle() {
    if (curl) curl_easy_cleanup(curl);
  }
};

HttpGatewayTransport::HttpGatewayTransport(HttpGatewayOptions options)
    : options_(std::move(options)), handle_(std::make_unique<Handle>()) {
  if (!options_.url.starts_with("http://") && !options_.url.starts_with("https://"))
    throw std::invalid_argument("sms: the gateway URL must start with http:// or https://");
  if (text::has_control_chars(options_.token) || text::has_control_chars(options_.url))
    throw std::invalid_argument("sms: the gateway URL and token must not hold control characters");
  global_init();
  handle_->curl = curl_easy_init();
  if (!handle_->curl) throw std::runtime_error("curl_easy_init failed");
}

HttpGatewayTransport::~HttpGatewayTransport() = default;

std::string HttpGatewayTransport::describe() const {
  return "sms gateway " + without_secrets(options_.url);
}

SendResult HttpGatewayTransport::send(const OutgoingSms& sms) {
  // It goes into a header line.
  if (!mail::is_safe_outbox_id(sms.id))
    return SendResult::permanent("sms: the outbox id is not a safe token");
  std::string body;
  try {
    body = nlohmann::json{{"id", sms.id}, {"to", sms.to}, {"text", sms.text}}.dump();
  } catch (const nlohmann::json::type_error& e) {  // text that is not UTF-8
    return SendResult::permanent(std::string("sms: ") + e.what());
  }
  Headers headers;
  add_header(headers, "Content-Type: application/json");
  add_header(headers, "Accept: application/json");
  add_header(headers, "Idempotency-Key: " + sms.id);
  add_header(headers, "Expect:");  // no 100-continue round trip for a few hundred bytes
  if (!options_.token.empty()) add_header(headers, "Authorization: Bearer " + options_.token);

  CURL* curl = handle_->curl;
  curl_easy_reset(curl);  // options only: the cached connection stays
  std::string reply;
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keep_reply_start);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, options_.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: we run in threads
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);

  const CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);  // `error` goes out of scope
  if (rc != CURLE_OK) {
    // Refused connections, timeouts, resets: the gateway may be back on the next attempt.
    std::string message = describe() + ": " + curl_easy_strerror(rc);
    if (error[0]) message += std::string(" (") + error + ")";
    return SendResult::retry(message);
  }
  SendResult result = classify_gateway_status(status);
  if (result.status != SendStatus::sent && !reply.empty())
    result.reason += ": " + printable(std::move(reply));
  return result;
}

}  // namespace lineport::sms
