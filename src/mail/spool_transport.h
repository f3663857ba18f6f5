#pragma once
// Writes each message as <dir>/<outbox id>.eml (RFC 5322), the embedded default that needs no
// mail server. Atomic: written to a hidden temporary file, flushed to disk, then renamed, so a
// reader never sees half a message; named by outbox id, so a retry never makes a second file.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "mail/transport.h"

namespace lineport::mail {

// Writes `data` as dir/file_name the way the spools do: into a hidden temporary file (mode
// 0600: messages may hold secrets), flushed, renamed into place, the directory flushed. Returns
// false, writing nothing, when the file already exists: rename made it complete, so an earlier
// attempt at the same outbox id wrote it. Throws DeliveryError when the disk refuses.
bool write_spool_file(const std::filesystem::path& dir, const std::string& file_name, std::string_view data);
// What a spool's longest_send_seconds says.
inline constexpr std::int64_t spool_write_seconds = 1;

class SpoolTransport final : public Transport {
 public:
  // Creates the directory when missing (throws std::filesystem::filesystem_error on failure).
  explicit SpoolTransport(std::filesystem::path dir);

  void send(const OutgoingMail& mail) override;
  std::string describe() const override;
  // A write and two flushes. Should one take longer and another server take the message over,
  // it finds the file there and writes nothing: a spool never holds a message twice.
  std::int64_t longest_send_seconds() const override { return spool_write_seconds; }

  std::filesystem::path path_for(std::string_view outbox_id) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace lineport::mail
