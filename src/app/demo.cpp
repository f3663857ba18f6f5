#include "app/demo.h"

#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "app/secret_key.h"
#include "domain/accounts/account_service.h"
#include "domain/accounts/activation.h"
#include "domain/accounts/invitation.h"
#include "domain/bootstrap.h"
#include "domain/events/event_bus.h"
#include "domain/numbers/number_service.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/org_templates.h"
#include "domain/orgs/settings.h"
#include "domain/roles/role_service.h"
#include "domain/subscriptions/plan_rules.h"
#include "domain/subscriptions/plan_service.h"
#include "domain/usage/usage_ingest.h"
#include "storage/queries/orgs.h"
#include "storage/queries/outbox.h"
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
  return {
      "ABC Banking Corporation",
      "Enterprise customer: retail banking and back office",
      "America/New_York",
      {{"Retail Bank",
        "Branches and customer-facing staff",
        "",
        {{"Europe", "European branches", "Europe/London", {}}, {"North America", "US and Canada branches", "", {}}}},
       {"Operations",
        "Back-office departments",
        "",
        {{"Finance", "Accounting and treasury", "", {}}, {"Human Resources", "People team", "", {}}}}}};
}

void insert_tree(orgs::OrgService& service, storage::Connection& conn, const std::string& parent_id, const DemoOrg& org,
                 std::map<std::string, std::string>& ids) {
  orgs::NewOrg input{std::string(org.name), std::string(org.description), nlohmann::json::object()};
  if (!org.timezone.empty()) input.settings["timezone"] = org.timezone;
  const std::string id = service.insert_child(conn, parent_id, input);
  ids[std::string(org.name)] = id;
  for (const auto& child : org.children) insert_tree(service, conn, id, child, ids);
}

// `count` numbers from `first` up (E.164 digits after the +).
std::vector<numbers::ImportItem> number_range(std::int64_t first, int count) {
  std::vector<numbers::ImportItem> items;
  items.reserve(static_cast<std::size_t>(count));
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
      {"Olivia", "Bennett"}, {"Liam", "Carter"},  {"Emma", "Diaz"},  {"Noah", "Evans"},
      {"Ava", "Foster"},     {"Lucas", "Garcia"}, {"Mia", "Hughes"}, {"Ethan", "Iverson"},
      {"Sofia", "Jensen"},   {"Mateo", "Khan"},   {"Isla", "Lopez"}, {"Leo", "Moreau"}};
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

// Three staff per branch who accepted their invitation: each opens the message (still in the
// outbox, as nothing is mailed here) and activates the app with its code, as a user would.
std::vector<std::string> load_active_staff(storage::Database& db, accounts::AccountService& service,
                                           accounts::ActivationService& activation, numbers::NumberService& pool,
                                           const auth::Principal& who, const std::map<std::string, std::string>& org) {
  static const std::vector<std::pair<std::string_view, std::string_view>> people{
      {"Amelia", "Nash"}, {"Hugo", "Ortiz"},  {"Chloe", "Park"}, {"Oscar", "Quinn"},
      {"Grace", "Reyes"}, {"Felix", "Stone"}, {"Zoe", "Turner"}, {"Adam", "Ueda"},
      {"Ruby", "Vargas"}, {"Jonas", "Weber"}, {"Nora", "Xu"},    {"Elias", "Young"}};
  const RequestMeta meta{"127.0.0.1", "demo"};
  std::vector<std::string> active;
  std::size_t next = 0;
  for (const auto* branch : {"Europe", "North America", "Finance", "Human Resources"}) {
    for (int i = 0; i < 3; ++i, ++next) {
      const auto& [first, last] = people[next];
      accounts::NewAccount input;
      input.fields.first_name = std::string(first);
      input.fields.last_name = std::string(last);
      input.fields.login = text_login(first, last);
      input.fields.social_messaging = true;
      input.invite = true;
      numbers::NumberFilter free;
      free.status = numbers::NumberStatus::available;
      input.number.number = pool.list(who, org.at(branch), free, PageRequest{1, std::nullopt}).items.at(0).number;
      const auto account = service.create(who, org.at(branch), input, meta);
      const auto values = db.read([&](storage::Connection& c) {
        const auto ref = accounts::invitation_ref(account.id, account.invitation_count);
        return nlohmann::json::parse(c.query(storage::sql::outbox::pending_template_data_of_ref, {ref}).one().text(0));
      });
      accounts::ActivationRequest request;
      request.login = *input.fields.login;
      request.activation_code = values.at("activation_code").get<std::string>();
      request.device_number = "+1646555" + std::to_string(1000 + next);
      request.platform = i % 2 ? "ios" : "android";
      activation.activate(request, meta);
      active.push_back(account.id);
    }
  }
  return active;
}

