#include "domain/accounts/account.h"

#include <algorithm>

#include "storage/queries/accounts.h"
#include "util/phone.h"
#include "util/text.h"

namespace lineport::accounts {

std::string Account::display_name() const {
  std::string name = text::trim(first_name + " " + last_name);
  return name.empty() ? login : name;
}

namespace {

void assign(std::optional<std::string>& to, const storage::RowView& r, std::size_t column) {
  if (r.is_null(column)) {
    to.reset();
  } else if (to) {
    to->assign(r.text_view(column));
  } else {
    to.emplace(r.text_view(column));
  }
}

}  // namespace

void read_account(const storage::RowView& r, Account& a) {
  constexpr auto c = storage::sql::accounts::account_columns;
  a.id.assign(r.text_view(c["id"]));
  a.org_id.assign(r.text_view(c["org_id"]));
  a.org_name.assign(r.text_view(c["org_name"]));
  a.first_name.assign(r.text_view(c["first_name"]));
  a.last_name.assign(r.text_view(c["last_name"]));
  a.login.assign(r.text_view(c["login"]));
  a.login_kind.assign(r.text_view(c["login_kind"]));
  assign(a.multiline_number, r, c["multiline_number"]);
  a.permission_group_id.assign(r.text_view(c["permission_group_id"]));  // empty when NULL
  a.permission_group_name.assign(r.text_view(c["permission_group_name"]));
  a.social_messaging = r.boolean(c["social_messaging"]);
  a.monitor_calls.assign(r.text_view(c["monitor_calls"]));
  a.monitor_sms.assign(r.text_view(c["monitor_sms"]));
  assign(a.forwarding_number, r, c["forwarding_number"]);
  a.restrict_incoming_social_messaging = r.boolean(c["restrict_incoming_social_messaging"]);
  a.status.assign(r.text_view(c["status"]));
  assign(a.suspended_reason, r, c["suspended_reason"]);
  a.invitation_status.assign(r.text_view(c["invitation_status"]));
  a.invitation_count = r.integer(c["invitation_count"]);
  a.created_at = r.integer(c["created_at"]);
  a.invited_at = r.opt_integer(c["invited_at"]);
  a.activated_at = r.opt_integer(c["activated_at"]);
  assign(a.device_number, r, c["device_number"]);
  assign(a.notification_email, r, c["notification_email"]);
  a.notes.assign(r.text_view(c["notes"]));
  assign(a.platform, r, c["platform"]);
  a.last_sign_in_at = r.opt_integer(c["last_sign_in_at"]);
  a.updated_at = r.integer(c["updated_at"]);
}

Account account_from_row(const storage::RowView& r) {
  Account a;
  read_account(r, a);
  return a;
}

std::optional<Account> find_account(storage::Connection& conn, const std::string& id) {
  std::optional<Account> found;
  conn.for_each_view(storage::sql::accounts::select_by_id, {id},
                     [&](const storage::RowView& row) { found = account_from_row(row); });
  return found;
}

std::optional<Login> clean_login(const std::string& raw, const std::string& field, Validator& v) {
  const std::string value = text::trim(raw);
  if (value.empty()) {
    v.fail(field, "Is required: an email address or a device number with country code.");
    return std::nullopt;
  }
  if (value.find('@') != std::string::npos) {
    if (!text::is_email(value)) {
      v.fail(field, "Is not a valid email address.");
      return std::nullopt;
    }
    return Login{text::fold_case(value), "email"};
  }
  if (const auto number = phone::normalize_e164(value)) return Login{*number, "device"};
  v.fail(field, "Must be an email address or a device number in international form (+ and country code).");
  return std::nullopt;
}

std::string clean_person_name(const std::string& raw, const std::string& field, Validator& v) {
  std::string name = text::trim(raw);
  if (!text::is_valid_utf8(name) || text::has_control_chars(name) || text::code_points(name) > 100)
    v.fail(field, "Must be at most 100 characters, without control characters.");
  return name;
}

std::optional<std::string> clean_forwarding_number(const std::string& raw, const std::string& field, Validator& v) {
  std::string value = text::trim(raw);
  if (value.empty()) return std::nullopt;
  std::string digits = value.starts_with('+') ? value.substr(1) : value;
  const bool all_digits = std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!all_digits || digits.size() < 4 || digits.size() > 18) {
    v.fail(field, "Must be 4 to 18 digits, starting with the country code.");
    return std::nullopt;
  }
  return "+" + digits;
}

std::optional<std::string> clean_email(const std::string& raw, const std::string& field, Validator& v) {
  const std::string value = text::trim(raw);
  if (value.empty()) return std::nullopt;
  if (!text::is_email(value)) {
    v.fail(field, "Is not a valid email address.");
    return std::nullopt;
  }
  return text::fold_case(value);
}

bool valid_monitor_calls(const std::string& value) {
  return value == "auto" || value == "off";
}
bool valid_monitor_sms(const std::string& value) {
  return value == "on" || value == "off";
}

void apply_input(Account& a, const AccountInput& in, Validator& v) {
  if (in.first_name) a.first_name = clean_person_name(*in.first_name, "first_name", v);
  if (in.last_name) a.last_name = clean_person_name(*in.last_name, "last_name", v);
  if (in.login) {
    if (const auto login = clean_login(*in.login, "login", v)) {
      a.login = login->value;
      a.login_kind = login->kind;
    }
  }
  if (in.permission_group_id) a.permission_group_id = *in.permission_group_id;
  if (in.social_messaging) a.social_messaging = *in.social_messaging;
  if (in.monitor_calls) {
    if (valid_monitor_calls(*in.monitor_calls))
      a.monitor_calls = *in.monitor_calls;
    else
      v.fail("monitor_calls", "Must be auto or off.");
  }
  if (in.monitor_sms) {
    if (valid_monitor_sms(*in.monitor_sms))
      a.monitor_sms = *in.monitor_sms;
    else
      v.fail("monitor_sms", "Must be on or off.");
  }
  if (in.forwarding_number)
    a.forwarding_number =
        *in.forwarding_number ? clean_forwarding_number(**in.forwarding_number, "forwarding_number", v) : std::nullopt;
  if (in.restrict_incoming_social_messaging)
    a.restrict_incoming_social_messaging = *in.restrict_incoming_social_messaging;
  if (in.notification_email)
    a.notification_email =
        *in.notification_email ? clean_email(**in.notification_email, "notification_email", v) : std::nullopt;
  if (in.notes) {
    if (!text::is_valid_utf8(*in.notes) || text::code_points(*in.notes) > 2000)
      v.fail("notes", "Must be at most 2000 characters.");
    else
      a.notes = *in.notes;
  }
  // Restricting incoming social messaging only means something with social messaging on: asking
  // for both "restricted" and "off" is refused, and switching social messaging off lifts the
  // restriction (docs/decisions.md, "Accounts").
  if (!a.social_messaging) {
    if (in.restrict_incoming_social_messaging == true)
      v.fail("restrict_incoming_social_messaging", "Can be on only when social_messaging is on.");
    a.restrict_incoming_social_messaging = false;
  }
}

bool login_allowed(const Login& login, const std::vector<std::string>& domains) {
  if (login.kind != "email" || domains.empty()) return true;
  const auto at = login.value.rfind('@');
  const std::string domain = login.value.substr(at);
  return std::any_of(domains.begin(), domains.end(),
                     [&](const std::string& d) { return text::fold_case(d) == domain; });
}

std::string search_text_of(const Account& a) {
  return text::fold_case(a.first_name + " " + a.last_name + " " + a.login);
}

}  // namespace lineport::accounts
