#include "domain/templates/message_templates.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "domain/audit/audit_log.h"
#include "domain/orgs/org_service.h"
#include "mail/templates.h"
#include "storage/queries/message_templates.h"
#include "util/resources.h"
#include "util/text.h"

namespace lineport::templates {
namespace {

namespace sql = storage::sql::message_templates;

constexpr std::size_t max_subject_chars = 200;
constexpr std::size_t max_email_text_chars = 10'000;
constexpr std::size_t max_sms_text_chars = 1'000;
// HTML carries markup around the same words, so it gets more room than the text.
constexpr std::size_t max_html_chars = 50'000;

// ---- The catalog -----------------------------------------------------------------------------

MessageKind email_kind(std::string_view key, MessageName name, std::vector<std::string_view> placeholders,
                       std::vector<std::string_view> required = {}) {
  placeholders.push_back("to");  // the recipient's address: every mail has it
  return {key, Channel::email, name, std::move(placeholders), std::move(required), {}};
}

// An alert's mail also names the organization the event happened in (alerts::deliver).
MessageKind alert_kind(std::string_view key, std::vector<std::string_view> placeholders) {
  if (std::find(placeholders.begin(), placeholders.end(), "org_name") == placeholders.end())
    placeholders.push_back("org_name");
  return email_kind(key, {}, std::move(placeholders));
}

// The messages of Setup > Email Templates. The values each is rendered with are those its send
// site passes (auth, admins, alerts, subscriptions); a test renders every shipped text against them.
const std::vector<MessageKind>& email_catalog() {
  static const std::vector<MessageKind> all = [] {
    std::vector<MessageKind> k;
    k.push_back(email_kind(
        "admin_invitation", {"Administrator invitation", "Invitación de administrador", "Convite de administrador"},
        {"first_name", "last_name", "org_name", "login", "password", "portal_url"}, {"login", "password"}));
    k.push_back(email_kind("password_reset",
                           {"Password reset", "Restablecimiento de contraseña", "Redefinição de senha"},
                           {"first_name", "login", "reset_link", "expires_minutes"}, {"reset_link"}));
    k.push_back(email_kind(
        "password_reset_blocked",
        {"Password reset blocked", "Restablecimiento de contraseña bloqueado", "Redefinição de senha bloqueada"},
        {"first_name", "login", "portal_url"}));
    k.push_back(email_kind("two_factor_pin", {"Two-factor PIN", "PIN de dos factores", "PIN de dois fatores"},
                           {"first_name", "pin", "expires_minutes"}, {"pin"}));
    k.push_back(email_kind("subscription_changed",
                           {"Subscription changed", "Cambio de suscripción", "Assinatura alterada"},
                           {"org_name", "plan_name", "previous_plan_name", "changed_by", "changed_at"}));
    k.push_back(email_kind("webhook_disabled", {"Webhook turned off", "Webhook desactivado", "Webhook desativado"},
                           {"org_name", "url", "reason", "disabled_at"}));
    // The alerts, in the order of Setup > Manage Alerts (alerts::alert_catalog).
    k.push_back(alert_kind("account_moved", {"account_name", "login", "from_org_name", "to_org_name", "moved_by"}));
    k.push_back(alert_kind("invitation_threshold_exceeded", {"invitations_without_number", "available"}));
    k.push_back(alert_kind("admin_privilege_granted", {"login", "privileges", "changed_by"}));
    k.push_back(alert_kind("suspended_account_reactivated", {"account_name", "login", "reactivated_by"}));
    k.push_back(alert_kind("account_added", {"account_name", "login", "added_by", "multiline_number"}));
    k.push_back(alert_kind("admin_added", {"name", "login", "role_name", "added_by"}));
    k.push_back(alert_kind("number_utilization_threshold_exceeded",
                           {"utilization_pct", "threshold_pct", "total", "available"}));
    k.push_back(alert_kind("admin_privilege_revoked", {"login", "privileges", "changed_by"}));
    k.push_back(alert_kind("suspicious_login_activity", {"login", "failed_attempts", "occurred_at", "client_ip"}));
    k.push_back(alert_kind("account_deleted", {"account_name", "login", "deleted_by"}));
    k.push_back(alert_kind("password_changed", {"login", "changed_at"}));
    k.push_back(alert_kind("account_suspended", {"account_name", "login", "suspended_by", "reason"}));
    k.push_back(alert_kind("privacy_opted_out", {"account_name", "login"}));
    k.push_back(alert_kind("privacy_resumed", {"account_name", "login"}));
    k.push_back(alert_kind("batch_operations_report", {"operation", "total", "succeeded", "failed", "started_by"}));
    return k;
  }();
  return all;
}

// The invitations of user accounts (domain/invitations renders them): email, then SMS.
const std::array<MessageKind, 2>& invitation_catalog() {
  static const std::array<MessageKind, 2> both = [] {
    const std::vector<std::string_view> values(invitation_placeholders.begin(), invitation_placeholders.end());
    const std::vector<std::string_view> required = {"login", "activation_code"};
    return std::array<MessageKind, 2>{
        MessageKind{"account_invitation", Channel::email, {}, values, required, "qr_code"},
        MessageKind{"account_invitation_sms", Channel::sms, {}, values, required, "qr_code"}};
  }();
  return both;
}

bool is_invitation(const MessageKind& kind) {
  return &kind == &invitation_catalog()[0] || &kind == &invitation_catalog()[1];
}

// ---- Shipped texts ---------------------------------------------------------------------------

// An SMS file is the message itself; the line break that ends the file is not part of it.
std::string_view sms_body(std::string_view file) {
  if (file.ends_with("\r\n"))
    file.remove_suffix(2);
  else if (file.ends_with("\n"))
    file.remove_suffix(1);
  return file;
}

std::string_view shipped_sms(std::string_view key, std::string_view language) {
  for (const auto lang : {language, languages[0]}) {
    const auto file = resources::find("src/mail/templates/" + std::string(key) + "." + std::string(lang) + ".txt");
    if (file) return sms_body(*file);
  }
  throw std::logic_error("templates: the shipped " + std::string(key) + " is missing");
}

// ---- Stored templates ------------------------------------------------------------------------

MessageTemplate template_from_row(const storage::Row& r, const MessageKind& kind, const std::string& org_id) {
  constexpr auto c = sql::template_columns;
  MessageTemplate t;
  t.kind = &kind;
  t.language = r.text(c["language"]);
  t.content.subject = r.opt_text(c["subject"]).value_or("");
  t.content.text = r.text(c["body_text"]);
  t.content.html = r.opt_text(c["body_html"]);
  t.source_org_id = r.text(c["org_id"]);
  t.source_org_name = r.text(c["org_name"]);
  t.own = t.source_org_id == org_id;
  t.updated_at = r.integer(c["updated_at"]);
  t.updated_by = r.text(c["updated_by"]);
  return t;
}

MessageTemplate shipped_item(const MessageKind& kind, std::string_view language, const orgs::PathItem& root) {
  MessageTemplate t;
  t.kind = &kind;
  t.language = std::string(language);
  t.content = shipped_text(kind, language);
  t.built_in = true;
  t.source_org_id = root.id;
  t.source_org_name = root.name;
  return t;
}

// ---- Validation ------------------------------------------------------------------------------

bool is_blank(const std::optional<std::string>& s) {
  return !s || text::trim(*s).empty();
}

// UTF-8, no control characters but tab and line breaks (PostgreSQL refuses NUL in text).
void check_body(const std::string& field, const std::string& body, std::size_t max_chars, Validator& v) {
  if (!text::is_valid_utf8(body) || text::has_control_chars_except(body, "\t\r\n"))
    v.fail(field, "Must be UTF-8 text without control characters.");
  else if (text::code_points(body) > max_chars)
    v.fail(field, "Must be at most " + std::to_string(max_chars) + " characters.");
}

bool knows(const MessageKind& kind, std::string_view name) {
  return std::find(kind.placeholders.begin(), kind.placeholders.end(), name) != kind.placeholders.end();
}

void check_placeholders(const MessageKind& kind, const std::string& field, const std::string& tmpl, bool required_here,
                        Validator& v) {
  const auto used = mail::placeholders(tmpl);
  for (const auto& name : used) {
    if (!knows(kind, name))
      v.fail(field, "Unknown placeholder {{" + name + "}}.");
    else if (name == kind.html_only && field != "html")
      v.fail(field, "{{" + name + "}} can be used only in the HTML body.");
  }
  if (!required_here) return;
  for (const auto name : kind.required)
    if (!used.contains(std::string(name))) v.fail(field, "Must contain {{" + std::string(name) + "}}.");
}

void check_subject(const MessageKind& kind, const std::optional<std::string>& subject, Validator& v) {
  if (is_blank(subject)) return v.fail("subject", "Is required for an email template.");
  if (!text::is_valid_utf8(*subject) || text::has_control_chars(*subject) ||
      text::code_points(*subject) > max_subject_chars)
    return v.fail("subject", "Must be one line of at most 200 characters.");
  check_placeholders(kind, "subject", *subject, false, v);
}

const MessageKind& email_kind_named(std::string_view message, Validator& v) {
  const auto& kinds = email_kinds();
  const auto it = std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.key == message; });
  if (it != kinds.end()) return *it;
  v.fail("message", "Must be one of the messages that GET /orgs/{id}/email-templates lists.");
  return kinds.front();
}

