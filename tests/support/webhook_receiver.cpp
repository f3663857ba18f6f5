#include "support/webhook_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <sstream>
#include <stdexcept>

namespace lineport::testing {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string base64_decode(const std::string& text) {
  std::string out(text.size(), '\0');
  std::size_t size = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &size, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return "";
  out.resize(size);
  return out;
}

// Reads one request (headers, then Content-Length bytes of body); false when the peer closed.
bool read_request(int fd, ReceivedWebhook& out) {
  std::string data;
  std::array<char, 4096> buf{};
  std::size_t header_end = std::string::npos;
  while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
    const auto n = ::recv(fd, buf.data(), buf.size(), 0);
    if (n <= 0) return false;
    data.append(buf.data(), static_cast<std::size_t>(n));
  }
  std::istringstream lines(data.substr(0, header_end));
  std::string line;
  std::getline(lines, line);  // request line
  std::size_t length = 0;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    auto value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    out.headers[lower(line.substr(0, colon))] = value;
  }
  if (const auto it = out.headers.find("content-length"); it != out.headers.end()) length = std::stoul(it->second);
  out.body = data.substr(header_end + 4);
  while (out.body.size() < length) {
    const auto n = ::recv(fd, buf.data(), buf.size(), 0);
    if (n <= 0) return false;
    out.body.append(buf.data(), static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

bool signature_verifies(const std::string& secret, const std::string& id, const std::string& timestamp,
                        const std::string& body, const std::string& signature_header) {
  if (secret.rfind("whsec_", 0) != 0) return false;
  const std::string key = base64_decode(secret.substr(6));
  const std::string content = id + "." + timestamp + "." + body;
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(content.data()), content.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  std::istringstream parts(signature_header);
  std::string part;
  while (parts >> part) {
    if (part.rfind("v1,", 0) != 0) continue;
    const std::string given = base64_decode(part.substr(3));
    if (given.size() == mac.size() && sodium_memcmp(given.data(), mac.data(), mac.size()) == 0) return true;
  }
  return false;
}

WebhookReceiver::WebhookReceiver() {
  if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
  listen_on(0);
}

WebhookReceiver::~WebhookReceiver() {
  release();
  down();
}

std::string WebhookReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void WebhookReceiver::listen_on(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0)
    throw std::runtime_error("webhook receiver: cannot listen");
  socklen_t size = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size);
  port_ = ntohs(addr.sin_port);
  listener_ = fd;
  thread_ = std::thread([this, fd] { serve(fd); });
}

void WebhookReceiver::down() {
  if (listener_ < 0) return;
  ::shutdown(listener_, SHUT_RDWR);
  thread_.join();
  ::close(listener_);
  listener_ = -1;
}

void WebhookReceiver::up() {
  if (listener_ < 0) listen_on(port_);
}

void WebhookReceiver::serve(int listener) {
  for (;;) {
    const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return;  // shut down
    ReceivedWebhook r;
    if (read_request(fd, r)) {
      const int status = status_.load();
      {
        std::lock_guard lock(mutex_);
        received_.push_back(std::move(r));
      }
      arrived_.notify_all();
      {
        std::unique_lock lock(mutex_);
        released_.wait_for(lock, std::chrono::seconds(60), [&] { return !holding_; });
      }
      const std::string body = "answer " + std::to_string(status);
      const std::string reply = "HTTP/1.1 " + std::to_string(status) +
                                " X\r\nContent-Length: " + std::to_string(body.size()) +
                                "\r\nConnection: close\r\n\r\n" + body;
      (void)::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
    }
    ::close(fd);
  }
}

void WebhookReceiver::hold() {
  std::lock_guard lock(mutex_);
  holding_ = true;
}

void WebhookReceiver::release() {
  {
    std::lock_guard lock(mutex_);
    holding_ = false;
  }
  released_.notify_all();
}

std::vector<ReceivedWebhook> WebhookReceiver::wait_for(std::size_t count, int seconds) {
  std::unique_lock lock(mutex_);
  arrived_.wait_for(lock, std::chrono::seconds(seconds), [&] { return received_.size() >= count; });
  return received_;
}

std::vector<ReceivedWebhook> WebhookReceiver::received() {
  std::lock_guard lock(mutex_);
  return received_;
}

}  // namespace lineport::testing
