#include "domain/accounts/invitation.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "domain/invitations/invitation_templates.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "storage/queries/accounts.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::accounts {
namespace {

constexpr std::string_view ref_prefix = "account_invitation:";

}  // namespace

ActivationCode new_activation_code() {
  auto code = crypto::random_digits(8);
  auto hash = activation_code_hash(code);
  return {std::move(code), std::move(hash)};
}

std::string activation_code_hash(std::string_view code) { return crypto::sha256_hex(code); }

mail::Message invitation_message(const Account& account, const std::string& code, std::int64_t invitation_number) {
  mail::Message message;
  message.event = "account_invitation";
  message.channel = std::string(account.login_kind == "device" ? mail::sms_channel : mail::email_channel);
  message.to = account.login;
  message.ref = invitation_ref(account.id, invitation_number);
  // Eight digits: nothing in them needs escaping.
  message.template_data = "{\"activation_code\":\"" + code + "\"}";
  return message;
}

mail::Message render_invitation(storage::Connection& conn, const std::string& portal_url,
                                const mail::Message& stored) {
  const auto ref = parse_invitation_ref(stored.ref.value_or(""));
  if (!ref) throw std::invalid_argument("invitation: not an invitation reference");
  invitations::InvitationValues values;
  try {
    values.activation_code = nlohmann::json::parse(stored.template_data.value_or("")).at("activation_code").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("invitation: unusable values: ") + e.what());
  }
  const auto account = conn.query(storage::sql::accounts::select_invitation_values, {ref->first});
  if (account.empty()) throw std::invalid_argument("invitation: the account no longer exists");
  const auto& row = account.one();
  values.first_name = row.text(1);
  values.last_name = row.text(2);
  values.login = row.text(3);
  values.multiline_number = row.opt_text(4).value_or("");
  // The organization the account is in now: a moved account gets the templates of its new one,
  // in its language, for the channel of its login.
  const auto org_id = row.text(0);
  values.org_name = orgs::org_name(conn, org_id);
  values.portal_url = portal_url;
  values.activation_link = portal_url + "/activate?login=" + text::percent_encode(values.login) +
                           "&code=" + text::percent_encode(values.activation_code);
  const auto channel = stored.channel == mail::sms_channel ? invitations::Channel::sms : invitations::Channel::email;
  const auto language = orgs::effective_value(conn, org_id, "language").get<std::string>();
  const auto rendered = invitations::render_invitation(conn, org_id, channel, language, values);

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
