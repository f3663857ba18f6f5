// Health probes, metrics, the OpenAPI document and the privilege catalog.

#include <nlohmann/json.hpp>

#include "api/routes.h"
#include "api/views.h"
#include "domain/auth/privileges.h"
#include "util/resources.h"

namespace lineport::api {

void add_system_routes(Router& router, Services& services) {
  router.add({.method = "GET",
              .pattern = "/healthz",
              .requirement = open(),
              .handler =
                  [](RequestContext&) {
                    return json_response({{"status", "ok"}});
                  },
              .runs_inline = true});

  router.add({"GET", "/readyz", open(), [&services](RequestContext&) {
                const bool ready = services.db.ping();
                return json_response({{"status", ready ? "ready" : "database unreachable"}}, ready ? 200 : 503);
              }});

  // Only for the addresses the operator allows (--metrics-allow); everyone else is told there is
  // no such path, as for any unknown one.
  router.add({"GET", "/metrics", open(), [&services](RequestContext& context) {
                if (!services.metrics || !services.metrics->allows(context.request.client_ip))
                  throw_not_found("No such endpoint: GET /metrics");
                http::Response r{.status = 200, .body = services.metrics->render(services.db)};
                r.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                r.header("Cache-Control", "no-cache");
                return r;
              }});

  router.add({"GET", "/api/v1/openapi.json", open(), [](RequestContext&) {
                http::Response r =
                    http::Response::json(std::string(resources::find("src/api/openapi.json").value_or("{}")));
                r.header("Cache-Control", "no-cache");
                return r;
              }});

  router.add({"GET", "/api/v1/privileges", signed_in(),
              [](RequestContext&) { return json_response(items_view(auth::privilege_catalog())); }});
}

}  // namespace lineport::api
