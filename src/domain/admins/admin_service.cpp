#include "domain/admins/admin_service.h"

#include <algorithm>
#include <stdexcept>

#include "domain/audit/audit_log.h"
#include "domain/auth/attempts.h"
#include "domain/bootstrap.h"
#include "domain/error.h"
#include "domain/orgs/org_service.h"
#include "domain/orgs/settings.h"
#include "domain/roles/role_service.h"
#include "domain/templates/message_templates.h"
#include "mail/outbox.h"
#include "storage/queries/admins.h"
#include "storage/queries/orgs.h"
#include "util/crypto.h"
#include "util/csv_writer.h"
#include "util/text.h"

namespace lineport::admins {
namespace {

namespace sql = storage::sql::admin_management;
namespace admin_sql = storage::sql::admins;

constexpr std::size_t max_resend_batch = 500;

std::string like_pattern(const std::string& q) {
  std::string out = "%";
  for (const char c : text::fold_case(text::trim(q))) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

void load_applications(storage::Connection& conn, Admin& a) {
  a.external_applications.clear();
  for (const auto& r : conn.query(sql::select_applications, {a.id}).rows) a.external_applications.push_back(r.text(0));
}

Admin load(storage::Connection& conn, const std::string& id) {
  const auto rows = conn.query(admin_sql::select_by_id, {id});
  if (rows.empty()) throw_not_found("The administrator does not exist.");
  Admin a = admin_from_row(rows.one());
  a.role_name = conn.query(sql::select_role_name, {a.role_id}).one().text(0);
  load_applications(conn, a);
  return a;
}

// Nobody manages an administrator who holds privileges they lack (no escalation by proxy).
void require_holds_all(const auth::Principal& who, const auth::PrivilegeSet& privileges, std::string_view what) {
  if (!who.privileges.contains_all(privileges))
    throw DomainError(ErrorCode::forbidden, std::string(what) + ": the role has privileges you do not hold yourself.");
}

std::string org_name(storage::Connection& conn, const std::string& org_id) {
  return conn.query(storage::sql::orgs::select_by_id, {org_id}).one().text(storage::sql::orgs::org_columns["name"]);
}

void send_credentials(storage::Connection& conn, const Clock& clock, const Admin& a, const std::string& password,
                      const std::string& organization, const std::string& portal_url) {
  mail::enqueue(conn, clock,
                templates::render_mail(conn, a.org_id, "admin_invitation", a.language, a.email,
                                       {{"first_name", a.first_name},
                                        {"last_name", a.last_name},
                                        {"login", a.email},
                                        {"password", password},
                                        {"org_name", organization},
                                        {"portal_url", portal_url}}));
}

std::vector<std::string> clean_applications(const std::vector<std::string>& raw, Validator& v) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const std::string name = text::trim(raw[i]);
    const auto n = text::code_points(name);
    if (n < 1 || n > 60 || text::has_control_chars(name) || !text::is_valid_utf8(name)) {
      v.fail("external_applications[" + std::to_string(i) + "]", "Must be 1 to 60 characters.");
      continue;
    }
    const bool seen =
        std::any_of(out.begin(), out.end(), [&](const auto& e) { return text::fold_case(e) == text::fold_case(name); });
    if (!seen) out.push_back(name);
  }
  return out;
}

}  // namespace

void publish_privilege_changes(storage::Connection& conn, const events::EventBus& events, const Admin& admin,
                               const auth::PrivilegeSet& before, const auth::PrivilegeSet& after,
                               const std::string& changed_by) {
  std::string granted, revoked;
  for (const auto& p : after.keys())
    if (!before.has(p)) granted += (granted.empty() ? "" : "\n") + p;
  for (const auto& p : before.keys())
    if (!after.has(p)) revoked += (revoked.empty() ? "" : "\n") + p;
  if (!granted.empty())
    events.publish(conn, {"admin_privilege_granted",
                          admin.org_id,
                          {{"login", admin.email}, {"privileges", granted}, {"changed_by", changed_by}},
                          {}});
  if (!revoked.empty())
    events.publish(conn, {"admin_privilege_revoked",
                          admin.org_id,
                          {{"login", admin.email}, {"privileges", revoked}, {"changed_by", changed_by}},
                          {}});
}

