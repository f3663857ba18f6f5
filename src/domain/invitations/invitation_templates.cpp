#include "domain/invitations/invitation_templates.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "domain/audit/audit_log.h"
#include "domain/orgs/org_service.h"
#include "mail/templates.h"
#include "storage/queries/invitation_templates.h"
#include "storage/queries/orgs.h"
#include "util/crypto.h"
#include "util/qr_code.h"
#include "util/resources.h"
#include "util/text.h"

namespace lineport::invitations {
namespace {

namespace sql = storage::sql::invitation_templates;

constexpr std::size_t max_subject_chars = 200;
constexpr std::size_t max_email_text_chars = 10'000;
constexpr std::size_t max_sms_text_chars = 1'000;
// HTML carries markup around the same words, so it gets more room than the text.
constexpr std::size_t max_html_chars = 50'000;

// ---- Rendering -------------------------------------------------------------------------------

constexpr int field_index(std::string_view name) {
  const auto it = std::find(known_placeholders.begin(), known_placeholders.end(), name);
  return it == known_placeholders.end() ? -1 : static_cast<int>(it - known_placeholders.begin());
}

constexpr int qr_code_field = field_index("qr_code");

// value_of's cases follow the order of known_placeholders.
static_assert(known_placeholders[0] == "first_name" && known_placeholders[1] == "last_name" &&
              known_placeholders[2] == "login" && known_placeholders[3] == "activation_code" &&
              known_placeholders[4] == "multiline_number" && known_placeholders[5] == "org_name" &&
              known_placeholders[6] == "portal_url" && known_placeholders[7] == "activation_link" &&
              known_placeholders[8] == "qr_code" && known_placeholders[9] == "company_name");

const std::string& value_of(const InvitationValues& v, int field) {
  static const std::string none;
  switch (field) {
    case 0:
      return v.first_name;
    case 1:
      return v.last_name;
    case 2:
      return v.login;
    case 3:
      return v.activation_code;
    case 4:
      return v.multiline_number;
    case 5:
      return v.org_name;
    case 6:
      return v.portal_url;
    case 7:
      return v.activation_link;
    case 9:
      return v.company_name;
    default:
      return none;
  }
}

std::string qr_image(std::string_view language, std::string_view src) {
  std::string_view alt = "QR code of your activation link";
  if (language == "es") alt = "Código QR de su enlace de activación";
  if (language == "pt") alt = "Código QR do seu link de ativação";
  const std::string source = src.empty() ? "cid:" + std::string(qr_code_content_id) : std::string(src);
  return "<img src=\"" + source + "\" alt=\"" + std::string(alt) + "\" width=\"200\" height=\"200\">";
}

// A subject is one header line: control characters from values become spaces.
std::string one_line(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) c = ' ';
  }
  return text::trim(out);
}

std::string normalized_language(std::string_view language) {
  const std::string primary = text::fold_case(language.substr(0, language.find_first_of("-_")));
  return std::find(languages.begin(), languages.end(), primary) != languages.end() ? primary
                                                                                   : std::string(languages[0]);
}

// ---- Built-in templates ----------------------------------------------------------------------

std::string_view shipped_file(const std::string& name) {
  const auto found = resources::find("src/mail/templates/" + name);
  if (!found) throw std::logic_error("invitations: built-in template " + name + " is missing");
  return *found;
}

// "Subject: …", a blank line, the body: the format of every mail template.
std::pair<std::string, std::string_view> split_subject(std::string_view file, const std::string& name) {
  constexpr std::string_view prefix = "Subject:";
  const auto first_end = file.find('\n');
  if (!file.starts_with(prefix) || first_end == std::string_view::npos)
    throw std::logic_error("invitations: " + name + " must start with a Subject: line");
  std::string_view rest = file.substr(first_end + 1);
  if (rest.starts_with("\r\n"))
    rest.remove_prefix(2);
  else if (rest.starts_with("\n"))
    rest.remove_prefix(1);
  else
    throw std::logic_error("invitations: " + name + " needs a blank line after the subject");
  return {text::trim(file.substr(prefix.size(), first_end - prefix.size())), rest};
}

