// Webhook signatures against the Standard Webhooks test vector, the destination rules, and the
// retry schedule.

#include <gtest/gtest.h>

#include "domain/webhooks/destination.h"
#include "domain/webhooks/signature.h"
#include "jobs/webhook_worker.h"
#include "util/crypto.h"

namespace lineport::webhooks {
namespace {

TEST(WebhookSignature, MatchesTheStandardWebhooksTestVector) {
  crypto::initialize();
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  EXPECT_EQ(sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  const auto header = signature_header({secret, new_secret()}, "msg_1", 1, "{}");
  EXPECT_EQ(header.find("v1,"), 0u);
  EXPECT_NE(header.find(" v1,"), std::string::npos);
  EXPECT_THROW(sign("nope", "msg_1", 1, "{}"), std::invalid_argument);
  const auto fresh = new_secret();
  ASSERT_TRUE(secret_key(fresh).has_value());
  EXPECT_EQ(secret_key(fresh)->size(), 32u);
}

TEST(WebhookDestination, InternalAddressesAreKnown) {
  for (const char* a : {"127.0.0.1",
                        "10.1.2.3",
                        "172.16.0.1",
                        "172.31.255.255",
                        "192.168.1.1",
                        "169.254.169.254",
                        "100.64.0.1",
                        "0.0.0.0",
                        "224.0.0.1",
                        "255.255.255.255",
                        "::1",
                        "::",
                        "fe80::1",
                        "fd00:ec2::254",
                        "fc00::1",
                        "::ffff:127.0.0.1",
                        "::ffff:10.0.0.1",
                        "64:ff9b::a00:1",
                        "64:ff9b:1:a00:1::",
                        "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                        "2001:db8::1",
                        "100::1",
                        "2002:c0a8:101::1",
                        "ff02::1",
                        "not an address",
                        "2130706433"})
    EXPECT_TRUE(is_internal_address(a)) << a;
  for (const char* a : {"93.184.216.34", "172.32.0.1", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8",
                        "64:ff9b::808:808", "2001:4860:4860::8888"})
    EXPECT_FALSE(is_internal_address(a)) << a;
}

TEST(WebhookDestination, UrlsAreHttpOrHttpsWithAHostAndNoCredentials) {
  std::string why;
  auto d = parse_url("https://Hooks.Example.com/in?x=1", why);
  ASSERT_TRUE(d.has_value()) << why;
  EXPECT_EQ(d->scheme, "https");
  EXPECT_EQ(d->host, "hooks.example.com");
  EXPECT_EQ(d->port, 443);
  d = parse_url("http://[2606:4700::1]:8443/x", why);
  ASSERT_TRUE(d.has_value()) << why;
  EXPECT_EQ(d->host, "2606:4700::1");
  EXPECT_EQ(d->port, 8443);
  for (const char* bad : {"ftp://h/x", "https://", "https://u:p@h/x", "https://h:0/", "https://h:70000/",
                          "https://h/#f", "https://h x/", "https://[::1/", "https://ho_st/", "//h/x"}) {
    why.clear();
    EXPECT_FALSE(parse_url(bad, why).has_value()) << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
  EXPECT_FALSE(parse_url("https://h/" + std::string(2100, 'a'), why).has_value());
}

TEST(WebhookRetries, BackOffOverAboutTwoDaysWithJitter) {
  std::int64_t total = 0;
  for (int attempt = 1; attempt < jobs::webhook_max_attempts; ++attempt) total += jobs::webhook_retry_delay(attempt);
  EXPECT_EQ(jobs::webhook_retry_delay(1), 5);
  EXPECT_EQ(jobs::webhook_retry_delay(2), 30);
  EXPECT_GE(total, days(2));
  EXPECT_LE(total, days(2) + hours(6));
  for (int i = 0; i < 200; ++i) {
    const auto d = jobs::webhook_retry_delay_with_jitter(6);
    EXPECT_GE(d, 2880);
    EXPECT_LE(d, 4320);
  }
}

}  // namespace
}  // namespace lineport::webhooks
