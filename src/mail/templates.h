#pragma once
// Mail templates compiled into the binary: src/mail/templates/<event>.<lang>.txt holds
// "Subject: …", a blank line, then the text body; <event>.<lang>.html, when present, holds the
// HTML alternative. {{placeholder}} takes its value from `values`: strings and numbers are
// inserted (HTML-escaped in HTML bodies), anything else and unknown names render empty.
//
// Events shipped and the values their templates use (`to`, the recipient, is always available;
// alert mails also get org_name, the name of the event's organization, from alerts::deliver):
//   admin_invitation          first_name, last_name, org_name, login, password, portal_url
//   password_reset            first_name, login, reset_link, expires_minutes
//   password_reset_blocked    first_name, login, portal_url
//   two_factor_pin            first_name, pin, expires_minutes
//   password_changed          login, changed_at
//   suspicious_login_activity login, failed_attempts, occurred_at, client_ip
//   admin_added               name, login, org_name, role_name, added_by
//   admin_privilege_granted, admin_privilege_revoked   login, org_name, privileges, changed_by
//   account_added             account_name, login, org_name, added_by, multiline_number
//   account_deleted           account_name, login, org_name, deleted_by
//   account_moved             account_name, login, from_org_name, to_org_name, moved_by
//   account_suspended         account_name, login, org_name, suspended_by, reason
//   suspended_account_reactivated  account_name, login, org_name, reactivated_by
//   privacy_opted_out, privacy_resumed                 account_name, login, org_name
//   batch_operations_report   operation, org_name, total, succeeded, failed, started_by
//   number_utilization_threshold_exceeded  org_name, utilization_pct, threshold_pct, total, available
//   invitation_threshold_exceeded          org_name, invitations_without_number, available
//
// Invitations of user accounts are rendered by invitations::render (domain/invitations), which
// lets each organization override them; the files here are the built-in defaults:
//   account_invitation.<lang>.txt|.html  email; first_name, last_name, login, activation_code,
//                                        multiline_number (may be empty), org_name, portal_url,
//                                        activation_link, and in HTML qr_code (the inline image)
//   account_invitation_sms.<lang>.txt    SMS, same values but qr_code. No "Subject:" line: the
//                                        whole file is the message (line breaks kept), except the
//                                        one line break that ends the file. Keep it short: under
//                                        300 characters once rendered with typical values.

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

#include "mail/outbox.h"
#include "util/text.h"

namespace lineport::mail {

// Languages every shipped template exists in; the first is the fallback.
inline constexpr std::string_view template_languages[] = {"en", "es", "pt"};

// Renders the template of `event` in `language` ("es", "pt-BR", …; en when no translation
// exists) for recipient `to`. Throws std::invalid_argument when the event has no template or a
// template file is malformed. Control characters in values become spaces in the subject;
// mail::enqueue validates the result like any other message.
Message render(std::string_view event, std::string_view language, const std::string& to, const nlohmann::json& values);

// True when a template for `event` ships with the binary (in English at least).
bool has_template(std::string_view event);

// Replaces each {{name}} (spaces inside the braces allowed) by its value; with `escape_html` the
// values are HTML-escaped. Also for templates stored elsewhere (per-organization overrides).
std::string substitute(std::string_view tmpl, const nlohmann::json& values, bool escape_html);

// The placeholder names a template uses (to refuse one that drops a required placeholder).
std::set<std::string> placeholders(std::string_view tmpl);

std::string escape_html(std::string_view text);

// A well-formed placeholder name: 1 to 64 ASCII letters, digits or underscores.
bool is_placeholder_name(std::string_view name);

// Walks a template: on_text(std::string_view) for each run of literal text, on_placeholder(name)
// for each well-formed {{name}} (spaces inside the braces allowed). "{{" that does not open a
// placeholder is literal text. The one reading of templates, so a template renders the same
// wherever it is stored (shipped files, per-organization invitation templates).
template <class OnText, class OnPlaceholder>
void scan_placeholders(std::string_view tmpl, OnText&& on_text, OnPlaceholder&& on_placeholder) {
  std::size_t pos = 0;
  while (pos < tmpl.size()) {
    const auto open = tmpl.find("{{", pos);
    if (open == std::string_view::npos) break;
    const auto close = tmpl.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    std::string name = text::trim(tmpl.substr(open + 2, close - open - 2));
    if (!is_placeholder_name(name)) {
      on_text(tmpl.substr(pos, open + 2 - pos));  // not a placeholder: keep "{{" and go on
      pos = open + 2;
      continue;
    }
    on_text(tmpl.substr(pos, open - pos));
    on_placeholder(std::move(name));
    pos = close + 2;
  }
  on_text(tmpl.substr(pos));
}

}  // namespace lineport::mail
