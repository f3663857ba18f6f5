#pragma once
// Everything an operator can set. Each field comes from, in order of precedence: the command
// line, a LINEPORT_<OPTION> environment variable, the TOML file given by --config, the default.

#include <string>

namespace lineport::app {

struct Config {
  std::string db_url;  // sqlite:///abs/path.db or postgresql://...
  int db_pool_size = 8;
  std::string listen = "127.0.0.1:8080";
  std::string public_url;  // how users reach it (mail links); https → Secure cookies, HSTS
  std::string web_root;    // the built portal (web/dist)
  int worker_threads = 8;  // blocking work: database, Argon2id
  int io_threads = 2;
  std::size_t max_body_bytes = 16u << 20;
  std::size_t max_csv_bytes = 64u << 20;
  std::size_t max_usage_bytes = std::size_t{1} << 30;  // usage uploads, spooled to a temporary file
  std::string trusted_proxy;                           // address of a reverse proxy whose X-Forwarded-* we believe
  // Who may read GET /metrics: addresses and blocks, comma-separated (docs/operations.md#metrics).
  // Nobody unless the operator says: behind a reverse proxy on the same host every request comes
  // from 127.0.0.1, so loopback is no safe default.
  std::string metrics_allow;
  // The server's secret key (activation codes are kept as HMACs with it): a file outside the
  // database. Default: beside an SQLite file (<db>.key), made on first use; required with
  // PostgreSQL (app/secret_key.h).
  std::string secret_key_file;
  // The key that seals message texts at rest (docs/compliance.md): 32 bytes or 64 hex digits in a
  // file. Empty: derived from the secret key.
  std::string data_key_file;
  // Open connections in all and from one client address; a new one beyond either closes the
  // idlest (docs/operations.md).
  std::size_t max_connections = 1000;
  std::size_t max_connections_per_address = 50;

  // Sessions and limits (docs/product.md#sign-in-and-sessions)
  int session_idle_minutes = 30;
  int session_lifetime_hours = 12;
  double rate_limit_per_second = 50;
  double rate_limit_burst = 200;

  // Mail: a spool directory (one .eml per message) or an SMTP server.
  std::string mail_spool;
  std::string smtp_url;  // smtp://host:port or smtps://host:port
  std::string smtp_username;
  std::string smtp_password;
  std::string mail_from = "Lineport <no-reply@lineport.local>";
  int mail_poll_interval_ms = 500;  // how often the outbox worker looks for new mail
  int outbox_retention_days = 30;   // sent messages are deleted this long after sending; 0 keeps them

  // Text messages (invitations to device numbers): a spool directory (one .json per message,
  // lineport-data/sms by default) or an HTTP gateway, which wins when both are set.
  std::string sms_spool;
  std::string sms_gateway_url;    // http(s)://… receiving POST {"id","to","text"}
  std::string sms_gateway_token;  // sent as "Authorization: Bearer <token>"

  // Webhooks may target loopback, private and link-local addresses (tests, closed networks).
  bool webhooks_allow_private = false;

  std::string log_level = "info";
};

// The default database: lineport-data/lineport.db under the current directory.
std::string default_db_url();

// Reads a TOML file and exports each key as LINEPORT_<KEY> unless that variable is already set,
// so the command-line parser sees file values with lower precedence than the environment.
// Throws std::runtime_error with the file, line and reason on a bad file or an unknown key.
void export_config_file(const std::string& path);

}  // namespace lineport::app
