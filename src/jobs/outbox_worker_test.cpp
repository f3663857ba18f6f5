#include "jobs/outbox_worker.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace lineport::jobs {
namespace {

TEST(OutboxWorkerTest, BackoffDoublesUpToAnHour) {
  EXPECT_EQ(retry_delay_seconds(1, 5), 5);
  EXPECT_EQ(retry_delay_seconds(2, 5), 10);
  EXPECT_EQ(retry_delay_seconds(3, 5), 20);
  EXPECT_EQ(retry_delay_seconds(10, 5), 2560);
  EXPECT_EQ(retry_delay_seconds(11, 5), 3600);
  EXPECT_EQ(retry_delay_seconds(1000, 5), 3600);
  EXPECT_EQ(retry_delay_seconds(0, 5), 5);
  EXPECT_EQ(retry_delay_seconds(1, 0), 1);  // never a busy loop
}

TEST(OutboxWorkerTest, ExactlyOneTransportMustBeConfigured) {
  EXPECT_THROW(make_transport(MailSettings{}), std::invalid_argument);
  MailSettings both;
  both.spool_dir = "/tmp/x";
  both.smtp_url = "smtp://127.0.0.1:25";
  EXPECT_THROW(make_transport(both), std::invalid_argument);
  MailSettings bad_url;
  bad_url.smtp_url = "http://127.0.0.1:25";
  EXPECT_THROW(make_transport(bad_url), std::invalid_argument);
  MailSettings smtp;
  smtp.smtp_url = "smtp://user:secret@127.0.0.1:2525";
  EXPECT_EQ(make_transport(smtp)->describe(), "smtp://127.0.0.1:2525");
}

TEST(OutboxWorkerTest, AtMostOneSmsTransportIsConfigured) {
  EXPECT_EQ(make_sms_transport(MailSettings{}), nullptr);
  MailSettings both;
  both.sms_spool_dir = "/tmp/x";
  both.sms_gateway_url = "https://gateway.test/sms";
  EXPECT_THROW(make_sms_transport(both), std::invalid_argument);
  MailSettings bad_url;
  bad_url.sms_gateway_url = "smtp://gateway.test";
  EXPECT_THROW(make_sms_transport(bad_url), std::invalid_argument);
  MailSettings gateway;
  gateway.sms_gateway_url = "https://gateway.test/sms?key=secret";
  gateway.sms_gateway_token = "t0ken";
  EXPECT_EQ(make_sms_transport(gateway)->describe(), "sms gateway https://gateway.test/sms");
}

}  // namespace
}  // namespace lineport::jobs
