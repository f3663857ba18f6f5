#pragma once
// Every route of the API, built from the domain services (one function per resource file).

#include "api/metrics.h"
#include "api/router.h"
#include "domain/accounts/account_import.h"
#include "domain/accounts/account_service.h"
#include "domain/accounts/activation.h"
#include "domain/accounts/permission_groups.h"
#include "domain/admins/admin_service.h"
#include "domain/alerts/alerts.h"
#include "domain/auth/auth_service.h"
#include "domain/compliance/compliance_feed.h"
#include "domain/compliance/compliance_ingest.h"
#include "domain/help/help_pages.h"
#include "domain/invitations/invitation_templates.h"
#include "domain/mobile/app_service.h"
#include "domain/mobile/app_versions.h"
#include "domain/mobile/in_app_messages.h"
#include "domain/numbers/number_service.h"
#include "domain/orgs/branding.h"
#include "domain/orgs/company_profile.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/org_templates.h"
#include "domain/reports/admin_activity.h"
#include "domain/reports/administrators_report.h"
#include "domain/reports/compliance_reports.h"
#include "domain/reports/usage_reports.h"
#include "domain/roles/role_service.h"
#include "domain/subscriptions/call_filter.h"
#include "domain/subscriptions/charging.h"
#include "domain/subscriptions/plan_service.h"
#include "domain/templates/message_templates.h"
#include "domain/usage/dashboard.h"
#include "domain/usage/usage_ingest.h"
#include "domain/webhooks/webhooks.h"
#include "storage/database.h"

namespace lineport::api {

struct Services {
  storage::Database& db;
  auth::AuthService& auth;
  orgs::OrgService& orgs;
  orgs::OrgTemplateService& org_templates;
  orgs::CompanyProfileService& company_profiles;
  orgs::BrandingService& branding;
  roles::RoleService& roles;
  admins::AdminService& admins;
  alerts::AlertService& alerts;
  reports::AdminActivityReport& admin_activity;
  reports::AdministratorsReport& administrators_report;
  invitations::InvitationTemplateService& invitation_templates;
  templates::EmailTemplateService& email_templates;
  numbers::NumberService& numbers;
  accounts::PermissionGroupService& permission_groups;
  accounts::AccountService& accounts;
  accounts::AccountImport& account_import;
  accounts::ActivationService& activation;
  usage::UsageIngest& usage_ingest;
  usage::Dashboard& dashboard;
  reports::UsageReports& usage_reports;
  reports::ComplianceReports& compliance_reports;
  subscriptions::PlanService& plans;
  subscriptions::CallFilter& call_filter;
  subscriptions::ChargeService& charges;
  webhooks::WebhookService& webhooks;
  mobile::AppService& app;
  mobile::InAppMessageService& in_app_messages;
  mobile::AppVersionReport& app_versions;
  help::HelpService& help;
  compliance::ComplianceIngest& compliance_ingest;
  compliance::ComplianceFeed& compliance_feed;
  bool secure_cookies = false;
  const ServerMetrics* metrics = nullptr;  // GET /metrics answers 404 without it
};

void add_system_routes(Router& router, Services& services);
void add_auth_routes(Router& router, Services& services);
void add_org_routes(Router& router, Services& services);
void add_role_routes(Router& router, Services& services);
void add_admin_routes(Router& router, Services& services);
void add_alert_routes(Router& router, Services& services);
void add_report_routes(Router& router, Services& services);
// Setup > Invitation Templates and Setup > Email Templates (message_template_routes.cpp).
void add_invitation_template_routes(Router& router, Services& services);
void add_email_template_routes(Router& router, Services& services);
void add_number_routes(Router& router, Services& services);
void add_permission_group_routes(Router& router, Services& services);
void add_account_routes(Router& router, Services& services);
void add_activation_routes(Router& router, Services& services);
void add_usage_routes(Router& router, Services& services);
void add_subscription_routes(Router& router, Services& services);
void add_org_template_routes(Router& router, Services& services);
void add_company_profile_routes(Router& router, Services& services);
void add_branding_routes(Router& router, Services& services);
void add_webhook_routes(Router& router, Services& services);
// Setup > In-App Messaging and the application version report (mobile_setup_routes.cpp).
void add_mobile_setup_routes(Router& router, Services& services);
void add_help_routes(Router& router, Services& services);
// Compliance records: their ingest and the archivers' feed (compliance_routes.cpp).
void add_compliance_routes(Router& router, Services& services);

inline Router build_router(Services& services) {
  Router router;
  add_system_routes(router, services);
  add_auth_routes(router, services);
  add_org_routes(router, services);
  add_role_routes(router, services);
  add_admin_routes(router, services);
  add_alert_routes(router, services);
  add_report_routes(router, services);
  add_invitation_template_routes(router, services);
  add_email_template_routes(router, services);
  add_number_routes(router, services);
  add_permission_group_routes(router, services);
  add_account_routes(router, services);
  add_activation_routes(router, services);
  add_usage_routes(router, services);
  add_subscription_routes(router, services);
  add_org_template_routes(router, services);
  add_company_profile_routes(router, services);
  add_branding_routes(router, services);
  add_webhook_routes(router, services);
  add_mobile_setup_routes(router, services);
  add_help_routes(router, services);
  add_compliance_routes(router, services);
  return router;
}

}  // namespace lineport::api
