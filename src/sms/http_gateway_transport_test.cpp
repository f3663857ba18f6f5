#include "sms/http_gateway_transport.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace lineport::sms {
namespace {

const OutgoingSms sms{"01jsmsgateway001", "+14155550123", "Activation code: 48291375", "account_invitation",
                      1767225600};

// A loopback TCP socket bound to a free port; listening (connections wait in the backlog and
// are never answered) or not (connections are refused).
class LoopbackSocket {
 public:
  explicit LoopbackSocket(bool listening) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("bind failed");
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    if (listening && ::listen(fd_, 8) != 0) throw std::runtime_error("listen failed");
  }
  ~LoopbackSocket() { ::close(fd_); }
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/sms"; }

 private:
  int fd_;
  int port_ = 0;
};

TEST(HttpGatewayTransportTest, StatusesSayWhetherToRetry) {
  for (const long status : {200L, 201L, 202L, 204L, 299L})
    EXPECT_EQ(classify_gateway_status(status).status, SendStatus::sent) << status;
  for (const long status : {408L, 429L, 500L, 502L, 503L, 504L, 599L})
    EXPECT_EQ(classify_gateway_status(status).status, SendStatus::retry) << status;
  for (const long status : {400L, 401L, 403L, 404L, 410L, 413L, 422L})
    EXPECT_EQ(classify_gateway_status(status).status, SendStatus::permanent) << status;
  EXPECT_EQ(classify_gateway_status(422).reason, "the SMS gateway answered HTTP 422");
}

TEST(HttpGatewayTransportTest, OnlyHttpUrlsAndSingleLineTokens) {
  EXPECT_THROW(HttpGatewayTransport({"ftp://gateway.test/sms"}), std::invalid_argument);
  EXPECT_THROW(HttpGatewayTransport({"gateway.test/sms"}), std::invalid_argument);
  EXPECT_THROW(HttpGatewayTransport({""}), std::invalid_argument);
  EXPECT_THROW(HttpGatewayTransport({"https://gateway.test/sms", "abc\r\nX-Evil: 1"}), std::invalid_argument);
  EXPECT_NO_THROW(HttpGatewayTransport({"https://gateway.test/sms", "secret"}));
}

TEST(HttpGatewayTransportTest, DescribeShowsNoSecrets) {
  EXPECT_EQ(HttpGatewayTransport({"https://user:pw@gateway.test:8443/v1/sms?key=k#x"}).describe(),
            "sms gateway https://gateway.test:8443/v1/sms");
  EXPECT_EQ(HttpGatewayTransport({"http://gateway.test"}).describe(), "sms gateway http://gateway.test");
}

TEST(HttpGatewayTransportTest, ARefusedConnectionIsRetried) {
  const LoopbackSocket closed(false);
  HttpGatewayTransport gateway({closed.url()});
  const SendResult result = gateway.send(sms);
  EXPECT_EQ(result.status, SendStatus::retry);
  EXPECT_NE(result.reason.find("127.0.0.1"), std::string::npos) << result.reason;
}

TEST(HttpGatewayTransportTest, AGatewayThatNeverAnswersTimesOutAndIsRetried) {
  const LoopbackSocket silent(true);
  HttpGatewayTransport gateway({silent.url(), "", 1});
  const auto before = std::chrono::steady_clock::now();
  const SendResult result = gateway.send(sms);
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(5));
  EXPECT_EQ(result.status, SendStatus::retry);
  EXPECT_NE(result.reason.find("imeout"), std::string::npos) << result.reason;
}

TEST(HttpGatewayTransportTest, AnUnsafeIdIsRefusedForGood) {
  HttpGatewayTransport gateway({"http://127.0.0.1:9/sms"});
  OutgoingSms bad = sms;
  bad.id = "x\r\nX-Evil: 1";
  EXPECT_EQ(gateway.send(bad).status, SendStatus::permanent);
}

}  // namespace
}  // namespace lineport::sms
