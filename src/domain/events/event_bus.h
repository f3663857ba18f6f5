#pragma once
// Domain events inside the server. Services publish what happened ("admin_added" in org X);
// subscribers (the alert mailer, later webhooks) react inside the same transaction, so a
// notification exists exactly when the change that caused it commits.

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "storage/database.h"

namespace lineport::events {

struct Event {
  std::string key;                   // an alert key (docs/product.md#alerts-and-notifications), e.g. "admin_added"
  std::string org_id;                // the organization it happened in
  nlohmann::json values;             // details for the message templates (never secrets)
  std::vector<std::string> exclude;  // addresses already told directly (e.g. the account owner)
};

class EventBus {
 public:
  using Subscriber = std::function<void(storage::Connection&, const Event&)>;

  // Subscribers are registered once, by the composition root, before serving.
  void subscribe(Subscriber subscriber) { subscribers_.push_back(std::move(subscriber)); }

  // Runs every subscriber inside the caller's transaction; a subscriber's failure rolls it back.
  void publish(storage::Connection& conn, const Event& event) const {
    for (const auto& s : subscribers_) s(conn, event);
  }

 private:
  std::vector<Subscriber> subscribers_;
};

}  // namespace lineport::events