// An SMS file is the message itself; the line break that ends the file is not part of it.
std::string_view sms_body(std::string_view file) {
  if (file.ends_with("\r\n"))
    file.remove_suffix(2);
  else if (file.ends_with("\n"))
    file.remove_suffix(1);
  return file;
}

ResolvedTemplate load_built_in(Channel channel, std::string_view language) {
  ResolvedTemplate t;
  t.channel = channel;
  t.language = std::string(language);
  if (channel == Channel::sms) {
    t.text = CompiledText(sms_body(shipped_file("account_invitation_sms." + t.language + ".txt")));
    return t;
  }
  const std::string name = "account_invitation." + t.language + ".txt";
  const auto [subject, body] = split_subject(shipped_file(name), name);
  t.subject = CompiledText(subject);
  t.text = CompiledText(body);
  t.html = CompiledText(shipped_file("account_invitation." + t.language + ".html"));
  return t;
}

// ---- Stored templates ------------------------------------------------------------------------

InvitationTemplate template_from_row(const storage::Row& r, const std::string& org_id) {
  constexpr auto c = sql::template_columns;
  InvitationTemplate t;
  t.channel = parse_channel(r.text(c["channel"])).value_or(Channel::email);
  t.language = r.text(c["language"]);
  t.subject = r.opt_text(c["subject"]).value_or("");
  t.text = r.text(c["body_text"]);
  t.html = r.opt_text(c["body_html"]);
  t.source_org_id = r.text(c["org_id"]);
  t.source_org_name = r.text(c["org_name"]);
  t.own = t.source_org_id == org_id;
  t.updated_at = r.integer(c["updated_at"]);
  t.updated_by = r.text(c["updated_by"]);
  return t;
}

ResolvedTemplate compile(Channel channel, std::string language, std::string source_org_id, const std::string& subject,
                         const std::string& text, const std::optional<std::string>& html) {
  ResolvedTemplate t;
  t.channel = channel;
  t.language = std::move(language);
  t.source_org_id = std::move(source_org_id);
  if (channel == Channel::email) t.subject = CompiledText(subject);
  t.text = CompiledText(text);
  if (channel == Channel::email && html) t.html = CompiledText(*html);
  return t;
}

InvitationTemplate built_in_item(Channel channel, std::string_view language,
                                 const std::pair<std::string, std::string>& root) {
  const auto& b = built_in_template(channel, language);
  InvitationTemplate t;
  t.channel = channel;
  t.language = std::string(language);
  t.subject = b.subject.source();
  t.text = b.text.source();
  if (b.html) t.html = b.html->source();
  t.built_in = true;
  t.source_org_id = root.first;
  t.source_org_name = root.second;
  return t;
}

std::pair<std::string, std::string> root_org(storage::Connection& conn) {
  constexpr auto c = storage::sql::orgs::root_columns;
  const auto rows = conn.query(storage::sql::orgs::select_root);
  if (rows.empty()) return {};
  return {rows.rows.front().text(c["id"]), rows.rows.front().text(c["name"])};
}

std::vector<InvitationTemplate> effective_templates(storage::Connection& conn, const std::string& org_id) {
  std::vector<InvitationTemplate> stored;  // nearest first
  for (const auto& r : conn.query(sql::select_inherited, {org_id}).rows) stored.push_back(template_from_row(r, org_id));
  std::optional<std::pair<std::string, std::string>> root;  // looked up only when a default shows
  std::vector<InvitationTemplate> out;
  for (const Channel channel : channels) {
    for (const auto language : languages) {
      const auto nearest = std::find_if(stored.begin(), stored.end(),
                                        [&](const auto& t) { return t.channel == channel && t.language == language; });
      if (nearest != stored.end()) {
        out.push_back(*nearest);
        continue;
      }
      if (!root) root = root_org(conn);
      out.push_back(built_in_item(channel, language, *root));
    }
  }
  return out;
}

