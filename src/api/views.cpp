#include "api/views.h"

#include "http/etag.h"

namespace lineport::api {

nlohmann::json time_or_null(const std::optional<UnixSeconds>& t) {
  return t ? nlohmann::json(to_rfc3339(*t)) : nlohmann::json();
}

nlohmann::json view(const orgs::Org& o) {
  nlohmann::json path = nlohmann::json::array();
  for (const auto& p : o.path) path.push_back({{"id", p.id}, {"name", p.name}});
  nlohmann::json out = {
      {"id", o.id},
      {"parent_id", o.parent_id ? nlohmann::json(*o.parent_id) : nlohmann::json()},
      {"name", o.name},
      {"description", o.description},
      {"profile", o.profile},
      {"created_at", to_rfc3339(o.created_at)},
      {"updated_at", to_rfc3339(o.updated_at)},
      {"child_count", o.child_count},
      {"subtree_admin_count", o.subtree_admin_count},
      {"subtree_account_count", o.subtree_account_count},
  };
  if (!o.timezone.empty()) out["timezone"] = o.timezone;
  if (!o.language.empty()) out["language"] = o.language;
  if (!o.path.empty()) out["path"] = std::move(path);
  return out;
}

nlohmann::json view(const admins::Admin& a) {
  return nlohmann::json{
      {"id", a.id},
      {"org_id", a.org_id},
      {"role_id", a.role_id},
      {"kind", a.kind},
      {"first_name", a.first_name},
      {"last_name", a.last_name},
      {"email", a.email},
      {"device_number", a.device_number ? nlohmann::json(*a.device_number) : nlohmann::json()},
      {"timezone", a.timezone},
      {"language", a.language},
      {"address", a.address},
      {"login_suspended", a.login_suspended},
      {"account_suspended", a.account_suspended},
      {"last_sign_in_at", time_or_null(a.last_sign_in_at)},
      {"created_at", to_rfc3339(a.created_at)},
      {"external_applications", a.external_applications},
      {"role_name", a.role_name},
      {"org_name", a.org_name},
      {"password_change_required", a.password_change_required},
      // The version in the address makes a changed photo a new URL for the browser's cache.
      {"photo_url", a.photo_version
                        ? nlohmann::json("/api/v1/admins/" + a.id + "/photo?v=" + a.photo_version->substr(0, 16))
                        : nlohmann::json()},
  };
}

nlohmann::json view(const roles::Role& r) {
  return {{"id", r.id},
          {"org_id", r.org_id},
          {"org_name", r.org_name},
          {"name", r.name},
          {"privileges", r.privileges},
          {"built_in", r.built_in},
          {"admin_count", r.admin_count},
          {"created_at", to_rfc3339(r.created_at)},
          {"updated_at", to_rfc3339(r.updated_at)}};
}

http::Response json_response(const nlohmann::json& body, int status) {
  return http::Response::json(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), status);
}

nlohmann::json view(const numbers::Number& n) {
  return {{"number", n.number},
          {"org_id", n.org_id},
          {"status", numbers::to_string(n.status)},
          {"tag", n.tag ? nlohmann::json(*n.tag) : nlohmann::json()},
          {"account_id", n.account_id ? nlohmann::json(*n.account_id) : nlohmann::json()},
          {"series", n.series},
          {"updated_at", to_rfc3339(n.updated_at)},
          {"quarantined_until", time_or_null(n.quarantined_until)}};
}

