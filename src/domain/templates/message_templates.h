#pragma once
// Message templates (docs/product.md#message-templates): every message the portal sends — the
// invitations of user accounts, administrators' invitations, password and PIN mails, the alerts —
// has a text shipped with the binary (src/mail/templates), and any organization may set its own
// for each language. The text in force is the nearest one on the organization or its ancestors,
// else the shipped one. One table, one set of rules, for Setup > Invitation Templates
// (domain/invitations) and Setup > Email Templates (EmailTemplateService below).
//
// Placeholders are written {{name}}. Each message has the names it is rendered with and those it
// cannot do without (a password reset without its link is refused when saved, 422).

#include <array>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/error.h"
#include "mail/outbox.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::templates {

enum class Channel { email, sms };
std::string_view channel_name(Channel channel);

inline constexpr std::array<std::string_view, 3> languages = {"en", "es", "pt"};
// "pt-BR", "ES" → pt, es; anything else than en/es/pt is en.
std::string normalized_language(std::string_view language);
// A language named by a request (a path or a field): 422 on `language` unless en, es or pt.
void check_language(std::string_view language, Validator& v);

// The values a user's invitation is rendered with, in the order invitations::CompiledText indexes
// them. org_name is the account's own organization; company_name the company its users work for
// (orgs::company_name), which is what the default invitations name. qr_code: HTML only.
inline constexpr std::array<std::string_view, 10> invitation_placeholders = {
    "first_name", "last_name",  "login",           "activation_code", "multiline_number",
    "org_name",   "portal_url", "activation_link", "qr_code",         "company_name"};

// A message's name as the portal shows it.
struct MessageName {
  std::string_view en, es, pt;
};

// A message an organization may rewrite.
struct MessageKind {
  std::string_view key;  // the mail's event (X-Lineport-Event) and the stored `message`
  Channel channel = Channel::email;
  // Empty for the alerts, which are named by the alert catalog (Setup > Manage Alerts).
  MessageName name;
  std::vector<std::string_view> placeholders;  // the values it is rendered with
  std::vector<std::string_view> required;      // must be in the text, and in the HTML when there is one
  // A value given as markup, only in the HTML body (the invitation's QR code image); empty: none.
  std::string_view html_only;
};

// The messages of Setup > Email Templates, in the order the page lists them: the administrators'
// own mails, then the alerts in the order of Setup > Manage Alerts.
std::span<const MessageKind> email_kinds();
// account_invitation (email) or account_invitation_sms.
const MessageKind& invitation_kind(Channel channel);
// Any of the above; nullptr when `key` names no message.
const MessageKind* find_kind(std::string_view key);

// The three parts of a message as written (subject and html empty/absent for SMS).
struct TemplateText {
  std::string subject;
  std::string text;
  std::optional<std::string> html;
};

// One (message, language) as an organization sees it.
struct MessageTemplate {
  const MessageKind* kind = nullptr;
  std::string language;
  TemplateText content;
  bool own = false;       // set on this organization (else inherited or shipped)
  bool built_in = false;  // the shipped text (its source is the root organization)
  std::string source_org_id, source_org_name;
  std::optional<UnixSeconds> updated_at;  // of an organization's template
  std::string updated_by;                 // email of the administrator who saved it
};

struct TemplateInput {
  std::optional<std::string> subject;
  std::optional<std::string> text;
  std::optional<std::string> html;
};

// Checks a template before it is saved or previewed; collects every field error (422).
void validate_template(const MessageKind& kind, const TemplateInput& input, Validator& v);
// The text as it is stored from a valid input: subject trimmed, blank HTML none, SMS without both.
TemplateText stored_text(const MessageKind& kind, const TemplateInput& input);

// The text shipped with the binary (in en when there is no translation).
TemplateText shipped_text(const MessageKind& kind, std::string_view language);
// The organization's own template or the nearest ancestor's; nullopt: the shipped text is in force.
std::optional<MessageTemplate> stored_nearest(storage::Connection& conn, const std::string& org_id,
                                              const MessageKind& kind, std::string_view language);
// The text in force on `org_id`: its own or the nearest ancestor's (source set), else shipped
// (source empty). `language` is normalized.
MessageTemplate nearest(storage::Connection& conn, const std::string& org_id, const MessageKind& kind,
                        std::string_view language);
// The template in force for each of `kinds` × languages, in that order.
std::vector<MessageTemplate> effective(storage::Connection& conn, const std::string& org_id,
                                       std::span<const MessageKind* const> kinds);

// Saves the organization's own template (validated: 422) and audits it; returns the one in force.
MessageTemplate save(storage::Connection& conn, const Clock& clock, const auth::Principal& who, const RequestMeta& meta,
                     const std::string& org_id, const MessageKind& kind, std::string_view language,
                     const TemplateInput& input);
// The organization inherits again; 404 when it has no template of its own there.
void remove(storage::Connection& conn, const Clock& clock, const auth::Principal& who, const RequestMeta& meta,
            const std::string& org_id, const MessageKind& kind, std::string_view language);

// The mail of `event` to `to`, from the text in force on `org_id` (the organization the message
// is about) in `language`. Events outside the catalog render their shipped text.
mail::Message render_mail(storage::Connection& conn, const std::string& org_id, std::string_view event,
                          std::string_view language, const std::string& to, const nlohmann::json& values);

// A rendered preview (subject empty for SMS).
struct Rendered {
  std::string subject, text;
  std::optional<std::string> html;
};

struct PreviewInput {
  std::string message, language;
  TemplateInput input;  // all absent: preview the template in force
};

// Setup > Email Templates: the administrators' mails and the alerts (email_kinds).
class EmailTemplateService {
 public:
  // `portal_url` fills {{portal_url}} and the links in previews.
  EmailTemplateService(storage::Database& db, const Clock& clock, std::string portal_url)
      : db_(db), clock_(clock), portal_url_(std::move(portal_url)) {}

  std::vector<MessageTemplate> list(const auth::Principal& who, const std::string& org_id);
  MessageTemplate put(const auth::Principal& who, const std::string& org_id, std::string_view message,
                      std::string_view language, const TemplateInput& input, const RequestMeta& meta);
  void remove(const auth::Principal& who, const std::string& org_id, std::string_view message,
              std::string_view language, const RequestMeta& meta);
  // Renders the given text (or the one in force) with example values and the org's name.
  Rendered preview(const auth::Principal& who, const std::string& org_id, const PreviewInput& input);

 private:
  storage::Database& db_;
  const Clock& clock_;
  std::string portal_url_;
};

}  // namespace lineport::templates
