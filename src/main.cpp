// lineport: the command line (docs/product.md#command-line). Subcommands: init, serve, demo, usage import,
// compliance import, backup, restore, audit verify.

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

#include "app/application.h"
#include "app/config.h"
#include "app/demo.h"
#include "app/record_import.h"
#include "app/secret_key.h"
#include "domain/audit/audit_log.h"
#include "domain/bootstrap.h"
#include "domain/compliance/compliance_ingest.h"
#include "domain/error.h"
#include "domain/usage/usage_ingest.h"
#include "storage/database.h"
#include "storage/sqlite/sqlite_files.h"
#include "util/crypto.h"
#include "util/log.h"

namespace {

using lineport::app::Config;

// Options every subcommand that touches the database shares.
void add_db_option(CLI::App& cmd, Config& config) {
  cmd.add_option("--db", config.db_url,
                 "Database URL: sqlite:///absolute/path.db (embedded, the default) or "
                 "postgresql://user:pass@host:port/db")
      ->envname("LINEPORT_DB");
}

// The secret key file: serve and demo make and check activation codes with it.
void add_secret_key_option(CLI::App& cmd, Config& config) {
  cmd.add_option("--secret-key-file", config.secret_key_file,
                 "File holding the server's secret key (made on first use; default: beside an SQLite database, "
                 "<db>.key; required with PostgreSQL, the same file for every server). Keep it out of database backups")
      ->envname("LINEPORT_SECRET_KEY_FILE");
  cmd.add_option("--data-key-file", config.data_key_file,
                 "File holding the key that seals message texts at rest: 32 bytes or 64 hex digits (head -c 32 "
                 "/dev/urandom > FILE). Default: a key derived from the secret key. Keep it out of database backups")
      ->envname("LINEPORT_DATA_KEY_FILE")
      ->check(CLI::ExistingFile);
}

// Mail links are the public URL followed by a path, and an https one turns on Secure cookies and
// HSTS: a URL that is not exactly scheme and host would make broken links or silently plain
// cookies, so it is refused, saying what is allowed.
CLI::Validator public_url_check() {
  return CLI::Validator(
      [](const std::string& url) -> std::string {
        const auto rest = url.starts_with("https://") ? url.substr(8) : url.starts_with("http://") ? url.substr(7) : "";
        if (rest.empty() || rest.find_first_of("/?#@ ") != std::string::npos)
          return "must be http:// or https:// (lower case) followed by the host and an optional port, with "
                 "no path or trailing slash, e.g. https://portal.example.com";
        return "";
      },
      "URL");
}

void add_serve_options(CLI::App& cmd, Config& c) {
  cmd.add_option("--listen", c.listen, "Address and port to serve on")
      ->envname("LINEPORT_LISTEN")
      ->capture_default_str();
  cmd.add_option("--public-url", c.public_url,
                 "How users reach the portal, e.g. https://portal.example.com (used in mail links; "
                 "https turns on Secure cookies and Strict-Transport-Security)")
      ->envname("LINEPORT_PUBLIC_URL")
      ->check(public_url_check());
  cmd.add_option("--web-root", c.web_root, "Directory of the built web portal (default: web/dist)")
      ->envname("LINEPORT_WEB_ROOT");
  cmd.add_option("--mail-spool", c.mail_spool, "Write each outgoing message as an .eml file in this directory")
      ->envname("LINEPORT_MAIL_SPOOL");
  cmd.add_option("--smtp-url", c.smtp_url,
                 "Deliver mail through this SMTP server: smtp://host:port (STARTTLS when offered) or smtps://host:port")
      ->envname("LINEPORT_SMTP_URL");
  cmd.add_option("--smtp-username", c.smtp_username, "SMTP user name")->envname("LINEPORT_SMTP_USERNAME");
  cmd.add_option("--smtp-password", c.smtp_password, "SMTP password")->envname("LINEPORT_SMTP_PASSWORD");
  cmd.add_option("--mail-from", c.mail_from, "From address of outgoing mail")
      ->envname("LINEPORT_MAIL_FROM")
      ->capture_default_str();
  cmd.add_option("--outbox-retention-days", c.outbox_retention_days,
                 "Delete sent messages from the outbox this many days after sending (0: keep them)")
      ->envname("LINEPORT_OUTBOX_RETENTION_DAYS")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd.add_option("--sms-spool", c.sms_spool,
                 "Write each text message as a .json file in this directory (default: lineport-data/sms)")
      ->envname("LINEPORT_SMS_SPOOL");
  cmd.add_option("--sms-gateway-url", c.sms_gateway_url,
                 "Send text messages through this HTTP gateway: POST {\"id\",\"to\",\"text\"} as JSON")
      ->envname("LINEPORT_SMS_GATEWAY_URL");
  cmd.add_option("--sms-gateway-token", c.sms_gateway_token, "Bearer token for the SMS gateway")
      ->envname("LINEPORT_SMS_GATEWAY_TOKEN");
  cmd.add_flag("--webhooks-allow-private", c.webhooks_allow_private,
               "Let webhooks reach loopback, private, link-local and metadata addresses (refused by default)")
      ->envname("LINEPORT_WEBHOOKS_ALLOW_PRIVATE");
  cmd.add_option("--db-pool-size", c.db_pool_size, "Database connections")
      ->envname("LINEPORT_DB_POOL_SIZE")
      ->capture_default_str();
  cmd.add_option("--worker-threads", c.worker_threads, "Threads for blocking work (database, password hashing)")
      ->envname("LINEPORT_WORKER_THREADS")
      ->capture_default_str();
  cmd.add_option("--io-threads", c.io_threads, "Network threads")
      ->envname("LINEPORT_IO_THREADS")
      ->capture_default_str();
  cmd.add_option("--max-body-bytes", c.max_body_bytes, "Largest JSON request body")
      ->envname("LINEPORT_MAX_BODY_BYTES")
      ->capture_default_str();
  cmd.add_option("--max-csv-bytes", c.max_csv_bytes, "Largest CSV request body (account and number imports)")
      ->envname("LINEPORT_MAX_CSV_BYTES")
      ->capture_default_str();
  cmd.add_option("--max-usage-bytes", c.max_usage_bytes,
                 "Largest usage upload (POST /api/v1/usage; spooled to a temporary file, not memory)")
      ->envname("LINEPORT_MAX_USAGE_BYTES")
      ->capture_default_str();
  cmd.add_option("--trusted-proxy", c.trusted_proxy,
                 "Address of a reverse proxy whose X-Forwarded-For/-Proto are believed")
      ->envname("LINEPORT_TRUSTED_PROXY");
  cmd.add_option("--metrics-allow", c.metrics_allow,
                 "Addresses and blocks (comma-separated, e.g. 10.0.0.5,10.1.0.0/16) that may read GET /metrics "
                 "(default: nobody)")
      ->envname("LINEPORT_METRICS_ALLOW")
      ->capture_default_str();
  cmd.add_option("--max-connections", c.max_connections,
                 "Open connections in all; a new one beyond closes the idlest (must fit under the "
                 "limit on open files)")
      ->envname("LINEPORT_MAX_CONNECTIONS")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--max-connections-per-address", c.max_connections_per_address,
                 "Open connections from one client address (an IPv6 /64; the trusted proxy has no "
                 "cap); a new one "
                 "beyond closes that address's idlest")
      ->envname("LINEPORT_MAX_CONNECTIONS_PER_ADDRESS")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--session-idle-minutes", c.session_idle_minutes, "Sign out after this long without activity")
      ->envname("LINEPORT_SESSION_IDLE_MINUTES")
      ->capture_default_str();
  cmd.add_option("--session-lifetime-hours", c.session_lifetime_hours, "Sign out after this long in any case")
      ->envname("LINEPORT_SESSION_LIFETIME_HOURS")
      ->capture_default_str();
  cmd.add_option("--rate-limit-per-second", c.rate_limit_per_second,
                 "Sustained requests per second per address and per user")
      ->envname("LINEPORT_RATE_LIMIT_PER_SECOND")
      ->capture_default_str();
  cmd.add_option("--rate-limit-burst", c.rate_limit_burst, "Burst size of the rate limit")
      ->envname("LINEPORT_RATE_LIMIT_BURST")
      ->capture_default_str();
}

