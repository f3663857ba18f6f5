#include "domain/mobile/app_service.h"

#include <algorithm>

#include "domain/accounts/account.h"
#include "domain/error.h"
#include "domain/orgs/branding.h"
#include "domain/orgs/settings.h"
#include "storage/queries/accounts.h"
#include "storage/queries/app.h"
#include "util/crypto.h"
#include "util/text.h"

namespace lineport::mobile {
namespace {

namespace sql = storage::sql::app;

constexpr std::size_t max_version_text = 40;

accounts::Account account_of(storage::Connection& conn, const std::string& device_token) {
  const auto rows = conn.query(storage::sql::accounts::select_by_device_token, {crypto::sha256_hex(device_token)});
  if (rows.empty()) throw DomainError(ErrorCode::unauthenticated, "Unknown device token: activate the app again.");
  auto account = accounts::find_account(conn, rows.one().text(0)).value();
  // A suspended account's device (lost, or its user gone) reads nothing more.
  if (account.status != "active") throw DomainError(ErrorCode::forbidden, "The account is suspended.");
  return account;
}

bool has(const std::vector<std::string>& features, std::string_view feature) {
  return std::find(features.begin(), features.end(), feature) != features.end();
}

std::vector<AppMessage> current_messages(storage::Connection& conn, const accounts::Account& account,
                                         const std::vector<std::string>& features, UnixSeconds now) {
  std::vector<AppMessage> out;
  if (!has(features, "in_app_messaging")) return out;
  constexpr auto c = sql::account_message_columns;
  for (const auto& r :
       conn.query(sql::select_messages_for_account, {account.org_id, account.id, account.permission_group_id, now})
           .rows)
    out.push_back({r.text(c["id"]), r.text(c["text"]), r.integer(c["starts_at"]), r.integer(c["expires_at"]),
                   !r.is_null(c["read_at"])});
  return out;
}

// The version policy of the platform the device runs (its last heartbeat, else its activation).
nlohmann::json version_policy(storage::Connection& conn, const accounts::Account& account,
                              const nlohmann::json& settings) {
  std::optional<std::string> platform = account.platform;
  std::optional<std::string> running;
  if (const auto rows = conn.query(sql::select_heartbeat, {account.id}); !rows.empty()) {
    platform = rows.one().text(sql::heartbeat_columns["platform"]);
    running = rows.one().text(sql::heartbeat_columns["app_version"]);
  }
  nlohmann::json out = {{"platform", platform ? nlohmann::json(*platform) : nlohmann::json()},
                        {"latest_version", nullptr},
                        {"minimum_version", nullptr},
                        {"update_required", false},
                        {"store_url", nullptr},
                        {"release_notes", nullptr}};
  if (!platform) return out;
  const auto& policy = settings["app_version_" + *platform];
  if (policy.is_null()) return out;
  out["latest_version"] = policy["latest_version"];
  out["minimum_version"] = policy["minimum_version"];
  out["store_url"] = policy["store_url"];
  out["release_notes"] = policy.value("release_notes", "");
  const auto minimum = orgs::parse_version(policy["minimum_version"].get<std::string>());
  const auto version = running ? orgs::parse_version(*running) : std::nullopt;
  out["update_required"] = version && minimum && *version < *minimum;
  return out;
}

}  // namespace

AppConfig AppService::config(const std::string& device_token) {
  return db_.read([&](storage::Connection& conn) {
    const auto account = account_of(conn, device_token);
    const auto features = accounts::effective_features(conn, account);
    nlohmann::json s = nlohmann::json::object();
    for (auto& [key, setting] : orgs::effective_settings(conn, account.org_id)) s[key] = std::move(setting.value);
    const auto messages = current_messages(conn, account, features, clock_.now());
    const auto logo = orgs::nearest_logo(conn, account.org_id, "app");
    const auto unread_count =
        std::count_if(messages.begin(), messages.end(), [](const AppMessage& m) { return !m.read; });
    nlohmann::json doc = {
        {"features", features},
        {"recording",
         {{"call_recording", s["call_recording_enabled"].get<bool>() && has(features, "call_recording")},
          {"message_logging", s["message_logging_enabled"].get<bool>() && has(features, "message_logging")},
          {"announcement", s["recording_announcement"]},
          {"retention_days", s["recording_retention_days"]}}},
        {"messages",
         {{"sync", s["message_sync_enabled"]},
          {"multimedia", s["multimedia_messages_enabled"].get<bool>() && has(features, "mms")},
          {"max_attachment_mb", s["max_attachment_mb"]}}},
        {"sms_opt_in",
         {{"enabled", s["sms_opt_in_enabled"]},
          {"keyword", s["sms_opt_in_keyword"]},
          {"confirmation_text", s["sms_opt_in_confirmation"]},
          {"help_text", s["sms_opt_in_help"]}}},
        {"branding",
         {{"app_name", s["app_name"]},
          {"primary_color", s["app_primary_color"]},
          {"support_email", s["app_support_email"]},
          {"support_url", s["app_support_url"]},
          {"logo_url", logo ? nlohmann::json("/api/v1/app/logo?v=" + logo->sha256) : nlohmann::json()}}},
        {"version_policy", version_policy(conn, account, s)},
        {"unread_messages", unread_count}};
    const auto body = doc.dump();
    return AppConfig{std::move(doc), "\"" + crypto::sha256_hex(body).substr(0, 32) + "\""};
  });
}

void AppService::heartbeat(const std::string& device_token, const Heartbeat& input) {
  Validator v;
  if (input.platform != "ios" && input.platform != "android") v.fail("platform", "Must be ios or android.");
  if (!input.app_version || !orgs::parse_version(*input.app_version))
    v.fail("app_version", "Must be the app's version, major.minor.patch such as \"2.4.1\".");
  if (!input.os_version || input.os_version->empty() || input.os_version->size() > max_version_text ||
      text::has_control_chars(*input.os_version) || !text::is_valid_utf8(*input.os_version))
    v.fail("os_version", "Must be the system's version, 1 to 40 characters such as \"17.4.1\".");
  v.throw_if_failed();
  db_.write([&](storage::Connection& conn) {
    const auto account = account_of(conn, device_token);
    conn.execute(sql::upsert_heartbeat,
                 {account.id, *input.platform, *input.app_version, *input.os_version, clock_.now()});
  });
}

StoredImage AppService::logo(const std::string& device_token) {
  return db_.read([&](storage::Connection& conn) {
    auto image = orgs::nearest_logo_image(conn, account_of(conn, device_token).org_id, "app");
    if (!image) throw_not_found("No app logo is set.");
    return std::move(*image);
  });
}

std::vector<AppMessage> AppService::messages(const std::string& device_token) {
  return db_.write([&](storage::Connection& conn) {
    const auto account = account_of(conn, device_token);
    const auto now = clock_.now();
    auto out = current_messages(conn, account, accounts::effective_features(conn, account), now);
    for (const auto& m : out) conn.execute(sql::insert_delivered, {m.id, account.id, now});
    return out;
  });
}

void AppService::mark_read(const std::string& device_token, const std::string& message_id) {
  db_.write([&](storage::Connection& conn) {
    const auto account = account_of(conn, device_token);
    const auto now = clock_.now();
    const auto current = current_messages(conn, account, accounts::effective_features(conn, account), now);
    if (std::none_of(current.begin(), current.end(), [&](const AppMessage& m) { return m.id == message_id; }))
      throw_not_found("The message does not exist or is no longer shown.");
    conn.execute(sql::mark_read, {message_id, account.id, now});
  });
}

}  // namespace lineport::mobile
