#include "domain/admins/admin.h"

#include "storage/queries/admins.h"
#include "util/clock.h"
#include "util/phone.h"
#include "util/text.h"

namespace lineport::admins {
namespace {

void check_name(const std::string& field, const std::string& value, Validator& v) {
  const auto n = text::code_points(value);
  if (!text::is_valid_utf8(value) || text::has_control_chars(value) || n < 1 || n > 100)
    v.fail(field, "Must be 1 to 100 characters.");
}

}  // namespace

bool is_language(std::string_view value) {
  return value == "en" || value == "es" || value == "pt";
}

Admin admin_from_row(const storage::Row& r) {
  constexpr auto c = storage::sql::admins::admin_columns;
  Admin a;
  a.id = r.text(c["id"]);
  a.org_id = r.text(c["org_id"]);
  a.role_id = r.text(c["role_id"]);
  a.kind = r.text(c["kind"]);
  a.first_name = r.text(c["first_name"]);
  a.last_name = r.text(c["last_name"]);
  a.email = r.text(c["email"]);
  a.device_number = r.opt_text(c["device_number"]);
  a.timezone = r.text(c["timezone"]);
  a.language = r.text(c["language"]);
  a.address = nlohmann::json::parse(r.text(c["address"]), nullptr, false);
  if (!a.address.is_object()) a.address = nlohmann::json::object();
  a.password_hash = r.text(c["password_hash"]);
  a.password_change_required = r.boolean(c["password_change_required"]);
  a.login_suspended = r.boolean(c["login_suspended"]);
  a.account_suspended = r.boolean(c["account_suspended"]);
  a.last_sign_in_at = r.opt_integer(c["last_sign_in_at"]);
  a.created_at = r.integer(c["created_at"]);
  a.updated_at = r.integer(c["updated_at"]);
  a.privileges = auth::PrivilegeSet::from_json(r.text(c["privileges"]));
  a.photo_version = r.opt_text(c["photo_version"]);
  return a;
}

storage::sql::admins::ProfileFields profile_fields(const Admin& a) {
  return {.first_name = a.first_name,
          .last_name = a.last_name,
          .device_number = a.device_number,
          .timezone = a.timezone,
          .language = a.language,
          .address = a.address.dump()};
}

void compare_profiles(audit::Changes& changes, const Admin& before, const Admin& after) {
  changes.compare("first_name", before.first_name, after.first_name);
  changes.compare("last_name", before.last_name, after.last_name);
  changes.compare("device_number", before.device_number, after.device_number);
  changes.compare("timezone", before.timezone, after.timezone);
  changes.compare("language", before.language, after.language);
  changes.compare("address", before.address, after.address);
}

void apply_profile_patch(Admin& admin, const ProfilePatch& patch, Validator& v) {
  if (patch.first_name) {
    admin.first_name = text::trim(*patch.first_name);
    check_name("first_name", admin.first_name, v);
  }
  if (patch.last_name) {
    admin.last_name = text::trim(*patch.last_name);
    check_name("last_name", admin.last_name, v);
  }
  if (patch.device_number) {
    if (!*patch.device_number || text::trim(**patch.device_number).empty()) {
      admin.device_number.reset();
    } else if (auto e164 = phone::normalize_e164(**patch.device_number)) {
      admin.device_number = *e164;
    } else {
      v.fail("device_number", "Must be a valid phone number in international form, such as +14155550123.");
    }
  }
  if (patch.timezone) {
    if (is_valid_timezone(*patch.timezone))
      admin.timezone = *patch.timezone;
    else
      v.fail("timezone", "Must be an IANA time zone such as \"Europe/Madrid\".");
  }
  if (patch.language) {
    if (is_language(*patch.language))
      admin.language = *patch.language;
    else
      v.fail("language", "Must be one of en, es, pt.");
  }
  if (patch.address) {
    static constexpr std::string_view fields[] = {"street", "city", "state", "postal_code", "country"};
    if (!patch.address->is_object()) {
      v.fail("address", "Must be an object with street, city, state, postal_code and country.");
    } else {
      nlohmann::json clean = nlohmann::json::object();
      for (const auto& [key, value] : patch.address->items()) {
        if (std::find(std::begin(fields), std::end(fields), key) == std::end(fields)) {
          v.fail("address." + key, "Unknown field.");
        } else if (!value.is_null() && (!value.is_string() || text::code_points(value.get<std::string>()) > 200 ||
                                        !text::is_valid_utf8(value.get<std::string>()))) {
          v.fail("address." + key, "Must be text of at most 200 characters.");
        } else if (value.is_string() && !value.get<std::string>().empty()) {
          clean[key] = text::trim(value.get<std::string>());
        }
      }
      admin.address = std::move(clean);
    }
  }
}

}  // namespace lineport::admins
