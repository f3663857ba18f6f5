#include "mail/smtp_transport.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "util/curl_easy.h"

namespace lineport::mail {
namespace {

struct Upload {
  std::string_view data;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// Keeps the URL's scheme, host and port for logs (never a password in the URL).
std::string redacted(const std::string& url) {
  const auto scheme_end = url.find("://");
  const auto at = url.find('@');
  if (scheme_end == std::string::npos || at == std::string::npos) return url;
  return url.substr(0, scheme_end + 3) + url.substr(at + 1);
}

// An SMTP 5xx reply refuses the message for good (RFC 5321 §4.2.1) - unless it is about our
// credentials: those are the configuration's fault, not the message's, and a fixed
// configuration should still deliver it.
bool refused_for_good(CURLcode rc, long reply) {
  if (reply < 500 || reply > 599 || rc == CURLE_LOGIN_DENIED) return false;
  return reply != 530 && reply != 534 && reply != 535 && reply != 538;
}

}  // namespace

SmtpTransport::SmtpTransport(SmtpOptions options) : options_(std::move(options)) {
  if (!options_.url.starts_with("smtp://") && !options_.url.starts_with("smtps://"))
    throw std::invalid_argument("mail: the SMTP URL must start with smtp:// or smtps://");
  curl_ = std::make_unique<curl::Easy>();
}

SmtpTransport::~SmtpTransport() = default;

std::string SmtpTransport::describe() const {
  return redacted(options_.url);
}

void SmtpTransport::send(const OutgoingMail& mail) {
  const std::string data = build_rfc5322(mail);
  const std::string mail_from = "<" + address_of(mail.from) + ">";
  const std::string rcpt = "<" + mail.message.to + ">";
  curl::List recipients;
  recipients.append(rcpt);

  CURL* curl = curl_->start();
  Upload upload{data};
  const bool implicit_tls = options_.url.starts_with("smtps://");
  const bool credentials = !options_.username.empty();
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_USE_SSL,
                   static_cast<long>(implicit_tls || credentials ? CURLUSESSL_ALL : CURLUSESSL_TRY));
  if (credentials) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(data.size()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, options_.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_MAXAGE_CONN, 60L);  // servers drop idle sessions after a few minutes

  const auto outcome = curl_->perform();
  if (!outcome.ok()) {
    std::string message = describe() + ": " + outcome.error;
    if (outcome.response) message += " [SMTP " + std::to_string(outcome.response) + "]";
    if (refused_for_good(outcome.code, outcome.response)) throw PermanentDeliveryError(message);
    throw DeliveryError(message);
  }
}

}  // namespace lineport::mail
