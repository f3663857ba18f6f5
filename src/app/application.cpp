#include "app/application.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "api/dispatcher.h"
#include "api/routes.h"
#include "app/secret_key.h"
#include "domain/accounts/account_import.h"
#include "domain/accounts/account_service.h"
#include "domain/accounts/activation.h"
#include "domain/accounts/invitation.h"
#include "domain/accounts/permission_groups.h"
#include "domain/admins/admin_service.h"
#include "domain/alerts/alerts.h"
#include "domain/auth/auth_service.h"
#include "domain/events/event_bus.h"
#include "domain/invitations/invitation_templates.h"
#include "domain/mobile/app_service.h"
#include "domain/mobile/app_versions.h"
#include "domain/mobile/in_app_messages.h"
#include "domain/numbers/number_service.h"
#include "domain/orgs/org_service.h"
#include "domain/roles/role_service.h"
#include "domain/templates/message_templates.h"
#include "domain/webhooks/webhooks.h"
#include "http/server.h"
#include "http/static_files.h"
#include "jobs/outbox_worker.h"
#include "jobs/periodic_task.h"
#include "jobs/webhook_worker.h"
#include "mail/outbox.h"
#include "util/crypto.h"
#include "util/file_limit.h"
#include "util/memory.h"

namespace lineport::app {
namespace {

std::filesystem::path resolve_web_root(const std::string& configured) {
  if (!configured.empty()) return configured;
  // Running from the source tree (make run) or from anywhere after a build.
  if (std::filesystem::is_directory("web/dist")) return std::filesystem::absolute("web/dist");
  return std::filesystem::path(LINEPORT_SOURCE_DIR) / "web" / "dist";
}

std::vector<api::AddressBlock> metrics_allowed(const Config& config) {
  try {
    return api::parse_address_blocks(config.metrics_allow);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("--metrics-allow: ") + e.what());
  }
}

}  // namespace

std::pair<std::string, std::uint16_t> parse_listen_address(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) throw std::invalid_argument("listen must be HOST:PORT, got " + listen);
  std::string host = listen.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = -1;
  const auto digits = std::string_view(listen).substr(colon + 1);
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || port < 0 || port > 65535)
    throw std::invalid_argument("listen has a bad port: " + listen);
  return {host, static_cast<std::uint16_t>(port)};
}

struct Application::Parts {
  Parts(const Config& cfg, const Clock& clk)
      : config(cfg),
        clock(clk),
        db(storage::open_database(cfg.db_url, cfg.db_pool_size)),
        secret_key(load_or_create_secret_key(secret_key_path(cfg))),
        data_key(app::data_key(cfg, secret_key)),
        activation_codes(secret_key),
        auth(*db, clk, auth::SessionPolicy{cfg.session_idle_minutes * 60LL, cfg.session_lifetime_hours * 3600LL},
             events, cfg.public_url.empty() ? "http://" + cfg.listen : cfg.public_url),
        orgs(*db, clk),
        org_templates(*db, clk),
        company_profiles(*db, clk),
        branding(*db, clk),
        roles(*db, clk, events),
        admins(*db, clk, events, cfg.public_url.empty() ? "http://" + cfg.listen : cfg.public_url),
        alerts(*db, clk),
        report_views(*db, clk),
        admin_activity(*db, clk, report_views),
        administrators_report(*db, clk, report_views),
        invitation_templates(*db, clk, cfg.public_url.empty() ? "http://" + cfg.listen : cfg.public_url),
        email_templates(*db, clk, cfg.public_url.empty() ? "http://" + cfg.listen : cfg.public_url),
        numbers(*db, clk),
        permission_groups(*db, clk),
        accounts(*db, clk, events, activation_codes, cfg.public_url.empty() ? "http://" + cfg.listen : cfg.public_url),
        account_import(*db, clk, events, activation_codes),
        activation(*db, clk, events, activation_codes,
                   cfg.public_url.empty() ? "http://" + cfg.listen : cfg.public_url),
        usage_ingest(*db, clk),
        dashboard(*db, clk),
        usage_reports(*db, clk, report_views),
        compliance_reports(*db, clk, data_key),
        plans(*db, clk),
        call_filter(*db),
        charges(*db, clk),
        webhooks(*db, clk, lineport::webhooks::secrets_key_from(secret_key), cfg.webhooks_allow_private),
        app(*db, clk),
        in_app_messages(*db, clk),
        app_versions(*db),
        help(*db, clk),
        compliance_ingest(*db, clk, data_key),
        compliance_feed(*db, clk, data_key),
        static_files(resolve_web_root(cfg.web_root)),
        metrics(metrics_allowed(cfg), clk) {}

