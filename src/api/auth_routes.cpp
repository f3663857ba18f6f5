// Sign-in, sign-out, the signed-in admin's own record, password change.

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "api/dispatcher.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"

namespace lineport::api {
namespace {

http::Response session_response(Services& s, RequestContext& ctx, const auth::SignInResult& result) {
  http::Response r = json_response({{"admin", view(result.admin)},
                                    {"csrf_token", result.csrf_token},
                                    {"password_change_required", result.admin.password_change_required}});
  r.header("Set-Cookie", session_cookie_header(result.session_token, s.auth.policy().absolute_lifetime,
                                               s.secure_cookies || ctx.request.secure));
  return r;
}

nlohmann::json me_body(Services& s, const auth::Principal& who, const std::string& csrf_token) {
  const admins::Admin admin = s.auth.load_admin(who.admin_id);
  nlohmann::json org = nlohmann::json::object();
  if (!who.password_change_required) org = view(s.orgs.get(who, who.home_org_id));
  return {{"admin", view(admin)},
          {"totp_enabled", s.auth.totp_enabled(admin.id)},
          {"org", org},
          {"privileges", who.privileges.keys()},
          {"csrf_token", csrf_token},
          {"preferences", s.auth.preferences(admin.id)},
          {"password_change_required", admin.password_change_required}};
}

http::Response sign_in(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"email", "password"});
  const auto email = in.string("email", true);
  const auto password = in.string("password", true);
  in.finish();
  const auto outcome = s.auth.sign_in(*email, *password, ctx.meta);
  if (outcome.challenge)
    return json_response(
        {{"two_factor_required", true}, {"challenge", *outcome.challenge}, {"methods", outcome.methods}});
  return session_response(s, ctx, *outcome.session);
}

http::Response send_pin(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"challenge"});
  const auto challenge = in.string("challenge", true);
  in.finish();
  s.auth.send_pin(*challenge, ctx.meta);
  return http::Response::no_content();
}

http::Response verify_pin(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"challenge", "pin", "totp_code", "recovery_code"});
  const auto challenge = in.string("challenge", true);
  const auto pin = in.string("pin");
  const auto code = in.string("totp_code");
  const auto recovery = in.string("recovery_code");
  if (!!pin + !!code + !!recovery != 1)
    in.validator().fail("pin", "Send exactly one of pin, totp_code or recovery_code.");
  in.finish();
  using Factor = auth::AuthService::Factor;
  const auto factor = pin ? Factor::email_pin : code ? Factor::totp_code : Factor::recovery_code;
  return session_response(s, ctx,
                          s.auth.verify_second_factor(*challenge, factor,
                                                      pin    ? *pin
                                                      : code ? *code
                                                             : *recovery,
                                                      ctx.meta));
}

http::Response forgot(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"email"});
  const auto email = in.string("email", true);
  in.finish();
  s.auth.forgot_password(*email, ctx.meta);
  // The same answer whether or not the email exists.
  http::Response r =
      json_response({{"detail", "If the address belongs to an administrator, a message is on its way."}}, 202);
  return r;
}

http::Response reset(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"token", "new_password"});
  const auto token = in.string("token", true);
  const auto password = in.string("new_password", true);
  in.finish();
  s.auth.reset_password(*token, *password, ctx.meta);
  return http::Response::no_content();
}

// RFC 7617: "Basic base64(email:password)".
std::pair<std::string, std::string> basic_credentials(const http::Request& request) {
  const auto header = request.header("Authorization").value_or("");
  if (!header.starts_with("Basic ") || header.size() > 2048)
    throw DomainError(ErrorCode::unauthenticated, "Send the API user's credentials with HTTP Basic authentication.");
  const std::string encoded(header.substr(6));
  std::string decoded(encoded.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(), encoded.data(),
                        encoded.size(), nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    throw DomainError(ErrorCode::bad_request, "The Basic credentials are not valid base64.");
  decoded.resize(length);
  const auto colon = decoded.find(':');
  if (colon == std::string::npos)
    throw DomainError(ErrorCode::bad_request, "The Basic credentials need user:password.");
  return {decoded.substr(0, colon), decoded.substr(colon + 1)};
}

http::Response issue_token(Services& s, RequestContext& ctx) {
  const auto [user, password] = basic_credentials(ctx.request);
  const auto token = s.auth.issue_api_token(user, password, ctx.meta);
  return json_response(
      {{"access_token", token.access_token}, {"token_type", "Bearer"}, {"expires_in", token.expires_in}});
}

http::Response sign_out(Services& s, RequestContext& ctx) {
  s.auth.sign_out(ctx.who(), ctx.meta);
  http::Response r = http::Response::no_content();
  r.header("Set-Cookie", session_cookie_header("", 0, s.secure_cookies || ctx.request.secure));
  return r;
}

http::Response change_password(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"current_password", "new_password"});
  const auto current = in.string("current_password", true);
  const auto replacement = in.string("new_password", true);
  in.finish();
  s.auth.change_password(ctx.who(), *current, *replacement, ctx.meta);
  return http::Response::no_content();
}

