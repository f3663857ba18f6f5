#pragma once
// Writes each text message as <dir>/<outbox id>.json, {"id","to","text","event","created_at"}:
// the embedded default that needs no SMS gateway, as the mail spool needs no mail server.
// Atomic and idempotent like the mail spool (mail/spool_transport.h).

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "mail/spool_transport.h"
#include "sms/sms_transport.h"

namespace lineport::sms {

class SpoolSmsTransport final : public SmsTransport {
 public:
  // Creates the directory when missing (throws std::filesystem::filesystem_error on failure).
  explicit SpoolSmsTransport(std::filesystem::path dir);

  SendResult send(const OutgoingSms& sms) override;
  std::string describe() const override;
  std::int64_t longest_send_seconds() const override { return mail::spool_write_seconds; }

  std::filesystem::path path_for(std::string_view outbox_id) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace lineport::sms