// ---- Validation ------------------------------------------------------------------------------

bool is_blank(const std::optional<std::string>& s) {
  return !s || text::trim(*s).empty();
}

// UTF-8, no control characters but tab and line breaks (PostgreSQL refuses NUL in text).
void check_body(const std::string& field, const std::string& body, std::size_t max_chars, Validator& v) {
  const bool controls = std::any_of(body.begin(), body.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F;
  });
  if (!text::is_valid_utf8(body) || controls)
    v.fail(field, "Must be UTF-8 text without control characters.");
  else if (text::code_points(body) > max_chars)
    v.fail(field, "Must be at most " + std::to_string(max_chars) + " characters.");
}

void check_placeholders(const std::string& field, const std::string& tmpl, bool required_here, Validator& v) {
  const auto used = mail::placeholders(tmpl);
  for (const auto& name : used) {
    if (field_index(name) < 0)
      v.fail(field, "Unknown placeholder {{" + name + "}}.");
    else if (name == "qr_code" && field != "html")
      v.fail(field, "{{qr_code}} can be used only in the HTML body.");
  }
  if (!required_here) return;
  for (const auto name : required_placeholders)
    if (!used.contains(std::string(name))) v.fail(field, "Must contain {{" + std::string(name) + "}}.");
}

void check_subject(const std::optional<std::string>& subject, Validator& v) {
  if (is_blank(subject)) return v.fail("subject", "Is required for an email template.");
  if (!text::is_valid_utf8(*subject) || text::has_control_chars(*subject) ||
      text::code_points(*subject) > max_subject_chars)
    return v.fail("subject", "Must be one line of at most 200 characters.");
  check_placeholders("subject", *subject, false, v);
}

// ---- Service helpers -------------------------------------------------------------------------

struct Key {
  Channel channel;
  std::string language;
};

// The channel and language of a request path: 422 on the field when unknown.
Key parse_key(std::string_view channel, std::string_view language, Validator& v) {
  const auto parsed = parse_channel(channel);
  if (!parsed) v.fail("channel", "Must be email or sms.");
  if (std::find(languages.begin(), languages.end(), language) == languages.end())
    v.fail("language", "Must be one of en, es, pt.");
  return {parsed.value_or(Channel::email), std::string(language)};
}

std::string key_id(const Key& k) {
  return std::string(channel_name(k.channel)) + "." + k.language;
}

std::optional<std::string> stored_html(Channel channel, const TemplateInput& input) {
  if (channel != Channel::email || is_blank(input.html)) return std::nullopt;
  return input.html;
}

std::string trimmed_subject(Channel channel, const TemplateInput& input) {
  return channel == Channel::email ? text::trim(input.subject.value_or("")) : std::string();
}

InvitationValues sample_values(Channel channel, const std::string& org_name, const std::string& company_name,
                               const std::string& portal_url) {
  std::string portal = portal_url;
  while (portal.ends_with('/')) portal.pop_back();
  InvitationValues v;
  v.first_name = "Alex";
  v.last_name = "Morgan";
  v.login = channel == Channel::email ? "alex.morgan@example.com" : "+15550100123";
  v.activation_code = "58203746";
  v.multiline_number = "+15550100199";
  v.org_name = org_name;
  v.company_name = company_name;
  v.portal_url = portal;
  v.activation_link = portal + "/activate?code=" + v.activation_code;
  return v;
}

}  // namespace

// ---- Public functions ------------------------------------------------------------------------

std::string_view channel_name(Channel channel) {
  return channel == Channel::email ? "email" : "sms";
}

