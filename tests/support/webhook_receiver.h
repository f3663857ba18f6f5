#pragma once
// A real HTTP receiver for webhook tests: a loopback server on a thread that answers each
// request with the status the test chooses, keeps what it received, checks signatures with its
// own implementation of the Standard Webhooks scheme (libsodium, not the server's code), and can
// go down (stop listening) and come back on the same port.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace lineport::testing {

struct ReceivedWebhook {
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// True when one of the space-separated "v1,<base64>" signatures of `signature_header` is the
// HMAC-SHA256, under the key of `secret` ("whsec_" + base64), of "<id>.<timestamp>.<body>".
bool signature_verifies(const std::string& secret, const std::string& id, const std::string& timestamp,
                        const std::string& body, const std::string& signature_header);

class WebhookReceiver {
 public:
  WebhookReceiver();  // listening, answering 200
  ~WebhookReceiver();

  std::string url(const std::string& path = "/hooks") const;
  std::uint16_t port() const { return port_; }

  // The status of the next answers (200 until changed).
  void answer(int status) { status_ = status; }
  // Holds the answers: requests are read and kept but answered only after release() (a receiver
  // that hangs, so that a test can kill the server in the middle of a request).
  void hold();
  void release();
  // Stops listening: connections are refused until up().
  void down();
  void up();

  // Waits (up to `seconds`) until `count` requests arrived; returns all of them, oldest first.
  std::vector<ReceivedWebhook> wait_for(std::size_t count, int seconds = 10);
  std::vector<ReceivedWebhook> received();

 private:
  void listen_on(std::uint16_t port);
  void serve(int listener);

  std::uint16_t port_ = 0;
  std::atomic<int> status_{200};
  bool holding_ = false;  // guarded by mutex_
  std::condition_variable released_;
  int listener_ = -1;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<ReceivedWebhook> received_;
};

}  // namespace lineport::testing
