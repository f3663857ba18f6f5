#pragma once
// Domain objects as the API's JSON (snake_case, RFC 3339 times, SPEC §12 field names).

#include <nlohmann/json.hpp>

#include "domain/accounts/account.h"
#include "domain/accounts/permission_groups.h"
#include "domain/admins/admin.h"
#include "domain/numbers/number_pool.h"
#include "domain/orgs/org_service.h"
#include "domain/pagination.h"
#include "domain/roles/role_service.h"
#include "http/message.h"

namespace lineport::api {

nlohmann::json view(const orgs::Org& org);
nlohmann::json view(const admins::Admin& admin);
nlohmann::json view(const roles::Role& role);
nlohmann::json view(const numbers::Number& number);
nlohmann::json view(const numbers::Utilization& utilization);
nlohmann::json view(const accounts::PermissionGroup& group);
nlohmann::json view(const accounts::Account& account);

template <class T>
nlohmann::json view(const Page<T>& page) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : page.items) items.push_back(view(item));
  return {{"items", std::move(items)},
          {"total", page.total},
          {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json()}};
}

http::Response json_response(const nlohmann::json& body, int status = 200);
// A CSV download named `filename`; the caller sets its body or its stream.
http::Response csv_attachment(const std::string& filename);

}  // namespace lineport::api