int fail(const std::string& message) {
  std::cerr << "lineport: " << message << "\n";
  return 1;
}

void ensure_sqlite_directory(const std::string& url) {
  const auto file = lineport::storage::sqlite_path(url);
  if (!file) return;
  const std::filesystem::path path(*file);
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
}

}  // namespace

int main(int argc, char** argv) {
  Config config;
  std::string config_file;
  CLI::App app{
      "Lineport: the management portal for a business second-number service.\n"
      "Quick start: lineport init --admin-email you@example.com && lineport serve\n"
      "Every option can also be set as LINEPORT_<OPTION> (e.g. LINEPORT_DB) or in a TOML file (--config)."};
  app.set_version_flag("--version", LINEPORT_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // --config and --log-level may also follow the subcommand
  app.add_option("--config", config_file, "TOML file with options (keys as the long options, e.g. db = \"...\")")
      ->envname("LINEPORT_CONFIG");
  app.add_option("--log-level", config.log_level, "trace, debug, info, warn or error")->envname("LINEPORT_LOG_LEVEL");

  // --- init
  lineport::bootstrap::InitRequest init;
  std::string admin_password;
  auto* init_cmd =
      app.add_subcommand("init", "Create the database, the root organization and the first super administrator");
  add_db_option(*init_cmd, config);
  init_cmd->add_option("--root-org", init.root_org_name, "Name of the root organization (the service provider)")
      ->envname("LINEPORT_ROOT_ORG")
      ->required();
  init_cmd->add_option("--admin-email", init.admin_email, "Email of the first super administrator")
      ->envname("LINEPORT_ADMIN_EMAIL")
      ->required();
  init_cmd
      ->add_option("--admin-password", admin_password,
                   "Their password (at least 12 characters). Without it a password is generated, printed once, "
                   "and must be changed at first sign-in")
      ->envname("LINEPORT_ADMIN_PASSWORD");

  // --- serve
  auto* serve_cmd = app.add_subcommand("serve", "Serve the API and the web portal (applies pending migrations first)");
  add_db_option(*serve_cmd, config);
  add_secret_key_option(*serve_cmd, config);
  add_serve_options(*serve_cmd, config);

  // --- demo
  std::string demo_password;
  auto* demo_cmd = app.add_subcommand("demo", "Fill an empty database with the ABC Banking Corporation example");
  add_db_option(*demo_cmd, config);
  add_secret_key_option(*demo_cmd, config);
  demo_cmd->add_option("--admin-password", demo_password, "Password for the demo administrators (generated if absent)")
      ->envname("LINEPORT_DEMO_PASSWORD");

  // --- usage import
  auto* usage_cmd = app.add_subcommand("usage", "Usage records");
  usage_cmd->require_subcommand(1);
  std::string usage_file;
  bool usage_partial = false;
  auto* usage_import_cmd =
      usage_cmd->add_subcommand("import", "Ingest usage records from an NDJSON or CSV (.csv) file");
  add_db_option(*usage_import_cmd, config);
  usage_import_cmd->add_option("FILE", usage_file, "The file")->required()->check(CLI::ExistingFile);
  usage_import_cmd->add_flag("--partial", usage_partial, "Store the good records even when some are bad");

  // --- compliance import
  auto* compliance_cmd = app.add_subcommand("compliance", "Compliance records");
  compliance_cmd->require_subcommand(1);
  std::string compliance_file;
  bool compliance_partial = false;
  auto* compliance_import_cmd = compliance_cmd->add_subcommand(
      "import", "Ingest call recordings, message logs and SMS opt-ins from an NDJSON or CSV (.csv) file");
  add_db_option(*compliance_import_cmd, config);
  add_secret_key_option(*compliance_import_cmd, config);
  compliance_import_cmd->add_option("FILE", compliance_file, "The file")->required()->check(CLI::ExistingFile);
  compliance_import_cmd->add_flag("--partial", compliance_partial, "Store the good records even when some are bad");

  // --- backup and restore (SQLite; PostgreSQL has pg_dump and pg_restore: docs/operations.md#backups)
  std::string backup_file;
  auto* backup_cmd = app.add_subcommand("backup", "Copy an SQLite database as it is at one moment, while it is served");
  add_db_option(*backup_cmd, config);
  backup_cmd->add_option("FILE", backup_file, "The new file to write (an existing one is never overwritten)")
      ->required();
  bool restore_replace = false;
  auto* restore_cmd = app.add_subcommand(
      "restore", "Put a copy made by `lineport backup` in place of an SQLite database (its server stopped)");
  add_db_option(*restore_cmd, config);
  restore_cmd->add_option("FILE", backup_file, "The backup")->required()->check(CLI::ExistingFile);
  restore_cmd->add_flag("--replace", restore_replace, "Replace the database when it exists (its data is lost)");

  // --- audit verify
  auto* audit_cmd = app.add_subcommand("audit", "Audit log tools");
  audit_cmd->require_subcommand(1);
  auto* verify_cmd = audit_cmd->add_subcommand("verify", "Check that no audit entry was edited or deleted");
  add_db_option(*verify_cmd, config);

  // The TOML file is read before parsing: its values become LINEPORT_* variables that the
  // environment and the command line override.
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--config") config_file = argv[i + 1];
  if (config_file.empty() && std::getenv("LINEPORT_CONFIG")) config_file = std::getenv("LINEPORT_CONFIG");
  try {
    if (!config_file.empty()) lineport::app::export_config_file(config_file);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  CLI11_PARSE(app, argc, argv);

  // Before anything logs: whatever a client sends stays on its log line, escaped.
  lineport::logging::use_escaping_format();
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  if (config.db_url.empty()) config.db_url = lineport::app::default_db_url();

  try {
    lineport::crypto::initialize();
    if (*init_cmd) {
      if (!admin_password.empty()) init.admin_password = admin_password;
      ensure_sqlite_directory(config.db_url);
      auto db = lineport::storage::open_database(config.db_url, 1);
      lineport::storage::migrate(*db);
      lineport::SystemClock clock;
      const auto result = lineport::bootstrap::initialize(*db, clock, init);
      std::cout << "Initialized " << config.db_url << "\n"
                << "Root organization: " << init.root_org_name << "\n"
                << "Super administrator: " << init.admin_email << "\n";
      if (result.generated_password)
        std::cout << "Password: " << *result.generated_password << "\n"
                  << "(shown only now; it must be changed at the first sign-in)\n";
      return 0;
    }
    if (*serve_cmd) {
      ensure_sqlite_directory(config.db_url);
      std::optional<lineport::storage::ServeLock> one_server;  // of an SQLite database
      if (const auto path = lineport::storage::sqlite_path(config.db_url)) one_server.emplace(*path);
      lineport::SystemClock clock;
      lineport::app::Application application(config, clock);
      const auto port = application.listen();
      spdlog::info("Lineport {} serving on http://{}:{}", LINEPORT_VERSION,
                   lineport::app::parse_listen_address(config.listen).first, port);
      application.run(true);
      return 0;
    }
    if (*demo_cmd) {
      ensure_sqlite_directory(config.db_url);
      auto db = lineport::storage::open_database(config.db_url, 1);
      lineport::storage::migrate(*db);
      lineport::SystemClock clock;
      const auto creds = lineport::app::load_demo(*db, clock, demo_password, lineport::app::secret_key_path(config));
      std::cout << "Demo data loaded into " << config.db_url << "\n";
      for (const auto* admin : {&creds.customer, &creds.carrier})
        std::cout << "Administrator of " << admin->who << ":\n"
                  << "  Sign in as: " << admin->email << "\n"
                  << "  Password:   " << admin->password << "\n";
      return 0;
    }
    if (*usage_import_cmd) {
      auto db = lineport::storage::open_database(config.db_url, 1);
      lineport::storage::migrate(*db);
      lineport::SystemClock clock;
      lineport::usage::UsageIngest ingest(*db, clock);
      return lineport::app::import_records_file(
          *db, usage_file, usage_partial, "lineport usage import (command line)",
          [&](const auto& who, const auto& request, const auto& source, const auto& meta) {
            return ingest.run(who, request, source, meta);
          },
          std::cout);
    }
    if (*compliance_import_cmd) {
      auto db = lineport::storage::open_database(config.db_url, 1);
      lineport::storage::migrate(*db);
      lineport::SystemClock clock;
      const auto key = lineport::app::data_key(
          config, lineport::app::load_or_create_secret_key(lineport::app::secret_key_path(config)));
      key.bind(*db, clock.now());
      lineport::compliance::ComplianceIngest ingest(*db, clock, key);
      return lineport::app::import_records_file(
          *db, compliance_file, compliance_partial, "lineport compliance import (command line)",
          [&](const auto& who, const auto& request, const auto& source, const auto& meta) {
            return ingest.run(who, request, source, meta);
          },
          std::cout);
    }
    if (*backup_cmd || *restore_cmd) {
      const auto path = lineport::storage::sqlite_path(config.db_url);
      if (!path)
        return fail(std::string("lineport ") + (*backup_cmd ? "backup" : "restore") +
                    " copies SQLite databases; for PostgreSQL use pg_dump and pg_restore (docs/operations.md#backups)");
      if (*backup_cmd) {
        const auto copied = lineport::storage::backup_sqlite(*path, backup_file);
        std::cout << "Backed up " << config.db_url << " to " << backup_file << " (" << copied.bytes << " bytes)\n";
      } else {
        const auto copied = lineport::storage::restore_sqlite(backup_file, *path, restore_replace);
        std::cout << "Restored " << backup_file << " into " << config.db_url << " (" << copied.pages
                  << " pages; the next `lineport serve` applies any newer migrations)\n";
      }
      return 0;
    }
    if (*verify_cmd) {
      auto db = lineport::storage::open_database(config.db_url, 1);
      const auto result = lineport::audit::verify(*db);
      if (result.ok) {
        std::cout << "audit log intact: " << result.entries << " entries verified\n";
        return 0;
      }
      std::cout << "audit log BROKEN at entry " << result.broken_at.value_or(0) << ": " << result.reason << "\n";
      return 2;
    }
  } catch (const lineport::DomainError& e) {
    std::string message = e.what();
    for (const auto& fe : e.field_errors()) message += "\n  " + fe.field + ": " + fe.message;
    return fail(message);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return 0;
}
