#include "http/message.h"

#include <gtest/gtest.h>

namespace lineport::http {

TEST(Message, ParsesTargetAndDecodesQuery) {
  const auto t = parse_target("/api/v1/orgs/a%20b?q=S%C3%A3o+Paulo&limit=5&flag");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/api/v1/orgs/a b");
  ASSERT_EQ(t->query.size(), 3u);
  EXPECT_EQ(t->query[0].second, "São Paulo");
  EXPECT_EQ(t->query[2].first, "flag");
}

TEST(Message, RejectsTraversalAndBadEncoding) {
  EXPECT_FALSE(parse_target("/assets/../../etc/passwd"));
  EXPECT_FALSE(parse_target("/assets/%2e%2e/%2e%2e/etc/passwd"));
  EXPECT_FALSE(parse_target("/x%zz"));
  EXPECT_FALSE(parse_target("/x%4"));
  EXPECT_FALSE(parse_target("no-slash"));
}

TEST(Message, ReadsCookiesAndHeadersCaseInsensitively) {
  Request r;
  r.headers.emplace("cookie", "a=1; lineport_session=tok; b=2");
  EXPECT_EQ(r.cookie("lineport_session"), "tok");
  EXPECT_EQ(r.header("Cookie").value_or(""), "a=1; lineport_session=tok; b=2");
  EXPECT_FALSE(r.cookie("missing"));
}

}  // namespace lineport::http