std::optional<Channel> parse_channel(std::string_view name) {
  if (name == "email") return Channel::email;
  if (name == "sms") return Channel::sms;
  return std::nullopt;
}

CompiledText::CompiledText(std::string_view source) : source_(source) {
  // Each piece is the literal text before a placeholder, then the placeholder; the last piece
  // has the text after the last placeholder and none (-1).
  std::string literal;
  mail::scan_placeholders(
      source_, [&](std::string_view text) { literal.append(text); },
      [&](const std::string& name) {
        pieces_.push_back({std::move(literal), field_index(name)});
        literal.clear();
      });
  pieces_.push_back({std::move(literal), -1});
}

std::string CompiledText::render(const InvitationValues& values, bool html, std::string_view qr_image) const {
  std::string out;
  out.reserve(source_.size() + 256);
  for (const auto& piece : pieces_) {
    out += piece.literal;
    if (piece.field == qr_code_field) {
      if (html) out += qr_image;
    } else if (html) {
      out += mail::escape_html(value_of(values, piece.field));
    } else {
      out += value_of(values, piece.field);
    }
  }
  return out;
}

bool CompiledText::uses(std::string_view placeholder) const {
  const int field = field_index(placeholder);
  return field >= 0 && std::any_of(pieces_.begin(), pieces_.end(), [&](const auto& p) { return p.field == field; });
}

const ResolvedTemplate& built_in_template(Channel channel, std::string_view language) {
  // Parsed once, on first use, by whichever thread gets there first (static initialization).
  static const std::vector<ResolvedTemplate> all = [] {
    std::vector<ResolvedTemplate> out;
    for (const Channel c : channels)
      for (const auto l : languages) out.push_back(load_built_in(c, l));
    return out;
  }();
  const std::string lang = normalized_language(language);
  for (const auto& t : all)
    if (t.channel == channel && t.language == lang) return t;
  throw std::logic_error("invitations: no built-in template");  // unreachable: every pair is loaded
}

ResolvedTemplate resolve(storage::Connection& conn, const std::string& org_id, Channel channel,
                         std::string_view language) {
  const std::string lang = normalized_language(language);
  const auto rows = conn.query(sql::select_nearest, {org_id, channel_name(channel), lang});
  if (rows.empty()) return built_in_template(channel, lang);
  const InvitationTemplate t = template_from_row(rows.rows.front(), org_id);
  return compile(channel, lang, t.source_org_id, t.subject, t.text, t.html);
}

RenderedInvitation render(const ResolvedTemplate& tmpl, const InvitationValues& values, std::string_view qr_src) {
  RenderedInvitation out;
  if (tmpl.channel == Channel::email) out.subject = one_line(tmpl.subject.render(values, false, {}));
  out.text = tmpl.text.render(values, false, {});
  if (tmpl.channel == Channel::email && tmpl.html) {
    out.html = tmpl.html->render(values, true, qr_image(tmpl.language, qr_src));
    out.shows_qr_code = tmpl.html->uses("qr_code");
  }
  return out;
}

RenderedInvitation render_invitation(storage::Connection& conn, const std::string& org_id, Channel channel,
                                     std::string_view language, const InvitationValues& values) {
  return render(resolve(conn, org_id, channel, language), values);
}

void validate_template(Channel channel, const TemplateInput& input, Validator& v) {
  const bool email = channel == Channel::email;
  if (email)
    check_subject(input.subject, v);
  else if (!is_blank(input.subject))
    v.fail("subject", "An SMS has no subject.");

  if (is_blank(input.text)) {
    v.fail("text", "Is required.");
  } else {
    check_body("text", *input.text, email ? max_email_text_chars : max_sms_text_chars, v);
    check_placeholders("text", *input.text, true, v);
  }

  if (is_blank(input.html)) return;
  if (!email) return v.fail("html", "An SMS has no HTML body.");
  check_body("html", *input.html, max_html_chars, v);
  check_placeholders("html", *input.html, true, v);
}

