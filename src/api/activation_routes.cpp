// The app's side (docs/product.md#user-accounts-and-invitations, docs/app.md): numbers to choose from, activation,
// the privacy choice, then the configuration, heartbeats, the logo and in-app messages. No administrator credentials:
// the invitation's login and activation code, then the device token.

#include <nlohmann/json.hpp>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"
#include "util/crypto.h"

namespace lineport::api {
namespace {

std::string device_token(const http::Request& request) {
  const auto authorization = request.header("Authorization").value_or("");
  if (!authorization.starts_with("Bearer ") || authorization.size() <= 7)
    throw DomainError(ErrorCode::unauthenticated, "Send the device token as Authorization: Bearer <token>.");
  return std::string(authorization.substr(7));
}

// The login and activation code that the app and the activation page both send.
struct LoginAndCode {
  std::string login, code;
};

LoginAndCode login_and_code(RequestContext& c) {
  const auto body = c.json_body();
  JsonInput in(body, {"login", "activation_code"});
  LoginAndCode out{in.string("login", true).value_or(""), in.string("activation_code", true).value_or("")};
  in.finish();
  return out;
}

}  // namespace

void add_activation_routes(Router& router, Services& s) {
  router.add({"POST", "/api/v1/activation/numbers", open(),
              [&s](RequestContext& c) {
                const auto [login, code] = login_and_code(c);
                return json_response({{"items", s.activation.numbers(login, code, c.meta)}});
              },
              BodyKind::json});
  // The portal's activation page (/activate?login=…&code=…): the same checks and counts as above.
  router.add({"POST", "/api/v1/activation/invitation", open(),
              [&s](RequestContext& c) {
                const auto [login, code] = login_and_code(c);
                const auto card = s.activation.invitation(login, code, c.meta);
                return json_response({{"first_name", card.first_name},
                                      {"last_name", card.last_name},
                                      {"login", card.login},
                                      {"org_name", card.org_name},
                                      {"activation_code", card.activation_code},
                                      {"activation_link", card.activation_link},
                                      {"qr_code", "data:image/png;base64," + crypto::to_base64(card.qr_png)}});
              },
              BodyKind::json});
  router.add({"POST", "/api/v1/activation", open(),
              [&s](RequestContext& c) {
                const auto body = c.json_body();
                JsonInput in(body, {"login", "activation_code", "device_number", "multiline_number", "platform"});
                accounts::ActivationRequest request;
                request.login = in.string("login", true).value_or("");
                request.activation_code = in.string("activation_code", true).value_or("");
                request.device_number = in.string("device_number", true).value_or("");
                request.multiline_number = in.string("multiline_number");
                request.platform = in.string("platform");
                in.finish();
                const auto activated = s.activation.activate(request, c.meta);
                return json_response(
                    {{"device_token", activated.device_token}, {"multiline_number", activated.multiline_number}});
              },
              BodyKind::json});
  router.add({"POST", "/api/v1/app/privacy", open(),
              [&s](RequestContext& c) {
                const auto token = device_token(c.request);
                const auto body = c.json_body();
                JsonInput in(body, {"accepted"});
                const auto accepted = in.boolean("accepted");
                if (!accepted) in.validator().fail("accepted", "Is required (true or false).");
                in.finish();
                return json_response({{"status", s.activation.record_privacy_choice(token, *accepted, c.meta)}});
              },
              BodyKind::json});
  // What applies to the user, revalidated with If-None-Match (docs/app.md).
  router.add({"GET", "/api/v1/app/config", open(), [&s](RequestContext& c) {
                const auto config = s.app.config(device_token(c.request));
                return json_with_etag(c.request, config.etag, [&] { return config.document; });
              }});
  router.add({"POST", "/api/v1/app/heartbeat", open(),
              [&s](RequestContext& c) {
                const auto token = device_token(c.request);
                const auto body = c.json_body();
                JsonInput in(body, {"platform", "app_version", "os_version"});
                mobile::Heartbeat beat{in.string("platform"), in.string("app_version"), in.string("os_version")};
                in.finish();
                s.app.heartbeat(token, beat);
                return http::Response::no_content();
              },
              BodyKind::json});
  router.add({"GET", "/api/v1/app/logo", open(),
              [&s](RequestContext& c) { return image_response(s.app.logo(device_token(c.request)), c.request); }});
  router.add({"GET", "/api/v1/app/messages", open(), [&s](RequestContext& c) {
                nlohmann::json items = nlohmann::json::array();
                for (const auto& m : s.app.messages(device_token(c.request)))
                  items.push_back({{"id", m.id},
                                   {"text", m.text},
                                   {"starts_at", to_rfc3339(m.starts_at)},
                                   {"expires_at", to_rfc3339(m.expires_at)},
                                   {"read", m.read}});
                return json_response({{"items", std::move(items)}});
              }});
  router.add({"POST", "/api/v1/app/messages/{id}/read", open(), [&s](RequestContext& c) {
                s.app.mark_read(device_token(c.request), c.param("id"));
                return http::Response::no_content();
              }});
}

}  // namespace lineport::api