  Config config;
  const Clock& clock;
  std::unique_ptr<storage::Database> db;
  events::EventBus events;  // declared before the services that publish to it
  std::string secret_key;   // app/secret_key.h
  compliance::DataKey data_key;
  accounts::ActivationCodes activation_codes;
  auth::AuthService auth;
  orgs::OrgService orgs;
  orgs::OrgTemplateService org_templates;
  orgs::CompanyProfileService company_profiles;
  orgs::BrandingService branding;
  roles::RoleService roles;
  admins::AdminService admins;
  alerts::AlertService alerts;
  audit::GroupAppender report_views;  // the reports' views, written in groups
  reports::AdminActivityReport admin_activity;
  reports::AdministratorsReport administrators_report;
  invitations::InvitationTemplateService invitation_templates;
  templates::EmailTemplateService email_templates;
  numbers::NumberService numbers;
  accounts::PermissionGroupService permission_groups;
  accounts::AccountService accounts;
  accounts::AccountImport account_import;
  accounts::ActivationService activation;
  usage::UsageIngest usage_ingest;
  usage::Dashboard dashboard;
  reports::UsageReports usage_reports;
  reports::ComplianceReports compliance_reports;
  subscriptions::PlanService plans;
  subscriptions::CallFilter call_filter;
  subscriptions::ChargeService charges;
  lineport::webhooks::WebhookService webhooks;
  mobile::AppService app;
  mobile::InAppMessageService in_app_messages;
  mobile::AppVersionReport app_versions;
  help::HelpService help;
  compliance::ComplianceIngest compliance_ingest;
  compliance::ComplianceFeed compliance_feed;
  http::StaticFiles static_files;
  api::ServerMetrics metrics;
  std::unique_ptr<api::Services> services;
  std::unique_ptr<api::Dispatcher> dispatcher;
  std::unique_ptr<http::Server> server;
  std::unique_ptr<jobs::OutboxWorker> outbox_worker;
  std::unique_ptr<jobs::WebhookWorker> webhook_worker;
  std::unique_ptr<jobs::PeriodicTask> session_sweeper;
  std::unique_ptr<jobs::PeriodicTask> quarantine_sweeper;
  std::unique_ptr<jobs::PeriodicTask> outbox_sweeper;
  std::unique_ptr<jobs::PeriodicTask> webhook_sweeper;
  std::unique_ptr<jobs::PeriodicTask> text_eraser;
  std::unique_ptr<jobs::PeriodicTask> memory_returner;
};

namespace {

jobs::MailSettings mail_settings(const Config& config) {
  jobs::MailSettings mail;
  mail.from = config.mail_from;
  mail.poll_interval_ms = config.mail_poll_interval_ms;
  if (!config.smtp_url.empty()) {
    mail.smtp_url = config.smtp_url;
    mail.smtp_username = config.smtp_username;
    mail.smtp_password = config.smtp_password;
  } else {
    // Without an SMTP server, mail goes to a spool directory: a first run needs no mail server.
    mail.spool_dir =
        config.mail_spool.empty() ? std::filesystem::absolute("lineport-data/mail").string() : config.mail_spool;
    std::filesystem::create_directories(mail.spool_dir);
  }
  if (!config.sms_gateway_url.empty()) {
    mail.sms_gateway_url = config.sms_gateway_url;
    mail.sms_gateway_token = config.sms_gateway_token;
  } else {
    // Likewise text messages go to a spool directory when no SMS gateway is configured.
    mail.sms_spool_dir =
        config.sms_spool.empty() ? std::filesystem::absolute("lineport-data/sms").string() : config.sms_spool;
  }
  return mail;
}

}  // namespace