nlohmann::json view(const numbers::Utilization& u) {
  using numbers::NumberStatus;
  return {{"org_id", u.org_id},
          {"total", u.total},
          {"allocated_to_suborgs", u.allocated_to_suborgs},
          {"available", u.count(NumberStatus::available)},
          {"reserved", u.count(NumberStatus::reserved)},
          {"pending_invitation", u.count(NumberStatus::pending_invitation)},
          {"assigned", u.count(NumberStatus::assigned)},
          {"activated", u.count(NumberStatus::activated)},
          {"quarantined", u.count(NumberStatus::quarantined)},
          {"in_use", u.in_use},
          {"utilization_pct", u.utilization_pct},
          {"threshold_pct", u.threshold_pct},
          {"subtree",
           {{"total", u.total},
            {"available", u.subtree_count(NumberStatus::available)},
            {"reserved", u.subtree_count(NumberStatus::reserved)},
            {"pending_invitation", u.subtree_count(NumberStatus::pending_invitation)},
            {"assigned", u.subtree_count(NumberStatus::assigned)},
            {"activated", u.subtree_count(NumberStatus::activated)},
            {"quarantined", u.subtree_count(NumberStatus::quarantined)}}}};
}

nlohmann::json view(const accounts::PermissionGroup& g) {
  return {{"id", g.id},
          {"org_id", g.org_id},
          {"org_name", g.org_name},
          {"name", g.name},
          {"features", g.features},
          {"is_default", g.is_default},
          {"account_count", g.account_count},
          {"created_at", to_rfc3339(g.created_at)},
          {"updated_at", to_rfc3339(g.updated_at)}};
}

namespace {

// An account's members, listed once for both ways an answer is written: as nlohmann::json where
// an account is part of a larger answer, straight as text for the Accounts page.
template <class Members>
void account_members(const accounts::Account& a, Members& m) {
  m("id", a.id);
  m("org_id", a.org_id);
  m("org_name", a.org_name);
  m("first_name", a.first_name);
  m("last_name", a.last_name);
  m("login", a.login);
  m("login_kind", a.login_kind);
  m("multiline_number", a.multiline_number);
  m("permission_group_id", a.permission_group_id);
  m("permission_group_name", a.permission_group_name);
  m("social_messaging", a.social_messaging);
  m("monitor_calls", a.monitor_calls);
  m("monitor_sms", a.monitor_sms);
  m("forwarding_number", a.forwarding_number);
  m("restrict_incoming_social_messaging", a.restrict_incoming_social_messaging);
  m("status", a.status);
  m("suspended_reason", a.suspended_reason);
  m("invitation_status", a.invitation_status);
  m("invitation_count", a.invitation_count);
  m.time("created_at", a.created_at);
  m.time("invited_at", a.invited_at);
  m.time("activated_at", a.activated_at);
  m("device_number", a.device_number);
  m("notification_email", a.notification_email);
  m("notes", a.notes);
  m("platform", a.platform);
  m.time("last_sign_in_at", a.last_sign_in_at);
  m.time("updated_at", a.updated_at);
}

struct TreeMembers {
  nlohmann::json& object;

  void operator()(const char* name, const std::string& text) { object[name] = text; }
  void operator()(const char* name, const std::optional<std::string>& text) {
    object[name] = text ? nlohmann::json(*text) : nlohmann::json();
  }
  void operator()(const char* name, std::int64_t number) { object[name] = number; }
  void operator()(const char* name, bool flag) { object[name] = flag; }
  void time(const char* name, UnixSeconds t) { object[name] = to_rfc3339(t); }
  void time(const char* name, const std::optional<UnixSeconds>& t) { object[name] = time_or_null(t); }
};

struct TextMembers {
  JsonWriter& w;

  template <class Value>
  void operator()(const char* name, const Value& value) {
    w.key(name).value(value);
  }
  void time(const char* name, UnixSeconds t) { w.key(name).time(t); }
  void time(const char* name, const std::optional<UnixSeconds>& t) {
    w.key(name);
    t ? w.time(*t) : w.null();
  }
};

}  // namespace

nlohmann::json view(const accounts::Account& a) {
  nlohmann::json object = nlohmann::json::object();
  TreeMembers members{object};
  account_members(a, members);
  if (a.effective_features) object["effective_features"] = *a.effective_features;
  return object;
}

void write(JsonWriter& w, const accounts::Account& a) {
  w.begin_object();
  TextMembers members{w};
  account_members(a, members);
  w.end_object();
}

