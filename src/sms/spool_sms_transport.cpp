#include "sms/spool_sms_transport.h"

#include <nlohmann/json.hpp>

#include "mail/spool_transport.h"

namespace lineport::sms {

SpoolSmsTransport::SpoolSmsTransport(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_);
}

std::string SpoolSmsTransport::describe() const {
  return "sms spool " + dir_.string();
}

std::filesystem::path SpoolSmsTransport::path_for(std::string_view outbox_id) const {
  return dir_ / (std::string(outbox_id) + ".json");
}

SendResult SpoolSmsTransport::send(const OutgoingSms& sms) {
  if (!mail::is_safe_outbox_id(sms.id))
    return SendResult::permanent("sms spool: the outbox id is not a safe file name");
  const nlohmann::json file = {{"id", sms.id},
                               {"to", sms.to},
                               {"text", sms.text},
                               {"event", sms.event},
                               {"created_at", to_rfc3339(sms.created_at)}};
  std::string data;
  try {
    data = file.dump(2) + "\n";
  } catch (const nlohmann::json::type_error& e) {  // text that is not UTF-8
    return SendResult::permanent(std::string("sms spool: ") + e.what());
  }
  try {
    mail::write_spool_file(dir_, sms.id + ".json", data);
  } catch (const mail::DeliveryError& e) {
    return SendResult::retry(e.what());
  }
  return SendResult::ok();
}

}  // namespace lineport::sms