Page<Admin> AdminService::list(const auth::Principal& who, const std::string& org_id, const AdminQuery& query) {
  const auto after = continue_after(query.page, {"", ""});
  if (query.q.size() > 200)
    throw DomainError(ErrorCode::validation_failed, "The search is too long.", {{"q", "At most 200 characters."}});
  const std::string pattern = like_pattern(query.q);
  const int subtree = query.include_suborgs ? 1 : 0;
  return db_.read([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    Page<Admin> out;
    out.total = conn.query(sql::count_page, {org_id, subtree, pattern}).one().integer(0);
    const auto rows =
        conn.query(sql::select_page, {org_id, subtree, pattern, after[0], after[1], query.page.limit + 1}).rows;
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(query.page.limit); ++i) {
      constexpr auto c = sql::page_columns;
      Admin a = admin_from_row(rows[i]);
      a.role_name = rows[i].text(c["role_name"]);
      a.org_name = rows[i].text(c["org_name"]);
      load_applications(conn, a);
      out.items.push_back(std::move(a));
    }
    if (rows.size() > static_cast<std::size_t>(query.page.limit)) {
      const auto& last = rows[static_cast<std::size_t>(query.page.limit) - 1];
      constexpr auto c = sql::page_columns;
      out.next_cursor = encode_cursor({last.text(c["email_key"]), last.text(c["id"])});
    }
    return out;
  });
}

Admin AdminService::get(const auth::Principal& who, const std::string& id) {
  return db_.read([&](storage::Connection& conn) {
    Admin a = load(conn, id);
    if (!orgs::in_scope(conn, who.home_org_id, a.org_id)) throw_not_found("The administrator does not exist.");
    a.org_name = org_name(conn, a.org_id);
    return a;
  });
}

Admin AdminService::invite(const auth::Principal& who, const std::string& org_id, const NewAdmin& input,
                           const RequestMeta& meta) {
  return create(who, org_id, input, "admin", meta);
}

Admin AdminService::create_api_user(const auth::Principal& who, const std::string& org_id, const NewAdmin& input,
                                    const RequestMeta& meta) {
  return create(who, org_id, input, "api_user", meta);
}

Admin AdminService::create(const auth::Principal& who, const std::string& org_id, const NewAdmin& input,
                           const std::string& kind, const RequestMeta& meta) {
  Admin a;
  a.id = crypto::new_id();
  a.org_id = org_id;
  a.kind = kind;
  a.email = text::trim(input.email);
  Validator v;
  if (!text::is_email(a.email)) v.fail("email", "Must be an email address.");
  ProfilePatch profile;
  profile.first_name = input.first_name;
  profile.last_name = input.last_name;
  if (input.device_number) profile.device_number = input.device_number;
  profile.timezone = input.timezone;
  profile.language = input.language;
  profile.address = input.address;
  apply_profile_patch(a, profile, v);
  std::vector<std::string> applications;
  if (kind == "api_user") {
    // None (an empty list) is a choice the seed's form offers.
    applications = clean_applications(input.external_applications, v);
  } else if (input.role_id.empty()) {
    v.fail("role_id", "Is required.");
  }
  v.throw_if_failed();

  const std::string password = crypto::generate_password();
  const std::string hash = crypto::hash_password(password);
  db_.write([&](storage::Connection& conn) {
    orgs::require_in_scope(conn, who, org_id);
    const std::string role_id =
        input.role_id.empty() ? bootstrap::built_in_role_id(conn, bootstrap::api_user_role) : input.role_id;
    const auto role = roles::find_usable_role(conn, role_id, org_id);
    if (!role)
      throw DomainError(ErrorCode::validation_failed, "The role is not usable in this organization.",
                        {{"role_id", "Choose a role defined on this organization or above it."}});
    if (kind == "admin" && role->built_in && role->name == bootstrap::api_user_role)
      throw DomainError(ErrorCode::validation_failed, "The API User role is for API users.",
                        {{"role_id", "Choose an administrator role."}});
    require_holds_all(who, auth::PrivilegeSet(role->privileges), "You cannot give this role");
    if (!conn.query(sql::email_taken, {text::fold_case(a.email), ""}).empty())
      throw DomainError(ErrorCode::email_taken, "An administrator with this email already exists.",
                        {{"email", "Already used by another administrator."}});
    a.role_id = role_id;
    if (!input.timezone) a.timezone = orgs::effective_value(conn, org_id, "timezone").get<std::string>();
    if (!input.language) a.language = orgs::effective_value(conn, org_id, "language").get<std::string>();
    const auto now = clock_.now();
    // Administrators choose their own password at first sign-in; API users never sign in to the
    // portal, so theirs is final.
    const bool must_change = kind == "admin";
    conn.execute(sql::insert, sql::Insert{.id = a.id,
                                          .org_id = org_id,
                                          .role_id = role_id,
                                          .kind = kind,
                                          .first_name = a.first_name,
                                          .last_name = a.last_name,
                                          .email = a.email,
                                          .email_key = text::fold_case(a.email),
                                          .device_number = a.device_number,
                                          .timezone = a.timezone,
                                          .language = a.language,
                                          .address = a.address.dump(),
                                          .password_hash = hash,
                                          .password_change_required = must_change,
                                          .created_at = now}
                                  .params());
    for (const auto& app : applications) conn.execute(sql::insert_application, {a.id, app, text::fold_case(app)});
    send_credentials(conn, clock_, a, password, org_name(conn, org_id), portal_url_);
    events_.publish(conn, {"admin_added",
                           org_id,
                           {{"login", a.email},
                            {"name", a.first_name + " " + a.last_name},
                            {"role_name", role->name},
                            {"added_by", who.email}},
                           {a.email}});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {org_id,
                   kind == "admin" ? "admin.invite" : "api_user.create",
                   audit::Activity::write,
                   "admin",
                   a.id,
                   {{"email", a.email}, {"role_id", role_id}, {"external_applications", applications}}});
  });
  return get(who, a.id);
}

