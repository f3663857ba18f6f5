#pragma once
// Mail templates compiled into the binary: src/mail/templates/<event>.<lang>.txt holds
// "Subject: …", a blank line, then the text body; <event>.<lang>.html, when present, holds the
// HTML alternative. {{placeholder}} takes its value from `values`: strings and numbers are
// inserted (HTML-escaped in HTML bodies), anything else and unknown names render empty.
//
// Events shipped and the values their templates use (`to`, the recipient, is always available):
//   admin_invitation          first_name, last_name, org_name, login, password, portal_url
//   password_reset            first_name, login, reset_link, expires_minutes
//   password_reset_blocked    first_name, login, portal_url
//   two_factor_pin            first_name, pin, expires_minutes
//   password_changed          login, changed_at
//   suspicious_login_activity login, failed_attempts, occurred_at, client_ip

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>

#include "mail/outbox.h"

namespace lineport::mail {

// Languages every shipped template exists in; the first is the fallback.
inline constexpr std::string_view template_languages[] = {"en", "es", "pt"};

// Renders the template of `event` in `language` ("es", "pt-BR", …; en when no translation
// exists) for recipient `to`. Throws std::invalid_argument when the event has no template or a
// template file is malformed. Control characters in values become spaces in the subject;
// mail::enqueue validates the result like any other message.
Message render(std::string_view event, std::string_view language, const std::string& to,
               const nlohmann::json& values);

// True when a template for `event` ships with the binary (in English at least).
bool has_template(std::string_view event);

// Replaces each {{name}} (spaces inside the braces allowed) by its value; with `escape_html` the
// values are HTML-escaped. Also for templates stored elsewhere (per-organization overrides).
std::string substitute(std::string_view tmpl, const nlohmann::json& values, bool escape_html);

// The placeholder names a template uses (to refuse one that drops a required placeholder).
std::set<std::string> placeholders(std::string_view tmpl);

std::string escape_html(std::string_view text);

}  // namespace lineport::mail
