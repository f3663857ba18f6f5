#include "app/demo.h"

#include <map>

#include <nlohmann/json.hpp>

#include "domain/accounts/account_service.h"
#include "domain/bootstrap.h"
#include "domain/events/event_bus.h"
#include "domain/numbers/number_service.h"
#include "domain/orgs/org_service.h"
#include "storage/queries/orgs.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::app {
namespace {

std::string text_login(std::string_view first, std::string_view last) {
  return text::fold_case(std::string(first) + "." + std::string(last) + "@abc-banking.example");
}

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
                 const DemoOrg& org, std::map<std::string, std::string>& ids) {
  orgs::NewOrg input{std::string(org.name), std::string(org.description), nlohmann::json::object()};
  if (!org.timezone.empty()) input.settings["timezone"] = org.timezone;
  const std::string id = service.insert_child(conn, parent_id, input);
  ids[std::string(org.name)] = id;
  for (const auto& child : org.children) insert_tree(service, conn, id, child, ids);
}

// `count` numbers from `first` up (E.164 digits after the +).
std::vector<numbers::ImportItem> number_range(std::int64_t first, int count) {
  std::vector<numbers::ImportItem> items;
  for (int i = 0; i < count; ++i) items.push_back({i + 1, "+" + std::to_string(first + i), std::nullopt});
  return items;
}

// Numbers flow down the tree as a service provider and its customer would move them.
void load_numbers(numbers::NumberService& service, const auth::Principal& who, const std::string& root,
                  const std::map<std::string, std::string>& org) {
  const RequestMeta meta{"127.0.0.1", "demo"};
  service.import(who, root, number_range(12125550100, 300), std::nullopt, meta);
  service.import(who, root, number_range(442079460100, 100), std::nullopt, meta);
  const auto allocate = [&](const std::string& from, const std::string& to, std::int64_t count, const char* series) {
    service.allocate(who, from, {to, count, series, std::nullopt}, meta);
  };
  const auto& abc = org.at("ABC Banking Corporation");
  allocate(root, abc, 220, "+1 212");
  allocate(root, abc, 80, "+44 20");
  allocate(abc, org.at("Retail Bank"), 60, "+1 212");
  allocate(abc, org.at("Retail Bank"), 50, "+44 20");
  allocate(org.at("Retail Bank"), org.at("Europe"), 40, "+44 20");
  allocate(org.at("Retail Bank"), org.at("North America"), 40, "+1 212");
  allocate(abc, org.at("Operations"), 40, "+1 212");
  allocate(org.at("Operations"), org.at("Finance"), 15, "+1 212");
  allocate(org.at("Operations"), org.at("Human Resources"), 10, "+1 212");
}

// A few user accounts in each branch: saved, invited (with and without a number), suspended.
void load_accounts(accounts::AccountService& service, numbers::NumberService& pool, const auth::Principal& who,
                   const std::map<std::string, std::string>& org) {
  static const std::vector<std::pair<std::string_view, std::string_view>> people{
      {"Olivia", "Bennett"}, {"Liam", "Carter"}, {"Emma", "Diaz"},    {"Noah", "Evans"},
      {"Ava", "Foster"},     {"Lucas", "Garcia"}, {"Mia", "Hughes"},  {"Ethan", "Iverson"},
      {"Sofia", "Jensen"},   {"Mateo", "Khan"},   {"Isla", "Lopez"},  {"Leo", "Moreau"}};
  const RequestMeta meta{"127.0.0.1", "demo"};
  std::size_t next = 0;
  for (const auto* branch : {"Europe", "North America", "Finance", "Human Resources"}) {
    for (int i = 0; i < 3; ++i, ++next) {
      const auto& [first, last] = people[next % people.size()];
      accounts::NewAccount input;
      input.fields.first_name = std::string(first);
      input.fields.last_name = std::string(last);
      input.fields.login = text_login(first, last);
      input.fields.social_messaging = i != 2;
      input.invite = i != 0;
      if (i == 1) {  // the others pick their number at activation
        numbers::NumberFilter free;
        free.status = numbers::NumberStatus::available;
        input.number.number = pool.list(who, org.at(branch), free, PageRequest{1, std::nullopt}).items.at(0).number;
      }
      const auto account = service.create(who, org.at(branch), input, meta);
      if (i == 2 && next % 2 == 0) service.suspend(who, {account.id}, meta);
    }
  }
}

}  // namespace

DemoCredentials load_demo(storage::Database& db, const Clock& clock, const std::string& password) {
  bootstrap::InitRequest init{"Carrier Org", std::string(demo_admin_email), std::nullopt, "UTC", "en"};
  if (!password.empty()) init.admin_password = password;
  const auto result = bootstrap::initialize(db, clock, init);

  orgs::OrgService service(db, clock);
  std::map<std::string, std::string> ids;
  db.write([&](storage::Connection& conn) { insert_tree(service, conn, result.root_org_id, abc_banking(), ids); });

  // The demo acts as its super administrator; its alerts are not mailed (no subscribers).
  auth::Principal admin;
  admin.admin_id = result.admin_id;
  admin.email = std::string(demo_admin_email);
  admin.kind = "admin";
  admin.home_org_id = result.root_org_id;
  admin.privileges = auth::PrivilegeSet::all();
  const events::EventBus quiet;
  numbers::NumberService numbers(db, clock);
  load_numbers(numbers, admin, result.root_org_id, ids);
  accounts::AccountService accounts(db, clock, quiet, "http://127.0.0.1:8080");
  load_accounts(accounts, numbers, admin, ids);
  return {std::string(demo_admin_email), result.generated_password.value_or(password)};
}

}  // namespace lineport::app
