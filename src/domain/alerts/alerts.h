#pragma once
// Alerts (docs/product.md#alerts-and-notifications): the catalog of 15 alert keys, each organization's choice for each
// (on/off, to its administrators, to other recipients), and the subscriber that turns published events into alert
// emails through the outbox.

#include <optional>
#include <string>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/events/event_bus.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::alerts {

struct LocalizedText {
  std::string en, es, pt;
};

// An alert as Setup > Manage Alerts shows it: the name and description of seed 002's "What
// alerts are available?" table, in the seed's order, translated to Spanish and Portuguese.
struct AlertDefinition {
  std::string_view key;
  LocalizedText name;
  LocalizedText description;
};

const std::vector<AlertDefinition>& alert_catalog();
bool is_alert_key(std::string_view key);

struct AlertSetting {
  std::string key;
  bool enabled = true;
  bool to_org_admins = true;
  std::vector<std::string> recipients;
  // Who receives it now (list and update only): the administrators it goes to, then the other
  // recipients, each once; empty when the alert is off.
  std::vector<std::string> effective_recipients;
  // The organization whose administrators are among them (empty when none are).
  std::string administrators_org_id;
  std::string administrators_org_name;
};

// "The organization's administrators" of an alert: those whose home is the organization or, when
// it has none, the nearest ancestor that has some (an alert never silently goes nowhere).
struct AlertAdministrators {
  std::string org_id;  // empty when no organization up the tree has one
  std::string org_name;
  std::vector<std::pair<std::string, std::string>> recipients;  // email, language
};
AlertAdministrators alert_administrators(storage::Connection& conn, const std::string& org_id);

struct AlertPatch {
  std::optional<bool> enabled;
  std::optional<bool> to_org_admins;
  std::optional<std::vector<std::string>> recipients;
};

class AlertService {
 public:
  AlertService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  struct Listing {
    std::vector<AlertSetting> items;
    AlertAdministrators administrators;
  };
  Listing list(const auth::Principal& who, const std::string& org_id);
  // The alert as saved, with its effective recipients.
  AlertSetting update(const auth::Principal& who, const std::string& org_id, const std::string& key,
                      const AlertPatch& patch, const RequestMeta& meta);

  // The event-bus subscriber: one email per recipient of the alert, in their language.
  void deliver(storage::Connection& conn, const events::Event& event) const;

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace lineport::alerts