http::Response update_profile(Services& s, RequestContext& ctx) {
  const auto body = ctx.json_body();
  JsonInput in(body, {"first_name", "last_name", "device_number", "timezone", "language", "address"});
  admins::ProfilePatch patch;
  patch.first_name = in.string("first_name");
  patch.last_name = in.string("last_name");
  patch.device_number = in.nullable_string("device_number");
  patch.timezone = in.string("timezone");
  patch.language = in.string("language");
  patch.address = in.object("address");
  in.finish();
  return json_response(view(s.auth.update_own_profile(ctx.who(), patch, ctx.meta)));
}

}  // namespace

void add_auth_routes(Router& router, Services& s) {
  router.add({"POST", "/api/v1/auth/login", open(), [&s](RequestContext& c) { return sign_in(s, c); }, BodyKind::json});
  router.add({"POST", "/api/v1/auth/token", open(), [&s](RequestContext& c) { return issue_token(s, c); }});
  router.add(
      {"POST", "/api/v1/auth/2fa/send", open(), [&s](RequestContext& c) { return send_pin(s, c); }, BodyKind::json});
  router.add({"POST", "/api/v1/auth/2fa/verify", open(), [&s](RequestContext& c) { return verify_pin(s, c); },
              BodyKind::json});
  router.add({"POST", "/api/v1/auth/totp/enroll", signed_in(), [&s](RequestContext& c) {
                const auto e = s.auth.begin_totp(c.who());
                return json_response({{"secret", e.secret}, {"otpauth_url", e.provisioning_url}});
              }});
  router.add({"POST", "/api/v1/auth/totp/confirm", signed_in(),
              [&s](RequestContext& c) {
                const auto body = c.json_body();
                JsonInput in(body, {"code"});
                const auto code = in.string("code", true);
                in.finish();
                return json_response({{"recovery_codes", s.auth.confirm_totp(c.who(), *code, c.meta)}});
              },
              BodyKind::json});
  router.add({"POST", "/api/v1/auth/totp/disable", signed_in(),
              [&s](RequestContext& c) {
                const auto body = c.json_body();
                JsonInput in(body, {"password"});
                const auto password = in.string("password", true);
                in.finish();
                s.auth.disable_totp(c.who(), *password, c.meta);
                return http::Response::no_content();
              },
              BodyKind::json});
  router.add({"POST", "/api/v1/auth/forgot", open(), [&s](RequestContext& c) { return forgot(s, c); }, BodyKind::json});
  router.add({"POST", "/api/v1/auth/reset", open(), [&s](RequestContext& c) { return reset(s, c); }, BodyKind::json});
  router.add(
      {"POST", "/api/v1/auth/logout", pending_password_ok(), [&s](RequestContext& c) { return sign_out(s, c); }});
  router.add({"GET", "/api/v1/auth/me", pending_password_ok(),
              [&s](RequestContext& c) { return json_response(me_body(s, c.who(), c.who().csrf_token)); }});
  router.add({"PATCH", "/api/v1/auth/me", signed_in(), [&s](RequestContext& c) { return update_profile(s, c); },
              BodyKind::json});
  router.add({"PATCH", "/api/v1/auth/me/preferences", signed_in(),
              [&s](RequestContext& c) {
                const auto body = c.json_body();
                if (!body.is_object())
                  throw DomainError(ErrorCode::validation_failed, "The body must be a JSON object.",
                                    {{"body", "Must be a JSON object."}});
                return json_response(s.auth.update_preferences(c.who(), body));
              },
              BodyKind::json});
  router.add({"POST", "/api/v1/auth/password", pending_password_ok(),
              [&s](RequestContext& c) { return change_password(s, c); }, BodyKind::json});
}

}  // namespace lineport::api