// ---- InvitationTemplateService ---------------------------------------------------------------

std::vector<InvitationTemplate> InvitationTemplateService::list(const auth::Principal& who, const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    return effective_templates(conn, org_id);
  });
}

InvitationTemplate InvitationTemplateService::put(const auth::Principal& who, const std::string& org_id,
                                                  std::string_view channel, std::string_view language,
                                                  const TemplateInput& input, const RequestMeta& meta) {
  Validator v;
  const Key key = parse_key(channel, language, v);
  v.throw_if_failed();
  validate_template(key.channel, input, v);
  v.throw_if_failed();

  const std::string subject = trimmed_subject(key.channel, input);
  const auto html = stored_html(key.channel, input);
  return db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    conn.execute(sql::upsert,
                 sql::Upsert{.org_id = org_id,
                             .channel = std::string(channel_name(key.channel)),
                             .language = key.language,
                             .subject = key.channel == Channel::email ? std::optional(subject) : std::nullopt,
                             .body_text = *input.text,
                             .body_html = html,
                             .updated_at = clock_.now(),
                             .updated_by = who.email}
                     .params());
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id,
                   "invitation_template.update",
                   audit::Activity::write,
                   "invitation_template",
                   key_id(key),
                   {{"channel", channel_name(key.channel)},
                    {"language", key.language},
                    {"subject", subject},
                    {"text_chars", text::code_points(*input.text)},
                    {"html_chars", html ? text::code_points(*html) : std::size_t{0}}}});
    for (auto& t : effective_templates(conn, org_id))
      if (t.channel == key.channel && t.language == key.language) return t;
    throw std::logic_error("invitations: the saved template is not listed");
  });
}

void InvitationTemplateService::remove(const auth::Principal& who, const std::string& org_id, std::string_view channel,
                                       std::string_view language, const RequestMeta& meta) {
  Validator v;
  const Key key = parse_key(channel, language, v);
  v.throw_if_failed();
  db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    if (conn.execute(sql::delete_one, {org_id, channel_name(key.channel), key.language}) == 0)
      throw_not_found("This organization has no " + std::string(channel_name(key.channel)) +
                      " invitation template of its own in \"" + key.language + "\".");
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id,
                   "invitation_template.delete",
                   audit::Activity::write,
                   "invitation_template",
                   key_id(key),
                   {{"channel", channel_name(key.channel)}, {"language", key.language}}});
  });
}

RenderedInvitation InvitationTemplateService::preview(const auth::Principal& who, const std::string& org_id,
                                                      const PreviewInput& preview) {
  Validator v;
  const Key key = parse_key(preview.channel, preview.language, v);
  v.throw_if_failed();
  const auto& in = preview.input;
  const bool effective = !in.subject && !in.text && !in.html;
  if (!effective) validate_template(key.channel, in, v);
  v.throw_if_failed();

  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    const std::string org_name =
        conn.query(storage::sql::orgs::select_by_id, {org_id}).one().text(storage::sql::orgs::org_columns["name"]);
    const ResolvedTemplate tmpl = effective
                                      ? resolve(conn, org_id, key.channel, key.language)
                                      : compile(key.channel, key.language, org_id, trimmed_subject(key.channel, in),
                                                *in.text, stored_html(key.channel, in));
    const auto values = sample_values(key.channel, org_name, orgs::company_name(conn, org_id), portal_url_);
    // The portal shows the preview in a sandboxed frame under its own Content-Security-Policy,
    // which allows data: images and nothing like cid: (docs/security.md): the QR code comes
    // inline, as the image of the sample activation link.
    const bool qr = key.channel == Channel::email && tmpl.html && tmpl.html->uses("qr_code");
    return render(tmpl, values,
                  qr ? "data:image/png;base64," + crypto::to_base64(qr::qr_png(values.activation_link)) : "");
  });
}

}  // namespace lineport::invitations
