#include "domain/auth/privileges.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

namespace lineport::auth {
namespace {

struct Labels {
  std::string_view en, es, pt;
};

struct Subject {
  std::string_view key;
  Labels labels;
};

constexpr Subject report_subjects[] = {
    {"consumption_metrics", {"Consumption Metrics", "Métricas de consumo", "Métricas de consumo"}},
    {"user_metrics", {"User Metrics", "Métricas de usuarios", "Métricas de usuários"}},
    {"admin_activity", {"Administrators Activity", "Actividad de administradores", "Atividade dos administradores"}},
    {"activities", {"Activities", "Actividades", "Atividades"}},
    {"call_recording", {"Call Recording", "Grabación de llamadas", "Gravação de chamadas"}},
    {"message_logging", {"Message Logging", "Registro de mensajes", "Registro de mensagens"}},
    {"sms_opt_in", {"SMS Opt-in", "Consentimiento SMS", "Consentimento SMS"}},
};

constexpr Subject adk_subjects[] = {
    {"call_recording", {"Call Recording API", "API de grabación de llamadas", "API de gravação de chamadas"}},
    {"message_logging", {"Message Logging API", "API de registro de mensajes", "API de registro de mensagens"}},
    {"sms_opt_in", {"SMS Opt-in", "Consentimiento SMS", "Consentimento SMS"}},
};

constexpr Subject setup_subjects[] = {
    {"company_profile", {"Company Profile", "Perfil de la empresa", "Perfil da empresa"}},
    {"invitation_templates", {"Invitation Templates", "Plantillas de invitación", "Modelos de convite"}},
    {"alerts", {"Manage Alerts", "Gestionar alertas", "Gerenciar alertas"}},
    {"domain_restriction", {"Domain Restriction", "Restricción de dominio", "Restrição de domínio"}},
    {"application_version", {"Application Version", "Versión de la aplicación", "Versão do aplicativo"}},
    {"two_factor", {"Two Factor Authentication", "Autenticación de dos factores", "Autenticação de dois fatores"}},
    {"webhooks", {"Webhook Events", "Eventos de webhook", "Eventos de webhook"}},
    {"number_management", {"Number Management", "Gestión de números", "Gerenciamento de números"}},
    {"user_permissions", {"User Permissions", "Permisos de usuarios", "Permissões de usuários"}},
    {"recording", {"Recording", "Grabación", "Gravação"}},
    {"messages", {"Messages", "Mensajes", "Mensagens"}},
    {"sms_opt_in", {"SMS Opt-In", "Consentimiento SMS", "Consentimento SMS"}},
    {"in_app_messaging", {"In-App Messaging", "Mensajería en la aplicación", "Mensagens no aplicativo"}},
    {"branding", {"Branding", "Marca", "Marca"}},
    {"subscriptions", {"Subscriptions", "Suscripciones", "Assinaturas"}},
};

Privilege make(std::string key, std::string group, Labels l) {
  return {std::move(key), std::move(group), std::string(l.en), std::string(l.es), std::string(l.pt)};
}

Privilege prefixed(std::string_view prefix, std::string group, const Subject& s, Labels action) {
  return make(std::string(prefix) + std::string(s.key), std::move(group),
              {std::string(action.en) + ": " + std::string(s.labels.en),
               std::string(action.es) + ": " + std::string(s.labels.es),
               std::string(action.pt) + ": " + std::string(s.labels.pt)});
}

std::vector<Privilege> build_catalog() {
  std::vector<Privilege> out;
  out.push_back(make("dashboard", "dashboard", {"Dashboard", "Panel", "Painel"}));
  out.push_back(make("accounts", "accounts", {"Accounts", "Cuentas", "Contas"}));
  out.push_back(make("accounts.bulk", "accounts_bulk",
                     {"Accounts Bulk Operations", "Operaciones masivas de cuentas", "Operações em massa de contas"}));
  out.push_back(make("administrators", "administrators", {"Administrators", "Administradores", "Administradores"}));
  out.push_back(make("api_users", "api_users", {"API Users", "Usuarios de API", "Usuários de API"}));
  for (const auto& s : report_subjects) out.push_back(prefixed("reports.view.", "reports", s, {"View", "Ver", "Ver"}));
  for (const auto& s : report_subjects)
    out.push_back(prefixed("reports.download.", "reports", s, {"Download", "Descargar", "Baixar"}));
  for (const auto& s : adk_subjects)
    out.push_back(prefixed("reports.adk.", "reports", s, {"ADK APIs", "API de ADK", "APIs ADK"}));
  for (const auto& s : setup_subjects) out.push_back(prefixed("setup.view.", "setup", s, {"View", "Ver", "Ver"}));
  for (const auto& s : setup_subjects) out.push_back(prefixed("setup.edit.", "setup", s, {"Edit", "Editar", "Editar"}));
  out.push_back(make("roles", "roles", {"Roles and Privileges", "Roles y privilegios", "Funções e privilégios"}));
  out.push_back(make("usage.ingest", "usage", {"Usage Ingest", "Ingesta de uso", "Ingestão de uso"}));
  out.push_back(make("help.view", "help", {"Help: View", "Ayuda: ver", "Ajuda: ver"}));
  out.push_back(make("help.edit", "help", {"Help: Edit", "Ayuda: editar", "Ajuda: editar"}));
  out.push_back(make("profile.view", "profile",
                     {"Profile: View Profiles and Sub-Organizations", "Perfil: ver perfiles y suborganizaciones",
                      "Perfil: ver perfis e suborganizações"}));
  out.push_back(make("profile.edit", "profile",
                     {"Profile: Edit Profiles and Sub-Organizations", "Perfil: editar perfiles y suborganizaciones",
                      "Perfil: editar perfis e suborganizações"}));
  out.push_back(
      make("profile.create_suborg", "profile",
           {"Profile: Create Sub-Organization", "Perfil: crear suborganización", "Perfil: criar suborganização"}));
  out.push_back(make(
      "profile.delete_suborg", "profile",
      {"Profile: Delete Sub-Organizations", "Perfil: eliminar suborganizaciones", "Perfil: excluir suborganizações"}));
  return out;
}

}  // namespace

const std::vector<Privilege>& privilege_catalog() {
  static const std::vector<Privilege> catalog = build_catalog();
  return catalog;
}

bool is_known_privilege(std::string_view key) {
  const auto& catalog = privilege_catalog();
  return std::any_of(catalog.begin(), catalog.end(), [&](const Privilege& p) { return p.key == key; });
}

namespace {

void add_with_implied(PrivilegeSet::Keys& keys, const std::string& key) {
  keys.insert(key);
  if (key.starts_with("setup.edit.")) keys.insert("setup.view." + key.substr(11));
}

}  // namespace

PrivilegeSet::PrivilegeSet(const std::vector<std::string>& keys) {
  Keys held;
  for (const auto& k : keys) add_with_implied(held, k);
  keys_ = std::make_shared<const Keys>(std::move(held));
}

PrivilegeSet PrivilegeSet::all() {
  std::vector<std::string> keys;
  for (const auto& p : privilege_catalog()) keys.push_back(p.key);
  return PrivilegeSet(keys);
}

PrivilegeSet PrivilegeSet::from_json(std::string_view text) {
  // Every request with credentials reads its role's keys; the few texts a server sees are
  // parsed once per thread (the same text always means the same set, so nothing goes stale).
  thread_local std::map<std::string, PrivilegeSet, std::less<>> parsed;
  if (const auto it = parsed.find(text); it != parsed.end()) return it->second;
  const auto json = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> keys;
  if (json.is_array())
    for (const auto& key : json)
      if (key.is_string()) keys.push_back(key.get<std::string>());
  PrivilegeSet set(keys);
  constexpr std::size_t max_remembered = 256;
  if (parsed.size() >= max_remembered) parsed.clear();
  parsed.emplace(text, set);
  return set;
}

bool PrivilegeSet::has(std::string_view key) const {
  return keys_ && keys_->contains(key);
}

bool PrivilegeSet::contains_all(const PrivilegeSet& other) const {
  return !other.keys_ ||
         std::all_of(other.keys_->begin(), other.keys_->end(), [&](const std::string& k) { return has(k); });
}

std::vector<std::string> PrivilegeSet::keys() const {
  if (!keys_) return {};
  return {keys_->begin(), keys_->end()};
}

}  // namespace lineport::auth
