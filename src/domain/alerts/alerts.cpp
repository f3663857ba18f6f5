#include "domain/alerts/alerts.h"

#include <algorithm>

#include "domain/audit/audit_log.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "domain/templates/message_templates.h"
#include "mail/outbox.h"
#include "storage/queries/alerts.h"
#include "storage/queries/orgs.h"
#include "util/text.h"

namespace lineport::alerts {
namespace {

namespace sql = storage::sql::alerts;

constexpr std::size_t max_recipients = 50;

AlertSetting setting_from_row(const storage::Row& r) {
  constexpr auto c = sql::setting_columns;
  AlertSetting s{
      .key = r.text(c["key"]), .enabled = r.boolean(c["enabled"]), .to_org_admins = r.boolean(c["to_org_admins"])};
  const auto list = nlohmann::json::parse(r.text(c["recipients"]), nullptr, false);
  if (list.is_array()) s.recipients = list.get<std::vector<std::string>>();
  return s;
}

AlertSetting load(storage::Connection& conn, const std::string& org_id, const std::string& key) {
  const auto rows = conn.query(sql::select_one, {org_id, key});
  return rows.empty() ? AlertSetting{key, true, true, {}, {}, {}, {}} : setting_from_row(rows.one());
}

void add_recipient(std::vector<std::string>& to, const std::string& email) {
  const auto key = text::fold_case(email);
  if (std::none_of(to.begin(), to.end(), [&](const auto& t) { return text::fold_case(t) == key; })) to.push_back(email);
}

void fill_effective_recipients(AlertSetting& s, const AlertAdministrators& admins) {
  s.effective_recipients.clear();
  s.administrators_org_id.clear();
  s.administrators_org_name.clear();
  if (!s.enabled) return;
  if (s.to_org_admins && !admins.recipients.empty()) {
    for (const auto& r : admins.recipients) add_recipient(s.effective_recipients, r.first);
    s.administrators_org_id = admins.org_id;
    s.administrators_org_name = admins.org_name;
  }
  for (const auto& r : s.recipients) add_recipient(s.effective_recipients, r);
}

}  // namespace

AlertAdministrators alert_administrators(storage::Connection& conn, const std::string& org_id) {
  AlertAdministrators out;
  constexpr auto c = sql::recipient_columns;
  for (const auto& r : conn.query(sql::select_org_admin_recipients, {org_id}).rows) {
    out.recipients.emplace_back(r.text(c["email"]), r.text(c["language"]));
    out.org_id = r.text(c["org_id"]);
    out.org_name = r.text(c["org_name"]);
  }
  return out;
}

const std::vector<AlertDefinition>& alert_catalog() {
  // Most descriptions start alike in the seed; so do their translations.
  static const std::string all_en =
      "An administrator can select all administrators or other recipients to receive this alert "
      "when ";
  static const std::string all_es =
      "Un administrador puede seleccionar a todos los administradores u otros destinatarios para "
      "recibir esta "
      "alerta cuando ";
  static const std::string all_pt =
      "Um administrador pode selecionar todos os administradores ou outros destinatários para "
      "receber este alerta "
      "quando ";
  static const std::vector<AlertDefinition> catalog = [] {
    const auto common = [](std::string_view en, std::string_view es, std::string_view pt) {
      return LocalizedText{all_en + std::string(en), all_es + std::string(es), all_pt + std::string(pt)};
    };
    return std::vector<AlertDefinition>{
        {"account_moved",
         {"Account Moved", "Cuenta movida", "Conta movida"},
         {"An administrator can select an organization administrator or a recipient to receive "
          "this alert when an "
          "account is moved to or from the organization.",
          "Un administrador puede seleccionar a un administrador de la organización o a un "
          "destinatario para recibir "
          "esta alerta cuando una cuenta se mueve a la organización o desde ella.",
          "Um administrador pode selecionar um administrador da organização ou um destinatário "
          "para receber este "
          "alerta quando uma conta é movida para a organização ou a partir dela."}},
        {"invitation_threshold_exceeded",
         {"Threshold exceeded for invitations", "Umbral superado para invitaciones", "Limite excedido para convites"},
         common("the count of numbers needed for pending invitations exceeds the count of "
                "available numbers.",
                "la cantidad de números necesarios para las invitaciones pendientes supera la "
                "cantidad de números "
                "disponibles.",
                "a quantidade de números necessários para os convites pendentes excede a "
                "quantidade de números "
                "disponíveis.")},
        {"admin_privilege_granted",
         {"User granted administrator privilege", "Privilegio de administrador concedido a un usuario",
          "Privilégio de administrador concedido a um usuário"},
         common("administration rights are granted to a user.", "se conceden derechos de administración a un usuario.",
                "direitos de administração são concedidos a um usuário.")},
        {"suspended_account_reactivated",
         {"Suspended Account made active", "Cuenta suspendida activada de nuevo", "Conta suspensa ativada novamente"},
         common("a user account that was previously suspended is reactivated.",
                "se reactiva una cuenta de usuario que estaba suspendida.",
                "uma conta de usuário que estava suspensa é reativada.")},
        // The seed says "a new Movius user account", its vendor's name; here it is the service's.
        {"account_added",
         {"Account added", "Cuenta añadida", "Conta adicionada"},
         common("a new MultiLine user account is added in the Portal.",
                "se añade en el Portal una nueva cuenta de usuario de MultiLine.",
                "uma nova conta de usuário do MultiLine é adicionada no Portal.")},
        {"admin_added",
         {"New administrator added", "Nuevo administrador añadido", "Novo administrador adicionado"},
         common("a new organization administrator account is added in the Portal.",
                "se añade en el Portal una nueva cuenta de administrador de la organización.",
                "uma nova conta de administrador da organização é adicionada no Portal.")},
        {"number_utilization_threshold_exceeded",
         {"Number utilization threshold exceeded", "Umbral de utilización de números superado",
          "Limite de utilização de números excedido"},
         common("the percentage of numbers used exceeds the set threshold.",
                "el porcentaje de números utilizados supera el umbral establecido.",
                "a porcentagem de números utilizados excede o limite definido.")},
        {"admin_privilege_revoked",
         {"User revoked administrator privilege", "Privilegio de administrador revocado a un usuario",
          "Privilégio de administrador revogado de um usuário"},
         common("a user administrator rights are revoked.", "se revocan los derechos de administrador de un usuario.",
                "os direitos de administrador de um usuário são revogados.")},
        {"suspicious_login_activity",
         {"Suspicious login activity", "Actividad de inicio de sesión sospechosa", "Atividade de login suspeita"},
         common("an unauthorized person is attempting to access a user account.",
                "una persona no autorizada intenta acceder a una cuenta de usuario.",
                "uma pessoa não autorizada tenta acessar uma conta de usuário.")},
        {"account_deleted",
         {"Account deleted", "Cuenta eliminada", "Conta excluída"},
         common("an administrator deletes a MultiLine user account.",
                "un administrador elimina una cuenta de usuario de MultiLine.",
                "um administrador exclui uma conta de usuário do MultiLine.")},
        {"password_changed",
         {"Administrator and MultiLine password changed", "Contraseña de administrador y de MultiLine cambiada",
          "Senha de administrador e do MultiLine alterada"},
         common("a user password is changed.", "se cambia la contraseña de un usuario.",
                "a senha de um usuário é alterada.")},
        {"account_suspended",
         {"Account suspended by administrator", "Cuenta suspendida por el administrador",
          "Conta suspensa pelo administrador"},
         common("a user account is suspended.", "se suspende una cuenta de usuario.",
                "uma conta de usuário é suspensa.")},
        {"privacy_opted_out",
         {"Privacy Settings Opted Out", "Configuración de privacidad rechazada",
          "Configurações de privacidade recusadas"},
         {"When a user turns-off or rejects privacy policy, the user account will be suspended. An "
          "alert is sent to "
          "the defined administrator.",
          "Cuando un usuario desactiva o rechaza la política de privacidad, su cuenta de usuario "
          "se suspende. Se "
          "envía una alerta al administrador definido.",
          "Quando um usuário desativa ou recusa a política de privacidade, a conta de usuário é "
          "suspensa. Um alerta "
          "é enviado ao administrador definido."}},
        {"privacy_resumed",
         {"Privacy Settings Resumed", "Configuración de privacidad reanudada",
          "Configurações de privacidade retomadas"},
         {"When a user turns-on or resumes privacy policy, the user account will be resumed. An "
          "alert is sent to "
          "the defined administrator.",
          "Cuando un usuario activa o reanuda la política de privacidad, su cuenta de usuario se "
          "reanuda. Se envía "
          "una alerta al administrador definido.",
          "Quando um usuário ativa ou retoma a política de privacidade, a conta de usuário é "
          "retomada. Um alerta é "
          "enviado ao administrador definido."}},
        {"batch_operations_report",
         {"Batch Operations Report", "Informe de operaciones por lotes", "Relatório de operações em lote"},
         {"An administrator can upload a CSV file of multiple user accounts. An alert is sent to "
          "the defined "
          "administrator with a summary of the batch operation results.",
          "Un administrador puede subir un archivo CSV con varias cuentas de usuario. Se envía una "
          "alerta al "
          "administrador definido con un resumen de los resultados de la operación por lotes.",
          "Um administrador pode enviar um arquivo CSV com várias contas de usuário. Um alerta é "
          "enviado ao "
          "administrador definido com um resumo dos resultados da operação em lote."}},
    };
  }();
  return catalog;
}

bool is_alert_key(std::string_view key) {
  const auto& c = alert_catalog();
  return std::any_of(c.begin(), c.end(), [&](const auto& d) { return d.key == key; });
}

AlertService::Listing AlertService::list(const auth::Principal& who, const std::string& org_id) {
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    std::vector<AlertSetting> own;
    for (const auto& r : conn.query(sql::select_for_org, {org_id}).rows) own.push_back(setting_from_row(r));
    Listing out;
    out.administrators = alert_administrators(conn, org_id);
    for (const auto& def : alert_catalog()) {
      const auto it = std::find_if(own.begin(), own.end(), [&](const auto& s) { return s.key == def.key; });
      out.items.push_back(it != own.end() ? *it : AlertSetting{std::string(def.key), true, true, {}, {}, {}, {}});
      fill_effective_recipients(out.items.back(), out.administrators);
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
      if (!text::is_email(email))
        v.fail("recipients[" + std::to_string(i) + "]", "Must be an email address.");
      else if (std::find(recipients.begin(), recipients.end(), email) == recipients.end())
        recipients.push_back(email);
    }
  }
  v.throw_if_failed();
  return db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    AlertSetting s = load(conn, org_id, key);
    if (patch.enabled) s.enabled = *patch.enabled;
    if (patch.to_org_admins) s.to_org_admins = *patch.to_org_admins;
    if (patch.recipients) s.recipients = recipients;
    conn.execute(sql::upsert, sql::Upsert{.org_id = org_id,
                                          .key = key,
                                          .enabled = s.enabled,
                                          .to_org_admins = s.to_org_admins,
                                          .recipients = nlohmann::json(s.recipients).dump()}
                                  .params());
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id,
                   "alert.update",
                   audit::Activity::write,
                   "alert",
                   key,
                   {{"enabled", s.enabled}, {"to_org_admins", s.to_org_admins}, {"recipients", s.recipients}}});
    fill_effective_recipients(s, alert_administrators(conn, org_id));
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
    for (const auto& [email, language] : alert_administrators(conn, event.org_id).recipients) add(email, language);
  if (!s.recipients.empty()) {
    // Other recipients are not administrators: they read the organization's language.
    const auto org_language = orgs::effective_value(conn, event.org_id, "language").get<std::string>();
    for (const auto& r : s.recipients) add(r, org_language);
  }
  if (to.empty()) return;

  nlohmann::json values = event.values;
  values["org_name"] =
      conn.query(storage::sql::orgs::select_by_id, {event.org_id}).one().text(storage::sql::orgs::org_columns["name"]);
  for (const auto& [address, language] : to)
    mail::enqueue(conn, clock_, templates::render_mail(conn, event.org_id, event.key, language, address, values));
}

}  // namespace lineport::alerts