nlohmann::json view(const accounts::AccountResult& r) {
  return {{"account_id", r.account_id},
          {"login", r.login},
          {"result", r.ok ? "ok" : "error"},
          {"message", r.ok ? nlohmann::json() : nlohmann::json(r.message)}};
}

nlohmann::json view(const accounts::MoveOption& o) {
  return {{"org_id", o.org_id},
          {"org_name", o.org_name},
          {"depth", o.depth},
          {"allowed", o.allowed},
          {"reason", o.allowed ? nlohmann::json() : nlohmann::json(o.reason)}};
}

nlohmann::json view(const admins::ResendResult& r) {
  return {{"admin_id", r.admin_id}, {"email", r.email}, {"name", r.name}, {"status", r.status}, {"message", r.message}};
}

namespace {
nlohmann::json localized(const alerts::LocalizedText& text) {
  return {{"en", text.en}, {"es", text.es}, {"pt", text.pt}};
}
}  // namespace

nlohmann::json view(const alerts::AlertSetting& s) {
  nlohmann::json labels = nlohmann::json::object(), descriptions = nlohmann::json::object();
  for (const auto& def : alerts::alert_catalog()) {
    if (def.key != s.key) continue;
    labels = localized(def.name);
    descriptions = localized(def.description);
  }
  return {{"key", s.key},
          {"labels", labels},
          {"descriptions", descriptions},
          {"enabled", s.enabled},
          {"to_org_admins", s.to_org_admins},
          {"recipients", s.recipients},
          {"effective_recipients", s.effective_recipients},
          {"administrators_from",
           s.administrators_org_id.empty()
               ? nlohmann::json()
               : nlohmann::json{{"id", s.administrators_org_id}, {"name", s.administrators_org_name}}}};
}

nlohmann::json view(const numbers::ItemResult& r) {
  return {{"line", r.line},
          {"input", r.input},
          {"number", r.number ? nlohmann::json(*r.number) : nlohmann::json()},
          {"result", r.result},
          {"message", r.message.empty() ? nlohmann::json() : nlohmann::json(r.message)}};
}

nlohmann::json view(const numbers::SubOrgNumbers& o) {
  return {{"org_id", o.org_id}, {"org_name", o.org_name}, {"total", o.total}, {"available", o.available}};
}

nlohmann::json view(const auth::Privilege& p) {
  return {{"key", p.key}, {"group", p.group}, {"labels", {{"en", p.label_en}, {"es", p.label_es}, {"pt", p.label_pt}}}};
}

http::Response json_with_etag(const http::Request& request, const std::string& etag,
                              const std::function<nlohmann::json()>& body) {
  http::Response r;
  if (http::none_match(request.header("If-None-Match").value_or(""), etag))
    r.status = 304;
  else
    r = json_response(body());
  r.header("ETag", etag);
  r.header("Cache-Control", "private, no-cache");
  return r;
}

http::Response csv_attachment(const std::string& filename) {
  http::Response r;
  r.header("Content-Type", "text/csv; charset=utf-8");
  r.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

std::string json_or_csv(const http::Request& request) {
  auto format = request.query_param("format").value_or("json");
  if (format != "json" && format != "csv")
    throw DomainError(ErrorCode::validation_failed, "Unknown format.", {{"format", "Must be json or csv."}});
  return format;
}

http::Response image_response(const StoredImage& image, const http::Request& request) {
  http::Response r;
  const std::string etag = "\"" + image.sha256 + "\"";
  r.header("Cache-Control", "private, no-cache");
  r.header("ETag", etag);
  if (http::none_match(request.header("If-None-Match").value_or(""), etag)) {
    r.status = 304;
    return r;
  }
  r.header("Content-Type", image.media_type);
  r.header("Content-Disposition", "inline");
  r.body = image.bytes;
  return r;
}

}  // namespace lineport::api
