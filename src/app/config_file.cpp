#include <toml++/toml.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "app/config.h"

namespace lineport::app {
namespace {

// The options a file may set (the long option names, with '-' or '_').
const std::set<std::string>& known_keys() {
  static const std::set<std::string> keys = {"db",
                                             "db_pool_size",
                                             "listen",
                                             "public_url",
                                             "web_root",
                                             "worker_threads",
                                             "io_threads",
                                             "max_body_bytes",
                                             "max_csv_bytes",
                                             "max_usage_bytes",
                                             "trusted_proxy",
                                             "metrics_allow",
                                             "session_idle_minutes",
                                             "session_lifetime_hours",
                                             "max_connections",
                                             "max_connections_per_address",
                                             "rate_limit_per_second",
                                             "rate_limit_burst",
                                             "mail_spool",
                                             "smtp_url",
                                             "smtp_username",
                                             "smtp_password",
                                             "mail_from",
                                             "outbox_retention_days",
                                             "sms_spool",
                                             "sms_gateway_url",
                                             "sms_gateway_token",
                                             "webhooks_allow_private",
                                             "log_level",
                                             "root_org",
                                             "admin_email",
                                             "admin_password"};
  return keys;
}

std::string env_name(std::string key) {
  for (auto& c : key) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "LINEPORT_" + key;
}

// "file:line: <before> "<key>"<after>", the message of a refused option.
std::runtime_error option_error(const std::string& path, std::int64_t line, std::string_view before,
                                const std::string& key, std::string_view after) {
  std::string message = path + ":" + std::to_string(line) + ": ";
  if (!before.empty()) message.append(before).append(" ");
  message.append("\"").append(key).append("\"").append(after);
  return std::runtime_error(message);
}

}  // namespace

std::string default_db_url() {
  return "sqlite://" + (std::filesystem::current_path() / "lineport-data" / "lineport.db").string();
}

void export_config_file(const std::string& path) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw std::runtime_error(path + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  for (const auto& [raw_key, node] : table) {
    std::string key(raw_key.str());
    for (auto& c : key)
      if (c == '-') c = '_';
    const auto line = node.source().begin.line;
    if (!known_keys().contains(key)) throw option_error(path, line, "unknown option", key, "");
    std::string value;
    if (auto s = node.value<std::string>())
      value = *s;
    else if (auto i = node.value<std::int64_t>())
      value = std::to_string(*i);
    else if (auto d = node.value<double>())
      value = std::to_string(*d);
    else if (auto b = node.value<bool>())
      value = *b ? "true" : "false";
    else
      throw option_error(path, line, "", key, " must be a string, number or boolean");
    ::setenv(env_name(key).c_str(), value.c_str(), 0);  // 0: the environment wins over the file
  }
}

}  // namespace lineport::app
