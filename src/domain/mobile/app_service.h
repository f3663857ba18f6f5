#pragma once
// What the mobile app reads and reports with its device token (docs/app.md): one document with
// everything that applies to its user (features, recording, messages, SMS opt-in, branding,
// version policy, unread in-app messages), the app version it runs, and its in-app messages.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/uploaded_image.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::mobile {

struct AppConfig {
  nlohmann::json document;
  std::string etag;  // a quoted strong validator of the document
};

struct Heartbeat {
  std::optional<std::string> platform;  // ios | android
  std::optional<std::string> app_version;
  std::optional<std::string> os_version;
};

struct AppMessage {
  std::string id;
  std::string text;
  UnixSeconds starts_at = 0;
  UnixSeconds expires_at = 0;
  bool read = false;
};

class AppService {
 public:
  AppService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Each throws DomainError unauthenticated for an unknown device token.
  AppConfig config(const std::string& device_token);
  void heartbeat(const std::string& device_token, const Heartbeat& input);
  // The app logo in force at the user's organization (Setup > Branding); 404 when none is set.
  StoredImage logo(const std::string& device_token);
  // The messages meant for the user now, newest first; listing them marks them delivered. Empty
  // unless the user's effective features include in_app_messaging.
  std::vector<AppMessage> messages(const std::string& device_token);
  // 404 unless the message is one of those messages() lists.
  void mark_read(const std::string& device_token, const std::string& message_id);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace lineport::mobile