// The audit names of a change: invitation templates keep the names they always had.
std::pair<std::string, std::string> audit_names(const MessageKind& kind, std::string_view language) {
  if (is_invitation(kind))
    return {"invitation_template", std::string(channel_name(kind.channel)) + "." + std::string(language)};
  return {"email_template", std::string(kind.key) + "." + std::string(language)};
}

// ---- Previews --------------------------------------------------------------------------------

// Example values of a preview: what a real message of this kind would carry.
nlohmann::json sample_values(const std::string& org_name, const std::string& who, const std::string& portal_url,
                             const std::string& now) {
  std::string portal = portal_url;
  while (portal.ends_with('/')) portal.pop_back();
  return {{"to", "alex.morgan@example.com"},
          {"first_name", "Alex"},
          {"last_name", "Morgan"},
          {"name", "Alex Morgan"},
          {"account_name", "Alex Morgan"},
          {"login", "alex.morgan@example.com"},
          {"password", "Tq7-mX2p-Lk9w"},
          {"portal_url", portal},
          {"reset_link", portal + "/reset-password?token=3q2-example-token"},
          {"expires_minutes", 30},
          {"pin", "482913"},
          {"org_name", org_name},
          {"from_org_name", org_name},
          {"to_org_name", "Branch office"},
          {"plan_name", "Enterprise"},
          {"previous_plan_name", "Standard"},
          {"changed_by", who},
          {"added_by", who},
          {"deleted_by", who},
          {"moved_by", who},
          {"suspended_by", who},
          {"reactivated_by", who},
          {"started_by", who},
          {"changed_at", now},
          {"occurred_at", now},
          {"failed_attempts", 5},
          {"client_ip", "203.0.113.7"},
          {"role_name", "Administrator"},
          {"privileges", "accounts, reports.view.activities"},
          {"multiline_number", "+15550100199"},
          {"reason", "Left the company"},
          {"operation", "import"},
          {"total", 120},
          {"succeeded", 118},
          {"failed", 2},
          {"utilization_pct", 92},
          {"threshold_pct", 90},
          {"available", 8},
          {"invitations_without_number", 12}};
}

