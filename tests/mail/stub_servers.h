#pragma once
// Peers written for the delivery tests, run on a thread of the test process on a loopback port:
// an HTTP SMS gateway that answers scripted statuses and records what it received, and an SMTP
// server that refuses every recipient with a scripted reply (aiosmtpd accepts everything).

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lineport::mail_test {

// Accepts loopback connections on a free port and hands each to `serve`, one at a time, on its
// own thread until destroyed.
class LoopbackListener {
 public:
  explicit LoopbackListener(std::function<void(int fd)> serve);
  ~LoopbackListener();
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;
  int port() const { return port_; }

 private:
  void run();
  std::function<void(int)> serve_;
  int listen_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};
  int port_ = 0;
  std::thread thread_;
};

struct GatewayRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

class HttpGatewayStub {
 public:
  HttpGatewayStub();
  // Answers the next requests with `statuses` in order, then every later one with `then`.
  // `body` goes with every answer.
  void answer(std::vector<int> statuses, int then = 200, std::string body = "{}");
  std::string url() const;  // http://127.0.0.1:<port>/v1/sms
  std::vector<GatewayRequest> requests() const;

 private:
  void serve(int fd);
  mutable std::mutex mutex_;
  std::deque<int> statuses_;
  int then_ = 200;
  std::string body_ = "{}";
  std::vector<GatewayRequest> requests_;
  LoopbackListener listener_;  // last: stops before the members above go
};

// Speaks just enough SMTP for libcurl and answers every RCPT TO with `rcpt_reply`, e.g.
// "550 5.1.1 No such user" or "451 4.3.0 Try again later".
class RefusingSmtpServer {
 public:
  explicit RefusingSmtpServer(std::string rcpt_reply);
  std::string url() const;
  int refusals() const { return refusals_; }

 private:
  void serve(int fd);
  std::string rcpt_reply_;
  std::atomic<int> refusals_{0};
  LoopbackListener listener_;
};

}  // namespace lineport::mail_test
