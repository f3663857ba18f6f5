#pragma once
// The HTTP/1.1 server (Boost.Beast). It reads requests with limits and timeouts, hands each to
// the application on a worker pool (handlers may block on the database or Argon2id), writes the
// answer back, and shuts down gracefully: on stop() it stops accepting, closes idle keep-alive
// connections and lets in-flight requests finish.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "http/message.h"

namespace lineport::http {

// What a request may send, judged from its headers before any of its body is read.
struct BodyVerdict {
  std::size_t limit = std::size_t{16} << 20;  // the largest body accepted (413 beyond it)
  // The body goes to an anonymous temporary file as it arrives (Request::spooled_body) instead of
  // memory: large uploads. The read timeout then applies to each piece, not the whole.
  bool spool = false;
  // An answer to give instead, e.g. 415 for a body the route does not take, unless
  // refuse_before_body has another.
  std::optional<Response> wrong_type;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port
  int io_threads = 2;
  int worker_threads = 8;
  std::size_t header_limit = std::size_t{16} * 1024;
  int read_timeout_seconds = 30;    // to receive a whole request once it has started
  int idle_timeout_seconds = 60;    // between requests on a keep-alive connection
  int shutdown_grace_seconds = 20;  // in-flight requests get this long after a stop
  // Asked (on the network thread, reading nothing else) for a request with a body, before any of
  // it is read; without it every body may be 16 MiB.
  std::function<BodyVerdict(const Request&)> judge_body;
  // Asked (on a worker) before a spooled body, a body of unknown length, one larger than
  // `authorize_bodies_above` or one refused by its headers is read: an answer to give instead,
  // e.g. 401 for a caller without credentials, so nobody can make the server read or store much
  // without the right to send it.
  std::function<std::optional<Response>(const Request&)> refuse_before_body;
  std::size_t authorize_bodies_above = std::size_t{64} << 10;
  // Requests answered on the network thread instead of a worker: handlers that never block, or
  // only on a short read of their own (see on_network_thread_start).
  std::function<bool(const Request&)> runs_inline;
  // Called on each network thread before it serves anything (e.g. to give it a database
  // connection of its own).
  std::function<void()> on_network_thread_start;
  // Pass X-Forwarded-For / X-Forwarded-Proto from a reverse proxy on this address.
  std::string trusted_proxy;
  // Open connections in all and from one client address (an IPv6 client by its /64; none for the
  // trusted proxy, which carries many clients). A new connection beyond either cap is let in and
  // the idlest one closed: waiting for a request first, then the one whose request started
  // longest ago, last one being handled (closed after its answer).
  std::size_t max_connections = 1000;
  std::size_t max_connections_per_address = 50;
  // Added to the answers the server gives itself, before or without the handler (400, 413, 431,
  // 500): the application's security headers, so that no answer goes out without them.
  Headers own_answer_headers;
};

using Handler = std::function<Response(Request&)>;

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts listening; returns the bound port.
  std::uint16_t listen();
  // Serves until stop() or SIGINT/SIGTERM (when handle_signals). Blocks.
  void run(bool handle_signals);
  // Thread-safe; returns at once. run() returns once in-flight requests have finished.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lineport::http