// About six months of calls, messages and data sessions for each account, quieter at weekends,
// through the same ingest as POST /api/v1/usage. Seeded, so every demo looks the same.
void load_usage(storage::Database& db, const Clock& clock, const auth::Principal& who,
                const std::vector<std::string>& accounts) {
  std::mt19937_64 random(20261122);
  const auto between = [&](std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(random);
  };
  const UnixSeconds now = clock.now();
  const UnixSeconds first_day = (now / 86400 - 183) * 86400;
  std::string records;
  std::int64_t serial = 0;
  const auto add = [&](const std::string& account, const char* type, bool in, UnixSeconds at, std::int64_t quantity,
                       bool billable) {
    if (at > now) return;
    records += nlohmann::json({{"id", "demo-" + std::to_string(++serial)},
                               {"account_id", account},
                               {"type", type},
                               {"direction", in ? "in" : "out"},
                               {"started_at", to_rfc3339(at)},
                               {"quantity", quantity},
                               {"billable", billable}})
                   .dump();
    records += '\n';
  };
  for (UnixSeconds day = first_day; day <= now; day += 86400) {
    const bool weekend = (day / 86400 + 4) % 7 >= 5;  // 1970-01-01 was a Thursday
    for (const auto& account : accounts) {
      const auto at = [&] { return day + between(hours(7), hours(21)); };
      for (auto calls = between(0, weekend ? 2 : 6); calls > 0; --calls)
        add(account, "voice", between(0, 1) == 0, at(), between(15, 900), between(0, 9) != 0);
      for (auto texts = between(0, weekend ? 4 : 12); texts > 0; --texts)
        add(account, "message", between(0, 1) == 0, at(), between(1, 3), true);
      for (auto sessions = between(1, 3); sessions > 0; --sessions)
        add(account, "data", between(0, 4) != 0, at(), between(1, 80) * 1024 * 1024, true);
    }
  }
  usage::UsageIngest ingest(db, clock);
  std::size_t offset = 0;
  ingest.run(who, {usage::UploadFormat::ndjson, false},
             [&](std::span<char> buffer) {
               const auto n = std::min(buffer.size(), records.size() - offset);
               std::copy_n(records.data() + offset, n, buffer.data());
               offset += n;
               return n;
             },
             {"127.0.0.1", "demo"});
}

// ABC Banking Corporation's own administrators, homed there: a super administrator (the built-in
// role, which at ABC Banking reaches only its tree) and an IT help desk with a role defined on
// ABC Banking for the day-to-day work on users and numbers.
void load_customer_admins(storage::Database& db, const Clock& clock, const auth::Principal& carrier,
                          const std::string& abc, const std::string& password, bool must_change) {
  const events::EventBus quiet;
  roles::RoleService roles(db, clock, quiet);
  const auto desk = roles.create(
      carrier, abc,
      {std::string("IT Help Desk"),
       std::vector<std::string>{"dashboard", "accounts", "accounts.bulk", "reports.view.user_metrics",
                                "reports.view.activities", "setup.view.number_management", "profile.view"}},
      {"127.0.0.1", "demo"});
  db.write([&](storage::Connection& conn) {
    const auto super_admin = bootstrap::built_in_role_id(conn, bootstrap::super_admin_role);
    bootstrap::insert_admin(conn, clock, abc, super_admin, std::string(demo_admin_email), "Helen", "Brooks", password,
                            must_change);
    bootstrap::insert_admin(conn, clock, abc, desk.id, std::string(demo_account_manager_email), "Omar", "Said",
                            password, must_change);
  });
}