mail::TemplateSource source_of(const TemplateText& t) {
  return {t.subject, t.text, t.html ? std::optional<std::string_view>(*t.html) : std::nullopt};
}

}  // namespace

// ---- Public functions ------------------------------------------------------------------------

std::string_view channel_name(Channel channel) {
  return channel == Channel::email ? "email" : "sms";
}

std::string normalized_language(std::string_view language) {
  const std::string primary = text::fold_case(language.substr(0, language.find_first_of("-_")));
  return std::find(languages.begin(), languages.end(), primary) != languages.end() ? primary
                                                                                   : std::string(languages[0]);
}

void check_language(std::string_view language, Validator& v) {
  if (std::find(languages.begin(), languages.end(), language) == languages.end())
    v.fail("language", "Must be one of en, es, pt.");
}

std::span<const MessageKind> email_kinds() {
  return email_catalog();
}

const MessageKind& invitation_kind(Channel channel) {
  return invitation_catalog()[channel == Channel::email ? 0 : 1];
}

const MessageKind* find_kind(std::string_view key) {
  const auto named = [&](const MessageKind& k) { return k.key == key; };
  const auto& email = email_catalog();
  if (const auto it = std::find_if(email.begin(), email.end(), named); it != email.end()) return &*it;
  const auto& invitations = invitation_catalog();
  const auto it = std::find_if(invitations.begin(), invitations.end(), named);
  return it == invitations.end() ? nullptr : &*it;
}

