#pragma once
// Invitation templates (docs/product.md#user-accounts-and-invitations, #message-templates): the email and SMS
// texts that carry a user's login and activation code. They are two messages of domain/templates
// (account_invitation, account_invitation_sms), stored, inherited and checked like every other; this module
// adds what only invitations need: rendering one text for 100,000 invitations, and the QR code.
//
// Placeholders: first_name, last_name, login, activation_code, multiline_number, org_name,
// portal_url, activation_link, and qr_code (HTML only: the inline QR image of the activation
// link). Values are HTML-escaped in HTML bodies; qr_code is the one value inserted as markup.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/auth/principal.h"
#include "domain/error.h"
#include "domain/templates/message_templates.h"
#include "storage/database.h"
#include "util/clock.h"

namespace lineport::invitations {

using templates::Channel;
using templates::channel_name;
using templates::languages;
using templates::TemplateInput;

std::optional<Channel> parse_channel(std::string_view name);

inline constexpr std::array<Channel, 2> channels = {Channel::email, Channel::sms};
inline constexpr const auto& known_placeholders = templates::invitation_placeholders;

// {{qr_code}} renders as <img src="cid:qr@lineport" …>: the message must carry the QR image of
// the activation link as an inline part with this Content-ID.
inline constexpr std::string_view qr_code_content_id = "qr@lineport";

struct InvitationValues {
  std::string first_name, last_name, login, activation_code, multiline_number, org_name, portal_url, activation_link,
      company_name;
};

struct RenderedInvitation {
  std::string subject;  // empty for SMS
  std::string text;     // the SMS itself, or the email's text/plain body
  std::optional<std::string> html;
  bool shows_qr_code = false;  // html holds the cid:qr@lineport image: attach the QR code
};

// A template text split once into literal runs and placeholders, so rendering it for each of
// 100,000 invitations is a concatenation, not a parse.
class CompiledText {
 public:
  CompiledText() = default;
  // The same syntax as mail::substitute: {{name}}, spaces inside the braces allowed.
  explicit CompiledText(std::string_view source);

  const std::string& source() const { return source_; }
  // With `html`, values are escaped and {{qr_code}} becomes `qr_image`; in text it is empty.
  std::string render(const InvitationValues& values, bool html, std::string_view qr_image) const;
  bool uses(std::string_view placeholder) const;

 private:
  struct Piece {
    std::string literal;  // text before the placeholder
    int field = -1;       // index into known_placeholders; -1: none or unknown (renders empty)
  };
  std::string source_;
  std::vector<Piece> pieces_;
};

// The effective template of one organization, channel and language: resolve it once, render it
// for each invitation.
struct ResolvedTemplate {
  Channel channel = Channel::email;
  std::string language;       // en, es or pt: the one actually used
  std::string source_org_id;  // the organization whose template this is; empty: built in
  CompiledText subject;       // empty for SMS
  CompiledText text;
  std::optional<CompiledText> html;
};

// `language` may be a tag such as "pt-BR" or "ES"; anything else than en/es/pt is en.
ResolvedTemplate resolve(storage::Connection& conn, const std::string& org_id, Channel channel,
                         std::string_view language);
// The template shipped with the binary (parsed once per process).
const ResolvedTemplate& built_in_template(Channel channel, std::string_view language);
// `qr_src` is where {{qr_code}}'s image comes from: the message's attachment by default, the
// image itself (a data: URL) in a preview that the portal shows (docs/security.md).
RenderedInvitation render(const ResolvedTemplate& tmpl, const InvitationValues& values, std::string_view qr_src = {});
// resolve + render, for a single invitation.
RenderedInvitation render_invitation(storage::Connection& conn, const std::string& org_id, Channel channel,
                                     std::string_view language, const InvitationValues& values);

struct PreviewInput {
  std::string channel, language;
  TemplateInput input;  // all absent: preview the effective template
};

// Checks a template before it is saved or previewed; collects every field error (422).
void validate_template(Channel channel, const TemplateInput& input, Validator& v);

class InvitationTemplateService {
 public:
  // `portal_url` fills {{portal_url}} in previews.
  InvitationTemplateService(storage::Database& db, const Clock& clock, std::string portal_url)
      : db_(db), clock_(clock), portal_url_(std::move(portal_url)) {}

  // The six (channel, language) combinations, email first, each in en, es, pt.
  std::vector<templates::MessageTemplate> list(const auth::Principal& who, const std::string& org_id);
  templates::MessageTemplate put(const auth::Principal& who, const std::string& org_id, std::string_view channel,
                                 std::string_view language, const TemplateInput& input, const RequestMeta& meta);
  // The organization inherits again; 404 when it has no template of its own there.
  void remove(const auth::Principal& who, const std::string& org_id, std::string_view channel,
              std::string_view language, const RequestMeta& meta);
  // Renders the given template (or the effective one) with sample values and the org's name.
  RenderedInvitation preview(const auth::Principal& who, const std::string& org_id, const PreviewInput& input);

 private:
  storage::Database& db_;
  const Clock& clock_;
  std::string portal_url_;
};

}  // namespace lineport::invitations