// The carrier's plan, which ABC Banking has been on since the start of last month (so that the
// demo's usage is charged), and a template for new branches.
void load_plans(storage::Database& db, const Clock& clock, const auth::Principal& carrier, const std::string& root,
                const std::string& abc) {
  const RequestMeta meta{"127.0.0.1", "demo"};
  subscriptions::PlanService plans(db, clock);
  const auto plan = plans.create(
      carrier, root,
      {std::string("Enterprise"),
       std::vector<std::string>{"voice", "sms", "mms", "social_messaging", "call_recording", "message_logging",
                                "in_app_messaging"},
       nlohmann::json{{"max_accounts", 1000}, {"max_numbers", 1000}, {"max_suborgs", 50}},
       nlohmann::json{{"currency", "USD"},
                      {"voice_per_minute", "0.0125"},
                      {"per_message", "0.01"},
                      {"data_per_mb", "0.002"},
                      {"monthly_per_active_user", "4.50"}},
       nlohmann::json{
           {"mode", "allow_all"}, {"allowed_prefixes", nlohmann::json::array()}, {"blocked_prefixes", {"+1900"}}}},
      meta);
  db.write([&](storage::Connection& conn) {
    orgs::write_own_settings(conn, abc, {{"subscription_id", plan.id}});
    const auto tz = orgs::effective_value(conn, abc, "timezone").get<std::string>();
    subscriptions::record_plan_history(conn, abc, plan.id, month_before(tz, clock.now()).from);
  });
  orgs::OrgTemplateService templates(db, clock);
  templates.create(carrier, root,
                   {.name = std::string("Branch office"),
                    .subscription_id = std::optional<std::string>(plan.id),
                    .settings = nlohmann::json{{"two_factor_enabled", true}},
                    .role_ids = std::nullopt,
                    .permission_groups = nlohmann::json::array(
                        {{{"name", "Tellers"}, {"features", {"voice", "sms"}}, {"is_default", true}},
                         {{"name", "Branch managers"}, {"features", {"voice", "sms", "call_recording"}}}}),
                    .numbers = std::optional<std::int64_t>(5)},
                   meta);
}

}  // namespace

DemoCredentials load_demo(storage::Database& db, const Clock& clock, const std::string& password,
                          const std::string& secret_key_file) {
  bootstrap::InitRequest init{"Carrier Org", std::string(demo_carrier_email), std::nullopt, "UTC", "en"};
  if (!password.empty()) init.admin_password = password;
  const auto result = bootstrap::initialize(db, clock, init);
  const accounts::ActivationCodes codes(load_or_create_secret_key(secret_key_file));
  codes.bind(db, clock.now());

  orgs::OrgService service(db, clock);
  std::map<std::string, std::string> ids;
  db.write([&](storage::Connection& conn) { insert_tree(service, conn, result.root_org_id, abc_banking(), ids); });

  // The demo acts as the carrier's super administrator; its alerts are not mailed (no subscribers).
  auth::Principal admin;
  admin.admin_id = result.admin_id;
  admin.email = std::string(demo_carrier_email);
  admin.kind = "admin";
  admin.home_org_id = result.root_org_id;
  admin.privileges = auth::PrivilegeSet::all();
  const events::EventBus quiet;
  numbers::NumberService numbers(db, clock);
  load_numbers(numbers, admin, result.root_org_id, ids);
  load_plans(db, clock, admin, result.root_org_id, ids.at("ABC Banking Corporation"));
  accounts::AccountService accounts(db, clock, quiet, codes, "http://127.0.0.1:8080");
  load_accounts(accounts, numbers, admin, ids);
  accounts::ActivationService activation(db, clock, quiet, codes);
  const auto active = load_active_staff(db, accounts, activation, numbers, admin, ids);
  load_usage(db, clock, admin, active);
  const auto demo_password = result.generated_password.value_or(password);
  load_customer_admins(db, clock, admin, ids.at("ABC Banking Corporation"), demo_password,
                       result.generated_password.has_value());
  return {{"Carrier Org (the service provider, at the root)", std::string(demo_carrier_email), demo_password},
          {"ABC Banking Corporation (a customer)", std::string(demo_admin_email), demo_password}};
}

}  // namespace lineport::app
