#include "mail/stub_servers.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace lineport::mail_test {
namespace {

constexpr int io_timeout_ms = 5000;  // a test that goes wrong fails instead of hanging

// Reads until `delimiter` has arrived; false when the peer closed or went quiet.
bool read_until(int fd, std::string& buffer, std::string_view delimiter) {
  while (buffer.find(delimiter) == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, io_timeout_ms) <= 0) return false;
    char chunk[4096];
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  return true;
}

bool read_at_least(int fd, std::string& buffer, std::size_t size) {
  while (buffer.size() < size) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, io_timeout_ms) <= 0) return false;
    char chunk[4096];
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  return true;
}

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Takes one line (without CRLF) off the front of `buffer`.
std::string take_line(std::string& buffer) {
  const auto end = buffer.find("\r\n");
  std::string line = buffer.substr(0, end);
  buffer.erase(0, end + 2);
  return line;
}

std::string reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

}  // namespace

LoopbackListener::LoopbackListener(std::function<void(int)> serve) : serve_(std::move(serve)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 16) != 0 || ::pipe2(stop_pipe_, O_CLOEXEC) != 0)
    throw std::runtime_error("cannot listen on a loopback port");
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { run(); });
}

LoopbackListener::~LoopbackListener() {
  const char stop = 'x';
  if (::write(stop_pipe_[1], &stop, 1) != 1) std::abort();  // the thread would never end
  thread_.join();
  ::close(listen_fd_);
  ::close(stop_pipe_[0]);
  ::close(stop_pipe_[1]);
}

void LoopbackListener::run() {
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) return;
    if (fds[1].revents != 0) return;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    serve_(fd);
    ::close(fd);
  }
}

HttpGatewayStub::HttpGatewayStub() : listener_([this](int fd) { serve(fd); }) {}

void HttpGatewayStub::answer(std::vector<int> statuses, int then, std::string body) {
  std::lock_guard lock(mutex_);
  statuses_.assign(statuses.begin(), statuses.end());
  then_ = then;
  body_ = std::move(body);
}

std::string HttpGatewayStub::url() const {
  return "http://127.0.0.1:" + std::to_string(listener_.port()) + "/v1/sms";
}

std::vector<GatewayRequest> HttpGatewayStub::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

// One request per connection: the answer says "Connection: close".
void HttpGatewayStub::serve(int fd) {
  std::string buffer;
  if (!read_until(fd, buffer, "\r\n\r\n")) return;
  GatewayRequest request;
  const std::string request_line = take_line(buffer);
  const auto space = request_line.find(' ');
  request.method = request_line.substr(0, space);
  request.target = request_line.substr(space + 1, request_line.rfind(' ') - space - 1);
  for (std::string line = take_line(buffer); !line.empty(); line = take_line(buffer)) {
    const auto colon = line.find(':');
    const auto value = line.find_first_not_of(' ', colon + 1);
    request.headers[lower(line.substr(0, colon))] = value == std::string::npos ? "" : line.substr(value);
  }
  const auto length = request.headers.find("content-length");
  const std::size_t size = length == request.headers.end() ? 0 : std::stoul(length->second);
  if (!read_at_least(fd, buffer, size)) return;
  request.body = buffer.substr(0, size);

  int status = 0;
  std::string body;
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(std::move(request));
    status = then_;
    if (!statuses_.empty()) {
      status = statuses_.front();
      statuses_.pop_front();
    }
    body = body_;
  }
  write_all(fd, "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) +
                    "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                    "\r\nConnection: close\r\n\r\n" + body);
}

RefusingSmtpServer::RefusingSmtpServer(std::string rcpt_reply)
    : rcpt_reply_(std::move(rcpt_reply)), listener_([this](int fd) { serve(fd); }) {}

std::string RefusingSmtpServer::url() const {
  return "smtp://127.0.0.1:" + std::to_string(listener_.port());
}

void RefusingSmtpServer::serve(int fd) {
  write_all(fd, "220 stub ESMTP\r\n");
  std::string buffer;
  while (read_until(fd, buffer, "\r\n")) {
    const std::string command = lower(take_line(buffer).substr(0, 4));
    if (command == "ehlo") {
      write_all(fd, "250-stub\r\n250 8BITMIME\r\n");
    } else if (command == "rcpt") {
      ++refusals_;
      write_all(fd, rcpt_reply_ + "\r\n");
    } else if (command == "quit") {
      write_all(fd, "221 bye\r\n");
      return;
    } else {
      write_all(fd, "250 OK\r\n");  // HELO, MAIL, RSET, NOOP
    }
  }
}

}  // namespace lineport::mail_test