Admin AdminService::load_manageable(storage::Connection& conn, const auth::Principal& who, const std::string& id) {
  Admin a = load(conn, id);
  if (!orgs::in_scope(conn, who.home_org_id, a.org_id)) throw_not_found("The administrator does not exist.");
  const char* needed = a.kind == "api_user" ? "api_users" : "administrators";
  if (!who.privileges.has(needed))
    throw DomainError(ErrorCode::forbidden, std::string("Managing this account needs the ") + needed + " privilege.");
  if (a.id != who.admin_id) require_holds_all(who, a.privileges, "You cannot manage this administrator");
  return a;
}

Admin AdminService::update(const auth::Principal& who, const std::string& id, const AdminPatch& patch,
                           const RequestMeta& meta) {
  db_.write([&](storage::Connection& conn) {
    const Admin before = load_manageable(conn, who, id);
    Admin after = before;
    Validator v;
    apply_profile_patch(after, patch.profile, v);
    if (patch.external_applications) {
      if (before.kind != "api_user") {
        v.fail("external_applications", "Only API users serve external applications.");
      } else {
        after.external_applications = clean_applications(*patch.external_applications, v);
      }
    }
    v.throw_if_failed();
    const bool suspending =
        (patch.login_suspended && *patch.login_suspended) || (patch.account_suspended && *patch.account_suspended);
    if (suspending && id == who.admin_id) throw DomainError(ErrorCode::self_action, "You cannot suspend yourself.");
    if (patch.login_suspended) after.login_suspended = *patch.login_suspended;
    if (patch.account_suspended) after.account_suspended = *patch.account_suspended;
    if (patch.role_id && *patch.role_id != before.role_id) {
      if (id == who.admin_id) throw DomainError(ErrorCode::self_action, "You cannot change your own role.");
      const auto role = roles::find_usable_role(conn, *patch.role_id, before.org_id);
      if (!role || (role->built_in && role->name == bootstrap::api_user_role) != (before.kind == "api_user"))
        throw DomainError(ErrorCode::validation_failed, "The role is not usable for this administrator.",
                          {{"role_id", "Choose a role defined on the administrator's organization or above it."}});
      require_holds_all(who, auth::PrivilegeSet(role->privileges), "You cannot give this role");
      after.role_id = *patch.role_id;
    }

    audit::Changes changes;
    compare_profiles(changes, before, after);
    changes.compare("role_id", before.role_id, after.role_id);
    changes.compare("login_suspended", before.login_suspended, after.login_suspended);
    changes.compare("account_suspended", before.account_suspended, after.account_suspended);
    changes.compare("external_applications", before.external_applications, after.external_applications);
    if (changes.empty()) return;
    if (after.external_applications != before.external_applications) {
      conn.execute(sql::delete_applications, {after.id});
      for (const auto& app : after.external_applications)
        conn.execute(sql::insert_application, {after.id, app, text::fold_case(app)});
    }
    conn.execute(sql::update, sql::Update{.id = after.id,
                                          .role_id = after.role_id,
                                          .profile = profile_fields(after),
                                          .login_suspended = after.login_suspended,
                                          .account_suspended = after.account_suspended,
                                          .updated_at = clock_.now()}
                                  .params());
    // A suspension takes effect at once: the admin's sessions and tokens end now.
    if (suspending) conn.execute(sql::delete_sessions, {after.id});
    if (after.role_id != before.role_id) {
      const auto role = roles::find_usable_role(conn, after.role_id, after.org_id);
      publish_privilege_changes(conn, events_, after, before.privileges, auth::PrivilegeSet(role->privileges),
                                who.email);
    }
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {after.org_id, "admin.update", audit::Activity::write, "admin", after.id, changes.take()});
  });
  return get(who, id);
}

