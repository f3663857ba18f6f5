#include "domain/accounts/invitation.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "domain/invitations/invitation_templates.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "storage/queries/accounts.h"
#include "storage/queries/key_checks.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::accounts {
namespace {

constexpr std::string_view ref_prefix = "account_invitation:";
constexpr std::string_view activation_codes_purpose = "activation_codes";

}  // namespace

ActivationCode ActivationCodes::make() const {
  auto code = crypto::random_digits(8);
  auto hash = this->hash(code);
  return {std::move(code), std::move(hash)};
}

// Keyed over the plain SHA-256 the codes were once stored as, so those convert without the codes.
std::string ActivationCodes::hash(std::string_view code) const {
  return crypto::hmac_sha256_hex(key_, crypto::sha256_hex(code));
}

void ActivationCodes::bind(storage::Database& db, UnixSeconds now) const {
  namespace keys = storage::sql::key_checks;
  const std::string purpose(activation_codes_purpose);
  const std::string check = crypto::hmac_sha256_hex(key_, "lineport activation codes");
  db.write([&](storage::Connection& conn) {
    conn.lock_among_servers(storage::ServerLock::setup);  // servers starting together check in turn
    if (conn.query(keys::select_one, {purpose}).empty()) {
      // The first start with a key. Each row changes only while it still holds the plain hash,
      // so a second server doing the same at the same time cannot hash a code twice.
      std::vector<std::pair<std::string, std::string>> legacy;
      constexpr auto c = storage::sql::accounts::code_hash_columns;
      for (const auto& r : conn.query(storage::sql::accounts::select_code_hashes).rows)
        legacy.emplace_back(r.text(c["id"]), r.text(c["activation_code_hash"]));
      for (const auto& [id, plain] : legacy)
        conn.execute(storage::sql::accounts::replace_code_hash, {id, plain, crypto::hmac_sha256_hex(key_, plain)});
      conn.execute(keys::insert, {purpose, check, now});
    }
    if (!crypto::equal_constant_time(conn.query(keys::select_one, {purpose}).one().text(0), check))
      throw std::runtime_error(
          "the secret key is not the one this database's activation codes were made with: start the server "
          "with the same --secret-key-file as before (every server on one database shares one key)");
  });
}

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

mail::Message render_invitation(storage::Connection& conn, const std::string& portal_url, const mail::Message& stored) {
  const auto ref = parse_invitation_ref(stored.ref.value_or(""));
  if (!ref) throw std::invalid_argument("invitation: not an invitation reference");
  invitations::InvitationValues values;
  try {
    values.activation_code =
        nlohmann::json::parse(stored.template_data.value_or("")).at("activation_code").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("invitation: unusable values: ") + e.what());
  }
  const auto account = conn.query(storage::sql::accounts::select_invitation_values, {ref->first});
  if (account.empty()) throw std::invalid_argument("invitation: the account no longer exists");
  const auto& row = account.one();
  constexpr auto c = storage::sql::accounts::invitation_value_columns;
  values.first_name = row.text(c["first_name"]);
  values.last_name = row.text(c["last_name"]);
  values.login = row.text(c["login"]);
  values.multiline_number = row.opt_text(c["multiline_number"]).value_or("");
  // The organization the account is in now: a moved account gets the templates of its new one,
  // in its language, for the channel of its login.
  const auto org_id = row.text(c["org_id"]);
  values.org_name = orgs::org_name(conn, org_id);
  values.company_name = orgs::company_name(conn, org_id);
  values.portal_url = portal_url;
  values.activation_link = activation_link(portal_url, values.login, values.activation_code);
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

std::string activation_link(std::string_view portal_url, std::string_view login, std::string_view code) {
  return std::string(portal_url) + "/activate?login=" + text::percent_encode(login) +
         "&code=" + text::percent_encode(code);
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
