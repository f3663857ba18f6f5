#pragma once
// Alerts (SPEC §8): the catalog of 15 alert keys, each organization's choice for each (on/off,
// to its administrators, to other recipients), and the subscriber that turns published events
// into alert emails through the outbox.

#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/events/event_bus.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::alerts {

struct AlertDefinition {
  std::string_view key;
  std::string_view label_en, label_es, label_pt;
};

const std::vector<AlertDefinition>& alert_catalog();
bool is_alert_key(std::string_view key);

struct AlertSetting {
  std::string key;
  bool enabled = true;
  bool to_org_admins = true;
  std::vector<std::string> recipients;
};

struct AlertPatch {
  std::optional<bool> enabled;
  std::optional<bool> to_org_admins;
  std::optional<std::vector<std::string>> recipients;
};

class AlertService {
 public:
  AlertService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  std::vector<AlertSetting> list(const auth::Principal& who, const std::string& org_id);
  AlertSetting update(const auth::Principal& who, const std::string& org_id, const std::string& key,
                      const AlertPatch& patch, const RequestMeta& meta);

  // The event-bus subscriber: one email per recipient of the alert, in their language.
  void deliver(storage::Connection& conn, const events::Event& event) const;

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace lineport::alerts
