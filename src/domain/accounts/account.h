#pragma once
// A user account (docs/product.md#user-accounts-and-invitations): the end user who gets a second number, and the rules
// its fields obey. The same validation serves the single "Add Account" form, edits, bulk edits and the CSV import.

#include <optional>
#include <string>
#include <vector>

#include "domain/error.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::accounts {

struct Account {
  std::string id;
  std::string org_id;
  std::string org_name;
  std::string first_name;
  std::string last_name;
  std::string login;
  std::string login_kind;  // email | device
  std::optional<std::string> multiline_number;
  std::string permission_group_id;
  std::string permission_group_name;
  // What the app lets the user do: the group's features that every plan from the account's
  // organization up allows (docs/subscriptions.md#features). Read with one account only.
  std::optional<std::vector<std::string>> effective_features;
  bool social_messaging = false;
  std::string monitor_calls = "auto";  // auto | off
  std::string monitor_sms = "on";      // on | off
  std::optional<std::string> forwarding_number;
  bool restrict_incoming_social_messaging = false;
  std::string status = "saved";                 // saved | invited | active | suspended
  std::optional<std::string> suspended_reason;  // admin | privacy_opt_out
  std::string invitation_status = "not_sent";   // not_sent | sent | failed
  std::int64_t invitation_count = 0;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> invited_at;
  std::optional<UnixSeconds> activated_at;
  std::optional<std::string> device_number;
  std::optional<std::string> notification_email;
  std::string notes;
  std::optional<std::string> platform;
  std::optional<UnixSeconds> last_sign_in_at;
  UnixSeconds updated_at = 0;

  std::string display_name() const;
};

Account account_from_row(const storage::RowView& row);
// The same into `into`, reusing the storage of its strings: a page read into one Account
// allocates nothing after its first row.
void read_account(const storage::RowView& row, Account& into);
// The account `id`, whatever its organization (callers check the scope), or nullopt.
std::optional<Account> find_account(storage::Connection& conn, const std::string& id);

// What the app lets the account's user do: its permission group's features that every plan from
// its organization up allows (docs/subscriptions.md#features).
std::vector<std::string> effective_features(storage::Connection& conn, const Account& account);

// The editable fields, as the caller sent them (absent = unchanged on edit, default on create).
struct AccountInput {
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> login;
  std::optional<std::string> permission_group_id;
  std::optional<bool> social_messaging;
  std::optional<std::string> monitor_calls;
  std::optional<std::string> monitor_sms;
  std::optional<std::optional<std::string>> forwarding_number;
  std::optional<bool> restrict_incoming_social_messaging;
  std::optional<std::optional<std::string>> notification_email;
  std::optional<std::string> notes;
};

// A login is an email address or a device number (E.164); the invitation goes there.
struct Login {
  std::string value;  // normalized: lower-case email, or E.164
  std::string kind;   // email | device
};

// Field checks. Each adds a message for `field` to `v` and returns the normalized value.
std::optional<Login> clean_login(const std::string& raw, const std::string& field, Validator& v);
std::string clean_person_name(const std::string& raw, const std::string& field, Validator& v);
std::optional<std::string> clean_forwarding_number(const std::string& raw, const std::string& field, Validator& v);
std::optional<std::string> clean_email(const std::string& raw, const std::string& field, Validator& v);
bool valid_monitor_calls(const std::string& value);  // auto | off
bool valid_monitor_sms(const std::string& value);    // on | off

// Applies `input` over `account` (validated; errors collected in `v`).
void apply_input(Account& account, const AccountInput& input, Validator& v);

// The domain restriction (docs/product.md#user-accounts-and-invitations): email logins must end in one of `domains`
// ("@example.com").
bool login_allowed(const Login& login, const std::vector<std::string>& domains);

// Case-folded "first last login" for the text search (the number is searched in its own column).
std::string search_text_of(const Account& account);

}  // namespace lineport::accounts
