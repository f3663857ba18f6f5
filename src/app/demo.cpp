#include "app/demo.h"

#include <nlohmann/json.hpp>

#include "domain/bootstrap.h"
#include "domain/orgs/org_service.h"
#include "util/crypto.h"

namespace lineport::app {
namespace {

struct DemoOrg {
  std::string_view name;
  std::string_view description;
  std::string_view timezone;  // empty: inherited
  std::vector<DemoOrg> children;
};

// The organization tree of the help center's example (seeds: "Manage Organizations").
DemoOrg abc_banking() {
  return {"ABC Banking Corporation",
          "Enterprise customer: retail banking and back office",
          "America/New_York",
          {{"Retail Bank",
            "Branches and customer-facing staff",
            "",
            {{"Europe", "European branches", "Europe/London", {}},
             {"North America", "US and Canada branches", "", {}}}},
           {"Operations",
            "Back-office departments",
            "",
            {{"Finance", "Accounting and treasury", "", {}}, {"Human Resources", "People team", "", {}}}}}};
}

void insert_tree(orgs::OrgService& service, storage::Connection& conn, const std::string& parent_id,
                 const DemoOrg& org) {
  orgs::NewOrg input{std::string(org.name), std::string(org.description), nlohmann::json::object()};
  if (!org.timezone.empty()) input.settings["timezone"] = org.timezone;
  const std::string id = service.insert_child(conn, parent_id, input);
  for (const auto& child : org.children) insert_tree(service, conn, id, child);
}

}  // namespace

DemoCredentials load_demo(storage::Database& db, const Clock& clock, const std::string& password) {
  bootstrap::InitRequest init{"Carrier Org", std::string(demo_admin_email), std::nullopt, "UTC", "en"};
  if (!password.empty()) init.admin_password = password;
  const auto result = bootstrap::initialize(db, clock, init);

  orgs::OrgService service(db, clock);
  db.write([&](storage::Connection& conn) { insert_tree(service, conn, result.root_org_id, abc_banking()); });
  return {std::string(demo_admin_email), result.generated_password.value_or(password)};
}

}  // namespace lineport::app