void AdminService::remove(const auth::Principal& who, const std::string& id, bool confirm, const RequestMeta& meta) {
  db_.write([&](storage::Connection& conn) {
    const Admin a = load_manageable(conn, who, id);
    if (a.id == who.admin_id) throw DomainError(ErrorCode::self_action, "You cannot delete yourself.");
    if (!confirm) {
      for (const auto& app : a.external_applications) {
        if (conn.query(sql::count_other_users_of_application, {a.id, text::fold_case(app)}).one().integer(0) == 0) {
          DomainError error(ErrorCode::integration_would_break, "This is the last API user of " + app +
                                                                    ": deleting it stops that integration. "
                                                                    "Repeat with confirm=true to delete it anyway.");
          error.extra = {{"application", app}};
          throw error;
        }
      }
    }
    conn.execute(sql::delete_sessions, {a.id});
    conn.execute(sql::delete_one, {a.id});
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {a.org_id,
                   a.kind == "admin" ? "admin.delete" : "api_user.delete",
                   audit::Activity::write,
                   "admin",
                   a.id,
                   {{"email", a.email}}});
  });
}

std::pair<std::string, std::vector<ResendResult>> AdminService::resend_invitations(
    const auth::Principal& who, const std::vector<std::string>& admin_ids, const RequestMeta& meta) {
  if (admin_ids.empty() || admin_ids.size() > max_resend_batch)
    throw DomainError(ErrorCode::validation_failed, "Send 1 to 500 administrator ids.",
                      {{"admin_ids", "Must list 1 to 500 ids."}});

  struct Planned {
    ResendResult result;
    std::optional<Admin> admin;
    std::string password;
    std::string hash;
  };
  std::vector<Planned> plan;
  // 1. Decide who may receive a new invitation.
  db_.read([&](storage::Connection& conn) {
    for (const auto& id : admin_ids) {
      Planned p{{id, "", "", "sent", "A new password was emailed."}, std::nullopt, "", ""};
      try {
        Admin a = load_manageable(conn, who, id);
        p.result.email = a.email;
        p.result.name = a.first_name + " " + a.last_name;
        if (a.id == who.admin_id) throw DomainError(ErrorCode::self_action, "You cannot resend your own invitation.");
        p.admin = std::move(a);
      } catch (const DomainError& e) {
        p.result.status = e.code() == ErrorCode::not_found ? "not_found" : "not_allowed";
        p.result.message = e.what();
      }
      plan.push_back(std::move(p));
    }
  });
  // 2. Hash the new passwords outside any transaction (Argon2id is slow on purpose).
  for (auto& p : plan) {
    if (!p.admin) continue;
    p.password = crypto::generate_password();
    p.hash = crypto::hash_password(p.password);
  }
  // 3. Write every change, mail and result in one transaction.
  const std::string batch_id = crypto::new_id();
  std::vector<ResendResult> results;
  db_.write([&](storage::Connection& conn) {
    results.clear();
    nlohmann::json stored = nlohmann::json::array();
    for (auto& p : plan) {
      if (p.admin && conn.execute(sql::reset_password, {p.admin->id, p.hash, clock_.now()}) == 0) {
        p.result.status = "not_found";  // deleted meanwhile
        p.result.message = "The administrator does not exist.";
      } else if (p.admin) {
        conn.execute(sql::delete_sessions, {p.admin->id});
        // New credentials end a lockout: the administrator signs in with them at once.
        auth::clear_failures(conn, auth::attempt_rules::sign_in, text::fold_case(p.admin->email));
        send_credentials(conn, clock_, *p.admin, p.password, org_name(conn, p.admin->org_id), portal_url_);
        audit::append(conn, clock_, audit::actor_of(who), meta,
                      {p.admin->org_id,
                       "admin.resend_invitation",
                       audit::Activity::write,
                       "admin",
                       p.admin->id,
                       {{"email", p.admin->email}}});
      }
      const auto& r = p.result;
      stored.push_back({{"admin_id", r.admin_id},
                        {"email", r.email},
                        {"name", r.name},
                        {"status", r.status},
                        {"message", r.message}});
      results.push_back(r);
    }
    conn.execute(sql::insert_batch, {batch_id, who.admin_id, clock_.now(), stored.dump()});
  });
  return {batch_id, results};
}

