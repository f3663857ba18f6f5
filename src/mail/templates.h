#pragma once
// Mail templates compiled into the binary: src/mail/templates/<event>.<lang>.txt holds
// "Subject: …", a blank line, then the text body; <event>.<lang>.html, when present, holds the
// HTML alternative. {{placeholder}} takes its value from `values`: strings and numbers are
// inserted (HTML-escaped in HTML bodies), anything else and unknown names render empty.
//
// Which events ship a template, the values each is rendered with and the ones it requires are
// listed in the message catalog (domain/templates/message_templates.cpp), where a unit test
// checks every file here against it. Organizations may replace any of them (domain/templates).
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
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "mail/outbox.h"
#include "util/text.h"

namespace lineport::mail {

// Languages every shipped template exists in; the first is the fallback.
inline constexpr std::string_view template_languages[] = {"en", "es", "pt"};

// A template's parts as written: the subject line, the text body and the optional HTML body.
struct TemplateSource {
  std::string_view subject;
  std::string_view text;
  std::optional<std::string_view> html;
};

// The template of `event` shipped with the binary, in `language` or else in en; nullopt when the
// event has none. Throws std::invalid_argument when the file is malformed.
std::optional<TemplateSource> shipped_template(std::string_view event, std::string_view language);

// Renders `source` (shipped, or an organization's own: domain/templates) for recipient `to`.
Message render(std::string_view event, const TemplateSource& source, const std::string& to,
               const nlohmann::json& values);

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
