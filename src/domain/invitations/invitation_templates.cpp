#include "domain/invitations/invitation_templates.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "domain/audit/audit_log.h"
#include "domain/orgs/org_service.h"
#include "mail/templates.h"
#include "storage/queries/orgs.h"
#include "util/crypto.h"
#include "util/qr_code.h"
#include "util/text.h"

namespace lineport::invitations {
namespace {

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

ResolvedTemplate load_built_in(Channel channel, std::string_view language) {
  const auto text = templates::shipped_text(templates::invitation_kind(channel), language);
  return compile(channel, std::string(language), "", text.subject, text.text, text.html);
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
  templates::check_language(language, v);
  return {parsed.value_or(Channel::email), std::string(language)};
}

std::vector<const templates::MessageKind*> invitation_kinds() {
  return {&templates::invitation_kind(Channel::email), &templates::invitation_kind(Channel::sms)};
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
      for (const auto l : templates::languages) out.push_back(load_built_in(c, l));
    return out;
  }();
  const std::string lang = templates::normalized_language(language);
  for (const auto& t : all)
    if (t.channel == channel && t.language == lang) return t;
  throw std::logic_error("invitations: no built-in template");  // unreachable: every pair is loaded
}

ResolvedTemplate resolve(storage::Connection& conn, const std::string& org_id, Channel channel,
                         std::string_view language) {
  const std::string lang = templates::normalized_language(language);
  const auto stored = templates::stored_nearest(conn, org_id, templates::invitation_kind(channel), lang);
  if (!stored) return built_in_template(channel, lang);
  const auto& c = stored->content;
  return compile(channel, lang, stored->source_org_id, c.subject, c.text, c.html);
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
  templates::validate_template(templates::invitation_kind(channel), input, v);
}

// ---- InvitationTemplateService ---------------------------------------------------------------

std::vector<templates::MessageTemplate> InvitationTemplateService::list(const auth::Principal& who,
                                                                        const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    return templates::effective(conn, org_id, invitation_kinds());
  });
}

templates::MessageTemplate InvitationTemplateService::put(const auth::Principal& who, const std::string& org_id,
                                                          std::string_view channel, std::string_view language,
                                                          const TemplateInput& input, const RequestMeta& meta) {
  Validator v;
  const Key key = parse_key(channel, language, v);
  v.throw_if_failed();
  return db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    return templates::save(conn, clock_, who, meta, org_id, templates::invitation_kind(key.channel), key.language,
                           input);
  });
}

void InvitationTemplateService::remove(const auth::Principal& who, const std::string& org_id, std::string_view channel,
                                       std::string_view language, const RequestMeta& meta) {
  Validator v;
  const Key key = parse_key(channel, language, v);
  v.throw_if_failed();
  db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    templates::remove(conn, clock_, who, meta, org_id, templates::invitation_kind(key.channel), key.language);
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
    const auto text = templates::stored_text(templates::invitation_kind(key.channel), in);
    const ResolvedTemplate tmpl = effective
                                      ? resolve(conn, org_id, key.channel, key.language)
                                      : compile(key.channel, key.language, org_id, text.subject, text.text, text.html);
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