TemplateText shipped_text(const MessageKind& kind, std::string_view language) {
  if (kind.channel == Channel::sms) return {"", std::string(shipped_sms(kind.key, language)), std::nullopt};
  const auto source = mail::shipped_template(kind.key, language);
  if (!source) throw std::logic_error("templates: the shipped " + std::string(kind.key) + " is missing");
  return {std::string(source->subject), std::string(source->text),
          source->html ? std::optional<std::string>(*source->html) : std::nullopt};
}

std::optional<MessageTemplate> stored_nearest(storage::Connection& conn, const std::string& org_id,
                                              const MessageKind& kind, std::string_view language) {
  const auto rows = conn.query(sql::select_nearest, {org_id, kind.key, normalized_language(language)});
  if (rows.empty()) return std::nullopt;
  return template_from_row(rows.rows.front(), kind, org_id);
}

MessageTemplate nearest(storage::Connection& conn, const std::string& org_id, const MessageKind& kind,
                        std::string_view language) {
  const std::string lang = normalized_language(language);
  if (auto stored = stored_nearest(conn, org_id, kind, lang)) return std::move(*stored);
  MessageTemplate t;
  t.kind = &kind;
  t.language = lang;
  t.content = shipped_text(kind, lang);
  t.built_in = true;
  return t;
}

std::vector<MessageTemplate> effective(storage::Connection& conn, const std::string& org_id,
                                       std::span<const MessageKind* const> kinds) {
  std::vector<MessageTemplate> stored;  // nearest first
  for (const auto& r : conn.query(sql::select_inherited, {org_id}).rows) {
    const auto* kind = find_kind(r.text(sql::template_columns["message"]));
    if (kind) stored.push_back(template_from_row(r, *kind, org_id));
  }
  std::optional<orgs::PathItem> root;  // looked up only when a shipped text shows
  std::vector<MessageTemplate> out;
  for (const auto* kind : kinds) {
    for (const auto language : languages) {
      const auto found = std::find_if(stored.begin(), stored.end(), [&](const auto& t) {
        return t.kind->key == kind->key && t.language == language;
      });
      if (found != stored.end()) {
        out.push_back(*found);
        continue;
      }
      if (!root) root = orgs::root_org(conn);
      out.push_back(shipped_item(*kind, language, *root));
    }
  }
  return out;
}

void validate_template(const MessageKind& kind, const TemplateInput& input, Validator& v) {
  const bool email = kind.channel == Channel::email;
  if (email)
    check_subject(kind, input.subject, v);
  else if (!is_blank(input.subject))
    v.fail("subject", "An SMS has no subject.");

  if (is_blank(input.text)) {
    v.fail("text", "Is required.");
  } else {
    check_body("text", *input.text, email ? max_email_text_chars : max_sms_text_chars, v);
    check_placeholders(kind, "text", *input.text, true, v);
  }

  if (is_blank(input.html)) return;
  if (!email) return v.fail("html", "An SMS has no HTML body.");
  check_body("html", *input.html, max_html_chars, v);
  check_placeholders(kind, "html", *input.html, true, v);
}

TemplateText stored_text(const MessageKind& kind, const TemplateInput& input) {
  const bool email = kind.channel == Channel::email;
  TemplateText t;
  if (email) t.subject = text::trim(input.subject.value_or(""));
  t.text = input.text.value_or("");
  if (email && !is_blank(input.html)) t.html = input.html;
  return t;
}

