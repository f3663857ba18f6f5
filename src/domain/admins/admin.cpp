#include "domain/admins/admin.h"

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

bool is_language(std::string_view value) { return value == "en" || value == "es" || value == "pt"; }

Admin admin_from_row(const storage::Row& r, std::size_t f) {
  Admin a;
  a.id = r.text(f + 0);
  a.org_id = r.text(f + 1);
  a.role_id = r.text(f + 2);
  a.kind = r.text(f + 3);
  a.first_name = r.text(f + 4);
  a.last_name = r.text(f + 5);
  a.email = r.text(f + 6);
  a.device_number = r.opt_text(f + 7);
  a.timezone = r.text(f + 8);
  a.language = r.text(f + 9);
  a.address = nlohmann::json::parse(r.text(f + 10), nullptr, false);
  if (!a.address.is_object()) a.address = nlohmann::json::object();
  a.password_hash = r.text(f + 11);
  a.password_change_required = r.boolean(f + 12);
  a.login_suspended = r.boolean(f + 13);
  a.account_suspended = r.boolean(f + 14);
  a.failed_sign_ins = static_cast<int>(r.integer(f + 15));
  a.failed_window_start = r.opt_integer(f + 16);
  a.locked_until = r.opt_integer(f + 17);
  a.last_sign_in_at = r.opt_integer(f + 18);
  a.created_at = r.integer(f + 19);
  a.updated_at = r.integer(f + 20);
  const auto keys = nlohmann::json::parse(r.text(f + 21), nullptr, false);
  if (keys.is_array()) a.privileges = auth::PrivilegeSet(keys.get<std::vector<std::string>>());
  return a;
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
    if (is_valid_timezone(*patch.timezone)) admin.timezone = *patch.timezone;
    else v.fail("timezone", "Must be an IANA time zone such as \"Europe/Madrid\".");
  }
  if (patch.language) {
    if (is_language(*patch.language)) admin.language = *patch.language;
    else v.fail("language", "Must be one of en, es, pt.");
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
