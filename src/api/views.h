#pragma once
// Domain objects as the API's JSON (snake_case, RFC 3339 times, docs/product.md#http-api-conventions field names).

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "domain/accounts/account.h"
#include "domain/accounts/account_service.h"
#include "domain/accounts/permission_groups.h"
#include "domain/admins/admin.h"
#include "domain/admins/admin_service.h"
#include "domain/alerts/alerts.h"
#include "domain/auth/privileges.h"
#include "domain/numbers/number_pool.h"
#include "domain/numbers/number_service.h"
#include "domain/orgs/org_service.h"
#include "domain/pagination.h"
#include "domain/roles/role_service.h"
#include "domain/uploaded_image.h"
#include "http/message.h"
#include "util/clock.h"
#include "util/json_writer.h"

namespace lineport::api {

nlohmann::json view(const orgs::Org& org);
nlohmann::json view(const admins::Admin& admin);
nlohmann::json view(const roles::Role& role);
nlohmann::json view(const numbers::Number& number);
nlohmann::json view(const numbers::Utilization& utilization);
nlohmann::json view(const accounts::PermissionGroup& group);
nlohmann::json view(const accounts::Account& account);
void write(JsonWriter& w, const accounts::Account& account);
nlohmann::json view(const accounts::AccountResult& result);
nlohmann::json view(const accounts::MoveOption& option);
nlohmann::json view(const admins::ResendResult& result);
nlohmann::json view(const alerts::AlertSetting& setting);
nlohmann::json view(const numbers::ItemResult& result);
nlohmann::json view(const numbers::SubOrgNumbers& pool);
nlohmann::json view(const auth::Privilege& privilege);

// [view(item), …]
template <class T>
nlohmann::json views(const std::vector<T>& items) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& item : items) out.push_back(view(item));
  return out;
}

// {"items": [...]}: a list that is never paged (it is short by nature).
template <class T>
nlohmann::json items_view(const std::vector<T>& items) {
  return {{"items", views(items)}};
}

template <class T>
nlohmann::json view(const Page<T>& page) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : page.items) items.push_back(view(item));
  return {{"items", std::move(items)},
          {"total", page.total},
          {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json()}};
}

// A page written straight as text as its items arrive, for items that have a
// write(JsonWriter&, item): the pages the portal serves most (docs/performance.md#read-path).
class PageWriter {
 public:
  explicit PageWriter(int expected_items) : w_(128 + static_cast<std::size_t>(expected_items) * 1024) {
    w_.begin_object().key("items").begin_array();
  }
  template <class T>
  void item(const T& t) {
    write(w_, t);
  }
  http::Response finish(const PageInfo& info) && {
    w_.end_array().key("total").value(info.total).key("next_cursor").value(info.next_cursor).end_object();
    return http::Response::json(std::move(w_).take());
  }

 private:
  JsonWriter w_;
};

// An optional time as RFC 3339, or null.
nlohmann::json time_or_null(const std::optional<UnixSeconds>& t);

http::Response json_response(const nlohmann::json& body, int status = 200);
// The JSON `body()` with its validator `etag` (quoted), or 304 without building it when the
// request's If-None-Match names it: documents a client keeps and revalidates (the call-filter
// rules, the app's configuration).
http::Response json_with_etag(const http::Request& request, const std::string& etag,
                              const std::function<nlohmann::json()>& body);
// A CSV download named `filename`; the caller sets its body or its stream.
http::Response csv_attachment(const std::string& filename);
// The `format` a download route was asked for: "json" (the default) or "csv"; 422 naming
// `format` otherwise.
std::string json_or_csv(const http::Request& request);

// An uploaded image's bytes as stored (photos, logos), with the headers that keep it an image: its
// own type (from its content), nosniff (added to every answer), and a cache that only the
// signed-in browser keeps and revalidates by the image's SHA-256.
http::Response image_response(const StoredImage& image, const http::Request& request);

}  // namespace lineport::api