Application::Application(const Config& config, const Clock& clock) {
  crypto::initialize();
  parts_ = std::make_unique<Parts>(config, clock);
  storage::migrate(*parts_->db);
  parts_->activation_codes.bind(*parts_->db, clock.now());
  parts_->data_key.bind(*parts_->db, clock.now());

  auto& p = *parts_;
  p.events.subscribe([&alerts = p.alerts](storage::Connection& c, const events::Event& e) { alerts.deliver(c, e); });
  p.events.subscribe(
      [&webhooks = p.webhooks](storage::Connection& c, const events::Event& e) { webhooks.enqueue(c, e); });
  // An https public URL: Secure session cookies and Strict-Transport-Security.
  const bool https = config.public_url.starts_with("https://");  // lower case: checked at start
  // Routes keep a reference to the services: they live as long as the application.
  p.services = std::make_unique<api::Services>(api::Services{*p.db,
                                                             p.auth,
                                                             p.orgs,
                                                             p.org_templates,
                                                             p.company_profiles,
                                                             p.branding,
                                                             p.roles,
                                                             p.admins,
                                                             p.alerts,
                                                             p.admin_activity,
                                                             p.administrators_report,
                                                             p.invitation_templates,
                                                             p.email_templates,
                                                             p.numbers,
                                                             p.permission_groups,
                                                             p.accounts,
                                                             p.account_import,
                                                             p.activation,
                                                             p.usage_ingest,
                                                             p.dashboard,
                                                             p.usage_reports,
                                                             p.compliance_reports,
                                                             p.plans,
                                                             p.call_filter,
                                                             p.charges,
                                                             p.webhooks,
                                                             p.app,
                                                             p.in_app_messages,
                                                             p.app_versions,
                                                             p.help,
                                                             p.compliance_ingest,
                                                             p.compliance_feed,
                                                             https,
                                                             &p.metrics});
  // On SQLite a read is a function call: the network threads answer the reads asked most often
  // (the call-filter check) themselves, each with a connection of its own (docs/performance.md#call-filter).
  const bool inline_reads = p.db->backend() == storage::Backend::sqlite;
  p.dispatcher =
      std::make_unique<api::Dispatcher>(api::build_router(*p.services), p.static_files, p.auth,
                                        api::DispatcherOptions{.rate_per_second = config.rate_limit_per_second,
                                                               .rate_burst = config.rate_limit_burst,
                                                               .https = https,
                                                               .body_limits = {.json = config.max_body_bytes,
                                                                               .csv = config.max_csv_bytes,
                                                                               .usage = config.max_usage_bytes,
                                                                               .image = max_image_bytes},
                                                               .answer_reads_inline = inline_reads,
                                                               .metrics = &p.metrics});

  const auto [host, port] = parse_listen_address(config.listen);
  http::ServerOptions options;
  options.host = host;
  options.port = port;
  options.io_threads = config.io_threads;
  options.worker_threads = config.worker_threads;
  options.trusted_proxy = config.trusted_proxy;
  options.max_connections = config.max_connections;
  options.max_connections_per_address = config.max_connections_per_address;
  options.own_answer_headers = p.dispatcher->security_headers();
  // What a request may send is judged from its route before its body is read (docs/decisions.md).
  options.judge_body = [&d = *p.dispatcher](const http::Request& r) { return d.judge_body(r); };
  options.refuse_before_body = [&d = *p.dispatcher](const http::Request& r) { return d.refuse_before_body(r); };
  options.runs_inline = [&d = *p.dispatcher](const http::Request& r) { return d.runs_inline(r); };
  if (inline_reads) options.on_network_thread_start = [&db = *p.db] { db.dedicate_connection_to_this_thread(); };
  p.server = std::make_unique<http::Server>(options, [&d = *p.dispatcher](http::Request& r) { return d.handle(r); });
  p.outbox_worker = std::make_unique<jobs::OutboxWorker>(*p.db, clock, mail_settings(config));
  p.webhook_worker =
      std::make_unique<jobs::WebhookWorker>(*p.db, clock, p.webhooks.secrets_key(),
                                            jobs::WebhookSettings{.allow_private = config.webhooks_allow_private,
                                                                  .poll_interval_ms = config.mail_poll_interval_ms});
  // An invitation the outbox gives up on shows as failed on its account.
  p.outbox_worker->on_dead_letter([&accounts = p.accounts](storage::Connection& c, const jobs::DeadMessage& m) {
    if (const auto ref = m.ref ? accounts::parse_invitation_ref(*m.ref) : std::nullopt)
      accounts.mark_invitation_failed(c, ref->first, ref->second);
  });
  // Invitations are stored as values and rendered when they are sent.
  p.outbox_worker->on_render("account_invitation",
                             [&accounts = p.accounts](storage::Connection& c, const mail::Message& m) {
                               return accounts.render_invitation(c, m);
                             });
  // Work stored as jobs goes on at every pass: an Import & Invite's invitations become messages, a
  // bulk operation handles its next accounts. True while either has more.
  p.outbox_worker->on_pass([&account_import = p.account_import, &accounts = p.accounts] {
    const bool more_invitations = account_import.queue_invitations();
    const bool more_bulk = accounts.run_bulk_step();
    return more_invitations || more_bulk;
  });
}

