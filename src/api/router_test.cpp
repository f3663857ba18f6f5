#include "api/router.h"

#include <gtest/gtest.h>

namespace lineport::api {
namespace {

Handler noop() {
  return [](RequestContext&) { return http::Response::no_content(); };
}

TEST(Router, MatchesParametersAndPrefersLiteralSegments) {
  Router router;
  router.add({"GET", "/api/v1/admins/{id}", signed_in(), noop()});
  router.add({"POST", "/api/v1/admins/resend-invitations", signed_in(), noop()});
  router.add({"GET", "/api/v1/admins/resend-invitations", signed_in(), noop()});

  auto m = router.match("GET", "/api/v1/admins/abc123");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/admins/{id}");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].second, "abc123");

  m = router.match("GET", "/api/v1/admins/resend-invitations");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/admins/resend-invitations");
}

TEST(Router, ParametersMayCarryALiteralSuffix) {
  Router router;
  router.add({"GET", "/api/v1/admins/resend-invitations/{batch}.csv", signed_in(), noop()});
  auto m = router.match("GET", "/api/v1/admins/resend-invitations/b123.csv");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params[0].first, "batch");
  EXPECT_EQ(m.params[0].second, "b123");
  EXPECT_EQ(router.match("GET", "/api/v1/admins/resend-invitations/b123").route, nullptr);
  EXPECT_EQ(router.match("GET", "/api/v1/admins/resend-invitations/.csv").route, nullptr);
}

// The server tells a route that runs on its network thread by the request's path alone.
TEST(Router, ARouteRunningInlineHasNoParameters) {
  Router router;
  EXPECT_NO_THROW(router.add({.method = "GET", .pattern = "/healthz", .handler = noop(), .runs_inline = true}));
  EXPECT_THROW(router.add({.method = "GET", .pattern = "/api/v1/orgs/{id}", .handler = noop(), .runs_inline = true}),
               std::logic_error);
}

// A read handler runs inside the caller's authentication, so it needs a caller; and a route has
// exactly one kind of handler.
TEST(Router, AReadHandlerIsTheRoutesOnlyHandlerAndNeedsACaller) {
  const ReadHandler reads = [](RequestContext&, storage::Connection&) { return http::Response{}; };
  Router router;
  EXPECT_NO_THROW(router.add({.method = "POST", .pattern = "/a", .requirement = signed_in(), .read_handler = reads}));
  EXPECT_THROW(router.add({.method = "POST", .pattern = "/b", .requirement = open(), .read_handler = reads}),
               std::logic_error);
  EXPECT_THROW(
      router.add(
          {.method = "POST", .pattern = "/c", .requirement = signed_in(), .handler = noop(), .read_handler = reads}),
      std::logic_error);
  EXPECT_THROW(router.add({.method = "POST", .pattern = "/d", .requirement = signed_in()}), std::logic_error);
}

TEST(Router, ReportsKnownPathWithWrongMethod) {
  Router router;
  router.add({"GET", "/api/v1/orgs/{id}", signed_in(), noop()});
  auto m = router.match("PUT", "/api/v1/orgs/x");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_known);
  m = router.match("HEAD", "/api/v1/orgs/x");
  EXPECT_NE(m.route, nullptr);
  m = router.match("GET", "/api/v1/orgs/x/unknown");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_FALSE(m.path_known);
}

}  // namespace
}  // namespace lineport::api