std::vector<ResendResult> AdminService::batch_results(const auth::Principal& who, const std::string& batch_id) {
  return db_.read([&](storage::Connection& conn) {
    const auto rows = conn.query(sql::select_batch, {batch_id, who.admin_id});
    if (rows.empty()) throw_not_found("The batch does not exist.");
    std::vector<ResendResult> out;
    for (const auto& r : nlohmann::json::parse(rows.one().text(0)))
      out.push_back({r["admin_id"], r["email"], r["name"], r["status"], r["message"]});
    return out;
  });
}

Admin AdminService::load_photo_owner(storage::Connection& conn, const auth::Principal& who, const std::string& id) {
  if (id != who.admin_id) return load_manageable(conn, who, id);
  return load(conn, id);
}

Admin AdminService::set_photo(const auth::Principal& who, const std::string& id, std::string body,
                              const RequestMeta& meta) {
  const UploadedImage photo = check_uploaded_image(std::move(body), "photo");
  const std::string sha256 = crypto::sha256_hex(photo.bytes);
  const std::string encoded = crypto::to_base64(photo.bytes);
  db_.write([&](storage::Connection& conn) {
    const Admin a = load_photo_owner(conn, who, id);
    conn.execute(sql::upsert_photo, sql::UpsertPhoto{.admin_id = a.id,
                                                     .media_type = photo.media_type,
                                                     .width = static_cast<std::int64_t>(photo.width),
                                                     .height = static_cast<std::int64_t>(photo.height),
                                                     .byte_count = static_cast<std::int64_t>(photo.bytes.size()),
                                                     .sha256 = sha256,
                                                     .data = encoded,
                                                     .updated_at = clock_.now()}
                                        .params());
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {a.org_id,
                   "admin.photo.update",
                   audit::Activity::write,
                   "admin",
                   a.id,
                   {{"media_type", photo.media_type},
                    {"width", photo.width},
                    {"height", photo.height},
                    {"bytes", photo.bytes.size()},
                    {"sha256", sha256}}});
  });
  return get(who, id);
}

StoredImage AdminService::photo(const auth::Principal& who, const std::string& id) {
  // Reading another administrator's photo needs what reading them needs (GET /admins/{id}).
  if (id != who.admin_id && !who.privileges.has("administrators") && !who.privileges.has("api_users"))
    throw DomainError(ErrorCode::forbidden, "This needs the administrators or api_users privilege.");
  return db_.read([&](storage::Connection& conn) {
    const Admin a = load(conn, id);
    if (!orgs::in_scope(conn, who.home_org_id, a.org_id)) throw_not_found("The administrator does not exist.");
    const auto rows = conn.query(sql::select_photo, {a.id});
    if (rows.empty()) throw_not_found("The administrator has no photo.");
    const auto& r = rows.one();
    constexpr auto c = sql::photo_columns;
    auto bytes = crypto::from_base64(r.text(c["data"]));
    if (!bytes) throw std::runtime_error("admin_photos.data of " + a.id + " is not base64");
    return StoredImage{r.text(c["media_type"]), r.text(c["sha256"]), std::move(*bytes)};
  });
}

void AdminService::remove_photo(const auth::Principal& who, const std::string& id, const RequestMeta& meta) {
  db_.write([&](storage::Connection& conn) {
    const Admin a = load_photo_owner(conn, who, id);
    if (conn.execute(sql::delete_photo, {a.id}) == 0) throw_not_found("The administrator has no photo.");
    audit::append(conn, clock_, audit::actor_of(who), meta,
                  {a.org_id, "admin.photo.delete", audit::Activity::write, "admin", a.id, {}});
  });
}

std::string resend_results_csv(const std::vector<ResendResult>& results) {
  std::string out = "admin_id,name,email,status,message\r\n";
  for (const auto& r : results)
    out += csv::line({r.admin_id, r.name, r.email, r.status, r.message}, csv::Quoting::always);
  return out;
}

}  // namespace lineport::admins
