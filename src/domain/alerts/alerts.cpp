#include "domain/alerts/alerts.h"

#include <algorithm>

#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "mail/outbox.h"
#include "mail/templates.h"
#include "storage/queries/alerts.h"
#include "storage/queries/orgs.h"
#include "util/text.h"

namespace lineport::alerts {
namespace {

namespace sql = storage::sql::alerts;

constexpr std::size_t max_recipients = 50;

AlertSetting setting_from_row(const storage::Row& r) {
  AlertSetting s{r.text(0), r.boolean(1), r.boolean(2), {}};
  const auto list = nlohmann::json::parse(r.text(3), nullptr, false);
  if (list.is_array()) s.recipients = list.get<std::vector<std::string>>();
  return s;
}

AlertSetting load(storage::Connection& conn, const std::string& org_id, const std::string& key) {
  const auto rows = conn.query(sql::select_one, {org_id, key});
  return rows.empty() ? AlertSetting{key, true, true, {}} : setting_from_row(rows.one());
}

}  // namespace

const std::vector<AlertDefinition>& alert_catalog() {
  static const std::vector<AlertDefinition> catalog = {
      {"account_moved", "Account moved", "Cuenta movida", "Conta movida"},
      {"invitation_threshold_exceeded", "Invitation threshold exceeded", "Umbral de invitaciones superado",
       "Limite de convites excedido"},
      {"admin_privilege_granted", "Admin privilege granted", "Privilegio de administrador concedido",
       "Privilégio de administrador concedido"},
      {"suspended_account_reactivated", "Suspended account reactivated", "Cuenta suspendida reactivada",
       "Conta suspensa reativada"},
      {"account_added", "Account added", "Cuenta añadida", "Conta adicionada"},
      {"admin_added", "Admin added", "Administrador añadido", "Administrador adicionado"},
      {"number_utilization_threshold_exceeded", "Number utilization threshold exceeded",
       "Umbral de utilización de números superado", "Limite de utilização de números excedido"},
      {"admin_privilege_revoked", "Admin privilege revoked", "Privilegio de administrador revocado",
       "Privilégio de administrador revogado"},
      {"suspicious_login_activity", "Suspicious login activity", "Actividad de inicio de sesión sospechosa",
       "Atividade de login suspeita"},
      {"account_deleted", "Account deleted", "Cuenta eliminada", "Conta excluída"},
      {"password_changed", "Password changed", "Contraseña cambiada", "Senha alterada"},
      {"account_suspended", "Account suspended", "Cuenta suspendida", "Conta suspensa"},
      {"privacy_opted_out", "Privacy policy opted out", "Rechazo de la política de privacidad",
       "Recusa da política de privacidade"},
      {"privacy_resumed", "Privacy policy accepted again", "Política de privacidad aceptada de nuevo",
       "Política de privacidade aceita novamente"},
      {"batch_operations_report", "Batch operations report", "Informe de operaciones masivas",
       "Relatório de operações em massa"},
  };
  return catalog;
}

bool is_alert_key(std::string_view key) {
  const auto& c = alert_catalog();
  return std::any_of(c.begin(), c.end(), [&](const auto& d) { return d.key == key; });
}

std::vector<AlertSetting> AlertService::list(const auth::Principal& who, const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    std::vector<AlertSetting> own;
    for (const auto& r : conn.query(sql::select_for_org, {org_id}).rows) own.push_back(setting_from_row(r));
    std::vector<AlertSetting> out;
    for (const auto& def : alert_catalog()) {
      const auto it = std::find_if(own.begin(), own.end(), [&](const auto& s) { return s.key == def.key; });
      out.push_back(it != own.end() ? *it : AlertSetting{std::string(def.key), true, true, {}});
    }
    return out;
  });
}

AlertSetting AlertService::update(const auth::Principal& who, const std::string& org_id, const std::string& key,
                                  const AlertPatch& patch, const RequestMeta& meta) {
  if (!is_alert_key(key)) throw_not_found("There is no alert \"" + key + "\".");
  Validator v;
  std::vector<std::string> recipients;
  if (patch.recipients) {
    if (patch.recipients->size() > max_recipients) v.fail("recipients", "At most 50 recipients.");
    for (std::size_t i = 0; i < patch.recipients->size(); ++i) {
      const std::string email = text::trim((*patch.recipients)[i]);
      if (!text::is_email(email)) v.fail("recipients[" + std::to_string(i) + "]", "Must be an email address.");
      else if (std::find(recipients.begin(), recipients.end(), email) == recipients.end()) recipients.push_back(email);
    }
  }
  v.throw_if_failed();
  return db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    AlertSetting s = load(conn, org_id, key);
    if (patch.enabled) s.enabled = *patch.enabled;
    if (patch.to_org_admins) s.to_org_admins = *patch.to_org_admins;
    if (patch.recipients) s.recipients = recipients;
    conn.execute(sql::upsert, {org_id, key, s.enabled, s.to_org_admins, nlohmann::json(s.recipients).dump()});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id, "alert.update", audit::Activity::write, "alert", key,
                   {{"enabled", s.enabled}, {"to_org_admins", s.to_org_admins}, {"recipients", s.recipients}}});
    return s;
  });
}

void AlertService::deliver(storage::Connection& conn, const events::Event& event) const {
  if (!is_alert_key(event.key)) return;
  const AlertSetting s = load(conn, event.org_id, event.key);
  if (!s.enabled) return;

  std::vector<std::pair<std::string, std::string>> to;  // address, language
  auto add = [&](const std::string& email, const std::string& language) {
    const auto key = text::fold_case(email);
    const bool excluded = std::any_of(event.exclude.begin(), event.exclude.end(),
                                      [&](const auto& e) { return text::fold_case(e) == key; });
    const bool seen = std::any_of(to.begin(), to.end(), [&](const auto& t) { return text::fold_case(t.first) == key; });
    if (!excluded && !seen) to.emplace_back(email, language);
  };
  if (s.to_org_admins)
    for (const auto& r : conn.query(sql::select_org_admin_recipients, {event.org_id}).rows) add(r.text(0), r.text(1));
  if (!s.recipients.empty()) {
    // Other recipients are not administrators: they read the organization's language.
    const auto org_language = orgs::effective_value(conn, event.org_id, "language").get<std::string>();
    for (const auto& r : s.recipients) add(r, org_language);
  }
  if (to.empty()) return;

  nlohmann::json values = event.values;
  values["org_name"] = conn.query(storage::sql::orgs::select_by_id, {event.org_id}).one().text(2);
  for (const auto& [address, language] : to) mail::enqueue(conn, clock_, mail::render(event.key, language, address, values));
}

}  // namespace lineport::alerts
