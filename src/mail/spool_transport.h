#pragma once
// Writes each message as <dir>/<outbox id>.eml (RFC 5322), the embedded default that needs no
// mail server. Atomic: written to a hidden temporary file, flushed to disk, then renamed, so a
// reader never sees half a message; named by outbox id, so a retry never makes a second file.

#include <filesystem>
#include <string>
#include <string_view>

#include "mail/transport.h"

namespace lineport::mail {

class SpoolTransport final : public Transport {
 public:
  // Creates the directory when missing (throws std::filesystem::filesystem_error on failure).
  explicit SpoolTransport(std::filesystem::path dir);

  void send(const OutgoingMail& mail) override;
  std::string describe() const override;

  std::filesystem::path path_for(std::string_view outbox_id) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace lineport::mail