Application::~Application() = default;

std::uint16_t Application::listen() {
  // Every connection holds a file descriptor. Past the limit, accept fails ("Too many open
  // files") for everyone, so the connection cap must fit under it (docs/operations.md).
  const auto& config = parts_->config;
  const std::uint64_t limit = raise_open_file_limit();
  const std::uint64_t others =
      64 + 3 * static_cast<std::uint64_t>(config.db_pool_size) + static_cast<std::uint64_t>(config.worker_threads);
  if (config.max_connections > limit || limit - config.max_connections < others)
    throw std::runtime_error("max-connections " + std::to_string(config.max_connections) + " needs " +
                             std::to_string(config.max_connections + others) +
                             " open files with the database, workers and log, but the limit is " +
                             std::to_string(limit) +
                             " (the hard limit; raise it with ulimit -n or LimitNOFILE=, or lower "
                             "--max-connections)");
  return parts_->server->listen();
}

void Application::run(bool handle_signals) {
  auto& p = *parts_;
  p.outbox_worker->start();
  p.webhook_worker->start();
  p.session_sweeper = std::make_unique<jobs::PeriodicTask>("session sweep", std::chrono::minutes(10),
                                                           [&p] { p.auth.sweep_sessions(); });
  p.quarantine_sweeper = std::make_unique<jobs::PeriodicTask>("number quarantine", std::chrono::minutes(10),
                                                              [&p] { p.numbers.end_expired_quarantines(); });
  if (const int days = p.config.outbox_retention_days; days > 0)
    p.outbox_sweeper = std::make_unique<jobs::PeriodicTask>("outbox retention", std::chrono::minutes(10), [&p, days] {
      if (const auto n = mail::delete_sent_before(*p.db, p.clock.now() - days * 86400LL); n > 0)
        spdlog::info("outbox: deleted {} messages sent more than {} days ago", n, days);
    });
  // Finished webhook deliveries hold names and logins: they go after the outbox's retention too.
  if (const int days = p.config.outbox_retention_days; days > 0)
    p.webhook_sweeper = std::make_unique<jobs::PeriodicTask>("webhook retention", std::chrono::minutes(10), [&p, days] {
      if (const auto n = webhooks::delete_finished_before(*p.db, p.clock.now() - days * 86400LL); n > 0)
        spdlog::info("webhooks: deleted {} deliveries finished more than {} days ago", n, days);
    });
  // Message texts past their organization's retention (docs/compliance.md).
  p.text_eraser = std::make_unique<jobs::PeriodicTask>("message text retention", std::chrono::minutes(10), [&p] {
    if (const auto n = compliance::erase_expired_texts(*p.db, p.clock.now()); n > 0)
      spdlog::info("compliance: erased {} message texts past their retention", n);
  });
  // A CSV import or a large body leaves tens of megabytes freed but held by the C library.
  p.memory_returner = std::make_unique<jobs::PeriodicTask>("memory return", std::chrono::seconds(5), [] {
    constexpr std::size_t growth = std::size_t{4} << 20;
    memory::return_free_memory(growth);
  });
  p.server->run(handle_signals);
  // Requests have finished: the mail they queued is committed; the worker sends what it has in
  // hand and the rest waits in the outbox for the next start.
  p.memory_returner.reset();
  p.session_sweeper.reset();
  p.quarantine_sweeper.reset();
  p.outbox_sweeper.reset();
  p.webhook_sweeper.reset();
  p.text_eraser.reset();
  p.outbox_worker->stop();
  p.webhook_worker->stop();
  spdlog::info("server stopped");
}

void Application::stop() {
  parts_->server->stop();
}

storage::Database& Application::database() {
  return *parts_->db;
}

std::vector<Application::RouteInfo> Application::route_table() const {
  std::vector<RouteInfo> out;
  for (const auto& route : parts_->dispatcher->router().routes()) {
    const auto& req = route.requirement;
    out.push_back({route.method, route.pattern, req.access == api::Access::open,
                   req.access == api::Access::privilege ? req.privileges : std::vector<std::string>{}, req.org_param});
  }
  return out;
}

}  // namespace lineport::app