MessageTemplate save(storage::Connection& conn, const Clock& clock, const auth::Principal& who, const RequestMeta& meta,
                     const std::string& org_id, const MessageKind& kind, std::string_view language,
                     const TemplateInput& input) {
  Validator v;
  check_language(language, v);
  v.throw_if_failed();
  validate_template(kind, input, v);
  v.throw_if_failed();

  const TemplateText t = stored_text(kind, input);
  const bool email = kind.channel == Channel::email;
  conn.execute(sql::upsert, sql::Upsert{.org_id = org_id,
                                        .message = std::string(kind.key),
                                        .language = std::string(language),
                                        .subject = email ? std::optional(t.subject) : std::nullopt,
                                        .body_text = t.text,
                                        .body_html = t.html,
                                        .updated_at = clock.now(),
                                        .updated_by = who.email}
                                .params());
  const auto [type, target] = audit_names(kind, language);
  audit::append(conn, clock, audit::actor_of(who), meta,
                {org_id,
                 type + ".update",
                 audit::Activity::write,
                 type,
                 target,
                 {{"message", kind.key},
                  {"channel", channel_name(kind.channel)},
                  {"language", language},
                  {"subject", t.subject},
                  {"text_chars", text::code_points(t.text)},
                  {"html_chars", t.html ? text::code_points(*t.html) : std::size_t{0}}}});
  return nearest(conn, org_id, kind, language);
}

void remove(storage::Connection& conn, const Clock& clock, const auth::Principal& who, const RequestMeta& meta,
            const std::string& org_id, const MessageKind& kind, std::string_view language) {
  Validator v;
  check_language(language, v);
  v.throw_if_failed();
  if (conn.execute(sql::delete_one, {org_id, kind.key, language}) == 0)
    throw_not_found("This organization has no " + std::string(kind.key) + " template of its own in \"" +
                    std::string(language) + "\".");
  const auto [type, target] = audit_names(kind, language);
  audit::append(conn, clock, audit::actor_of(who), meta,
                {org_id,
                 type + ".delete",
                 audit::Activity::write,
                 type,
                 target,
                 {{"message", kind.key}, {"channel", channel_name(kind.channel)}, {"language", language}}});
}

mail::Message render_mail(storage::Connection& conn, const std::string& org_id, std::string_view event,
                          std::string_view language, const std::string& to, const nlohmann::json& values) {
  const auto* kind = find_kind(event);
  if (!kind || kind->channel != Channel::email) return mail::render(event, language, to, values);
  const MessageTemplate t = nearest(conn, org_id, *kind, language);
  return mail::render(event, source_of(t.content), to, values);
}

// ---- EmailTemplateService --------------------------------------------------------------------

std::vector<MessageTemplate> EmailTemplateService::list(const auth::Principal& who, const std::string& org_id) {
  std::vector<const MessageKind*> kinds;
  for (const auto& k : email_kinds()) kinds.push_back(&k);
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    return effective(conn, org_id, kinds);
  });
}

MessageTemplate EmailTemplateService::put(const auth::Principal& who, const std::string& org_id,
                                          std::string_view message, std::string_view language,
                                          const TemplateInput& input, const RequestMeta& meta) {
  Validator v;
  const MessageKind& kind = email_kind_named(message, v);
  check_language(language, v);
  v.throw_if_failed();
  return db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    return templates::save(conn, clock_, who, meta, org_id, kind, language, input);
  });
}

void EmailTemplateService::remove(const auth::Principal& who, const std::string& org_id, std::string_view message,
                                  std::string_view language, const RequestMeta& meta) {
  Validator v;
  const MessageKind& kind = email_kind_named(message, v);
  v.throw_if_failed();
  db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    templates::remove(conn, clock_, who, meta, org_id, kind, language);
  });
}

Rendered EmailTemplateService::preview(const auth::Principal& who, const std::string& org_id,
                                       const PreviewInput& preview) {
  Validator v;
  const MessageKind& kind = email_kind_named(preview.message, v);
  check_language(preview.language, v);
  v.throw_if_failed();
  const auto& in = preview.input;
  const bool in_force = !in.subject && !in.text && !in.html;
  if (!in_force) validate_template(kind, in, v);
  v.throw_if_failed();

  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    const TemplateText text = in_force ? nearest(conn, org_id, kind, preview.language).content : stored_text(kind, in);
    const auto values = sample_values(orgs::org_name(conn, org_id), who.email, portal_url_, to_rfc3339(clock_.now()));
    const auto mail = mail::render(kind.key, source_of(text), values["to"].get<std::string>(), values);
    return Rendered{mail.subject, mail.text, mail.html};
  });
}

}  // namespace lineport::templates
