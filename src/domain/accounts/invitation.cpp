#include "domain/accounts/invitation.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::accounts {
namespace {

constexpr std::string_view ref_prefix = "account_invitation:";

// `"key":"value"` of the template data, written by hand: building a nlohmann::json object (a
// std::map) for each of a CSV import's 100,000 invitations took a tenth of its time. Only quotes,
// backslashes and control characters need escaping; other bytes pass through as they are.
void append_member(std::string& out, std::string_view key, std::string_view value) {
  static constexpr char hex[] = "0123456789abcdef";
  out += out.size() > 1 ? ",\"" : "\"";
  out += key;
  out += "\":\"";
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += "\\u00";
      out += hex[u >> 4];
      out += hex[u & 0xF];
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace

InvitationContext invitation_context(storage::Connection& conn, const std::string& org_id,
                                     const std::string& portal_url) {
  InvitationContext ctx;
  ctx.org_id = org_id;
  ctx.org_name = orgs::org_name(conn, org_id);
  ctx.portal_url = portal_url;
  const auto language = orgs::effective_value(conn, org_id, "language").get<std::string>();
  ctx.email = invitations::resolve(conn, org_id, invitations::Channel::email, language);
  ctx.sms = invitations::resolve(conn, org_id, invitations::Channel::sms, language);
  return ctx;
}

ActivationCode new_activation_code() {
  auto code = crypto::random_digits(8);
  auto hash = activation_code_hash(code);
  return {std::move(code), std::move(hash)};
}

std::string activation_code_hash(std::string_view code) { return crypto::sha256_hex(code); }

mail::Message invitation_message(const std::string& org_id, const Account& account, const std::string& code,
                                 const std::optional<std::string>& number, std::int64_t invitation_number) {
  mail::Message message;
  message.event = "account_invitation";
  message.channel = std::string(account.login_kind == "device" ? mail::sms_channel : mail::email_channel);
  message.to = account.login;
  message.ref = invitation_ref(account.id, invitation_number);
  std::string data = "{";
  data.reserve(256);
  append_member(data, "org_id", org_id);
  append_member(data, "first_name", account.first_name);
  append_member(data, "last_name", account.last_name);
  append_member(data, "login", account.login);
  append_member(data, "activation_code", code);
  append_member(data, "multiline_number", number.value_or(""));
  data += '}';
  message.template_data = std::move(data);
  return message;
}

mail::Message render_invitation(storage::Connection& conn, const std::string& portal_url,
                                const mail::Message& stored) {
  invitations::InvitationValues values;
  std::string org_id;
  try {
    const auto data = nlohmann::json::parse(stored.template_data.value_or(""));
    org_id = data.at("org_id").get<std::string>();
    values.first_name = data.at("first_name").get<std::string>();
    values.last_name = data.at("last_name").get<std::string>();
    values.login = data.at("login").get<std::string>();
    values.activation_code = data.at("activation_code").get<std::string>();
    values.multiline_number = data.at("multiline_number").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("invitation: unusable values: ") + e.what());
  }
  InvitationContext ctx;
  try {
    ctx = invitation_context(conn, org_id, portal_url);
  } catch (const ApiError&) {  // not_found: the organization was deleted since
    throw std::invalid_argument("invitation: the organization no longer exists");
  }
  values.org_name = ctx.org_name;
  values.portal_url = ctx.portal_url;
  values.activation_link = ctx.portal_url + "/activate?login=" + text::percent_encode(values.login) +
                           "&code=" + text::percent_encode(values.activation_code);
  const bool sms = stored.channel == mail::sms_channel;
  const auto rendered = invitations::render(sms ? ctx.sms : ctx.email, values);

  mail::Message message = stored;
  message.subject = rendered.subject;
  message.text = rendered.text;
  message.html = rendered.html;
  if (rendered.shows_qr_code) message.qr_link = values.activation_link;
  message.template_data.reset();
  return message;
}

std::string invitation_ref(const std::string& account_id, std::int64_t invitation_number) {
  return std::string(ref_prefix) + account_id + ":" + std::to_string(invitation_number);
}

std::optional<std::pair<std::string, std::int64_t>> parse_invitation_ref(std::string_view ref) {
  if (!ref.starts_with(ref_prefix)) return std::nullopt;
  ref.remove_prefix(ref_prefix.size());
  const auto colon = ref.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto number = text::parse_int(ref.substr(colon + 1));
  if (!number) return std::nullopt;
  return std::make_pair(std::string(ref.substr(0, colon)), *number);
}

}  // namespace lineport::accounts
