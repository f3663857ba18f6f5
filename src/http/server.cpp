#include "http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace lineport::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

inline auto awaitable_with(beast::error_code& ec) {
  return asio::redirect_error(asio::use_awaitable, ec);
}

// What a connection is doing, in the order in which connections are closed to make room for a
// new one: one waiting for its next request first, one whose request is being handled last.
enum class Phase { waiting, header, body, working };

// How long a connection that was refused mid-request is still read from (see linger).
constexpr std::chrono::seconds linger_time{3};

std::int64_t steady_now() {
  return std::chrono::steady_clock::now().time_since_epoch().count();
}

// An IPv4 client of a dual-stack listener ([::]) arrives as ::ffff:a.b.c.d: it is a.b.c.d, for the
// trusted proxy's comparison, the limits and the audit log alike.
asio::ip::address unmapped(asio::ip::address address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  return address;
}

// The peer's address as text, "unknown" when the socket cannot tell.
std::string peer_address(const tcp::socket& socket) {
  beast::error_code ec;
  const auto remote = socket.remote_endpoint(ec);
  return ec ? "unknown" : unmapped(remote.address()).to_string();
}

// One client connection, served by one network thread from its first byte to its close (its
// socket belongs to that thread's io_context), so what only its coroutine touches needs no lock.
// Shared between its coroutine and the registry used at shutdown and when a connection cap is
// reached.
struct Connection {
  Connection(tcp::socket socket, std::string counted_as)
      : peer(peer_address(socket)), stream(std::move(socket)), address(std::move(counted_as)) {}
  const std::string peer;  // the peer's address, asked for once (each request carries it)
  beast::tcp_stream stream;
  const std::string address;  // what the per-address cap counts; "" for the trusted proxy (no cap)
  bool closing = false;       // (on its thread) finish the current exchange, then close
  bool unread_input = false;  // (on its thread) refused before reading all the client sent
  // Written on the connection's thread, read by the acceptor choosing whom to close.
  std::atomic<Phase> phase{Phase::waiting};
  std::atomic<std::int64_t> phase_since{steady_now()};
  bool evicted = false;  // (under connections_mutex) chosen to close; no longer counted

  void enter(Phase p) {
    phase_since = steady_now();
    phase = p;
  }
};

// The per-address cap counts an IPv6 client by its /64, the block one subscriber usually holds.
std::string counted_address(const tcp::socket& socket, const std::string& trusted_proxy) {
  beast::error_code ec;
  const auto remote = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  const auto address = unmapped(remote.address());
  if (!trusted_proxy.empty() && address.to_string() == trusted_proxy) return "";
  if (address.is_v4()) return address.to_string();
  auto bytes = address.to_v6().to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return asio::ip::address_v6(bytes).to_string() + "/64";
}

// The request's header, from its first byte to the blank line that ends it, once `buffer` holds
// all of it.
std::optional<std::string_view> complete_header(const beast::flat_buffer& buffer) {
  const std::string_view data(static_cast<const char*>(buffer.data().data()), buffer.size());
  const auto end = data.find("\r\n\r\n");
  if (end == std::string_view::npos) return std::nullopt;
  return data.substr(0, end + 4);
}

// A line that starts with a space or tab continues the header line before it: obsolete line
// folding, which RFC 9112 §5.2 lets a server refuse. Beast unfolds it silently, and a proxy in
// front may not, so the two could disagree about a header such as Transfer-Encoding.
bool has_obsolete_folding(std::string_view header) {
  for (auto at = header.find('\n'); at != std::string_view::npos && at + 1 < header.size();
       at = header.find('\n', at + 1))
    if (header[at + 1] == ' ' || header[at + 1] == '\t') return true;
  return false;
}

// RFC 9112 §6: the one transfer coding accepted is "chunked", alone and in HTTP/1.1. Anything
// else (another coding, a list, a misspelling, HTTP/1.0) is framing that a proxy in front may read
// differently from us. Beast already refuses Transfer-Encoding: chunked with Content-Length.
bool has_acceptable_transfer_encoding(const bhttp::request<bhttp::string_body>& message) {
  const auto [first, last] = message.equal_range(bhttp::field::transfer_encoding);
  if (first == last) return true;
  return std::next(first) == last && beast::iequals(first->value(), "chunked") && message.version() == 11;
}

Request to_request(const bhttp::request<bhttp::string_body>& message) {
  Request r;
  r.method = std::string(message.method_string());
  r.target = std::string(message.target());
  for (const auto& field : message) r.headers.emplace(std::string(field.name_string()), std::string(field.value()));
  return r;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions opts, Handler h)
      : options(std::move(opts)),
        handler(std::move(h)),
        network(options.io_threads),
        ioc(*network.contexts.front()),
        workers(static_cast<std::size_t>(options.worker_threads)),
        acceptor(ioc),
        signals(ioc),
        grace_timer(ioc) {}

  // One io_context per network thread, each run by its thread alone: a connection's handlers
  // never change threads and need no strand, and no thread wakes another to run them (the
  // hand-offs and their locks were a large share of a small request's time,
  // docs/performance.md#call-filter).
  struct Network {
    explicit Network(int threads) {
      for (int i = 0; i < std::max(threads, 1); ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
    }
    Network(const Network&) = delete;
    Network& operator=(const Network&) = delete;
    // The first context runs the accept loop, whose coroutine may hold a socket of another
    // context when the server stops: it goes first, while the others are still there.
    ~Network() { contexts.front().reset(); }
    std::vector<std::unique_ptr<asio::io_context>> contexts;
  };

  ServerOptions options;
  Handler handler;
  Network network;
  asio::io_context& ioc;         // the first network thread's: the acceptor, signals and shutdown
  std::size_t next_network = 0;  // (in accept_loop) the thread of the next connection
  asio::thread_pool workers;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer grace_timer;
  std::atomic<bool> stopping{false};
  std::mutex connections_mutex;
  std::unordered_set<std::shared_ptr<Connection>> connections;  // evicted ones until they end
  std::size_t counted = 0;                                      // those not evicted
  std::unordered_map<std::string, std::size_t> counted_by_address;
  std::size_t evictions_unreported = 0;
  std::chrono::steady_clock::time_point evictions_reported_at{};

  asio::awaitable<void> accept_loop() {
    for (;;) {
      tcp::socket socket(*network.contexts[next_network++ % network.contexts.size()]);
      beast::error_code ec;
      co_await acceptor.async_accept(socket, awaitable_with(ec));
      if (stopping) co_return;
      if (ec) {
        // Out of file descriptors and similar: pause instead of spinning.
        spdlog::warn("accept failed: {}", ec.message());
        asio::steady_timer pause(ioc, std::chrono::milliseconds(50));
        co_await pause.async_wait(awaitable_with(ec));
        continue;
      }
      auto address = counted_address(socket, options.trusted_proxy);
      auto connection = std::make_shared<Connection>(std::move(socket), std::move(address));
      admit(connection);
      auto executor = connection->stream.get_executor();
      asio::co_spawn(executor, serve(connection), asio::detached);
    }
  }

  // Counts a new connection in. At a cap (its address's, or the total) the idlest connection of
  // that address, or of all, is closed instead of refusing the newcomer: a client holding many
  // quiet sockets cannot lock others out, and the file descriptors stay within the limit
  // (docs/operations.md).
  void admit(const std::shared_ptr<Connection>& c) {
    std::vector<std::shared_ptr<Connection>> to_close;
    {
      std::lock_guard lock(connections_mutex);
      if (!c->address.empty() && counted_by_address[c->address] >= options.max_connections_per_address)
        to_close.push_back(evict_idlest(&c->address));
      if (counted >= options.max_connections) to_close.push_back(evict_idlest(nullptr));
      connections.insert(c);
      ++counted;
      if (!c->address.empty()) ++counted_by_address[c->address];
      std::erase(to_close, nullptr);
      report_evictions(to_close.size());
    }
    for (auto& victim : to_close) {
      asio::post(victim->stream.get_executor(), [victim] {
        victim->closing = true;
        // A request being handled is answered first; the connection closes after it.
        beast::error_code ignored;
        if (victim->phase != Phase::working) victim->stream.socket().cancel(ignored);
      });
    }
  }

  // Under connections_mutex: the counted connection (of `address`, when given) that has been
  // least busy the longest, no longer counted. Null when there is none.
  std::shared_ptr<Connection> evict_idlest(const std::string* address) {
    std::shared_ptr<Connection> idlest;
    for (const auto& c : connections) {
      if (c->evicted || (address && c->address != *address)) continue;
      if (!idlest || std::pair(c->phase.load(), c->phase_since.load()) <
                         std::pair(idlest->phase.load(), idlest->phase_since.load()))
        idlest = c;
    }
    if (idlest) {
      idlest->evicted = true;
      uncount(*idlest);
    }
    return idlest;
  }

  // Under connections_mutex.
  void uncount(const Connection& c) {
    --counted;
    if (c.address.empty()) return;
    if (const auto it = counted_by_address.find(c.address); --it->second == 0) counted_by_address.erase(it);
  }

  // Under connections_mutex: at most one line per 10 s, so that an attack cannot flood the log.
  void report_evictions(std::size_t evicted) {
    evictions_unreported += evicted;
    const auto now = std::chrono::steady_clock::now();
    if (evictions_unreported == 0 || now - evictions_reported_at < std::chrono::seconds(10)) return;
    spdlog::warn(
        "connection limits reached (at most {} per address, {} in all): closed {} idle connections "
        "to let new ones in",
        options.max_connections_per_address, options.max_connections, evictions_unreported);
    evictions_unreported = 0;
    evictions_reported_at = now;
  }

  asio::awaitable<void> serve(std::shared_ptr<Connection> c) {
    try {
      co_await exchange_requests(*c);
    } catch (const std::exception& e) {
      spdlog::warn("connection ended by an error: {}", e.what());
    }
    if (c->unread_input && !stopping) co_await linger(*c);
    beast::error_code ignored;
    c->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    c->stream.close();
    forget(c);
  }

  // Closing a socket with received bytes still unread makes the kernel send a reset, and a reset
  // makes the client's kernel discard whatever of our answer the client has not read yet: a
  // client still sending the body we refused (413) would see "connection reset" instead of the
  // refusal. So after such an answer the server stops sending and reads and discards until the
  // client closes, for a few seconds at most (what nginx calls a lingering close). The connection
  // counts as waiting meanwhile: the first to go when room is needed.
  asio::awaitable<void> linger(Connection& c) {
    c.enter(Phase::waiting);
    beast::error_code ec;
    c.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    c.stream.expires_after(linger_time);
    std::array<char, std::size_t{16} * 1024> discarded;
    while (!ec && !c.closing) co_await c.stream.async_read_some(asio::buffer(discarded), awaitable_with(ec));
  }

  asio::awaitable<void> exchange_requests(Connection& c) {
    beast::flat_buffer buffer;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
      parser.body_limit(std::numeric_limits<std::uint64_t>::max());  // chosen below, per request
      c.enter(buffer.size() == 0 ? Phase::waiting : Phase::header);
      if (c.closing) co_return;
      c.stream.expires_after(std::chrono::seconds(options.idle_timeout_seconds));
      // The whole header first, so that its raw bytes can be checked before Beast parses them.
      if (!co_await gather_header(c, buffer)) co_return;
      c.enter(Phase::body);
      const auto header = complete_header(buffer);
      if (header && has_obsolete_folding(*header)) {
        co_await write_plain(c, 400,
                             "Obsolete line folding (a header line that starts with a space or "
                             "tab) is not accepted.");
        co_return;
      }
      beast::error_code ec;
      co_await bhttp::async_read_header(c.stream, buffer, parser, awaitable_with(ec));
      if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
          ec == asio::error::connection_reset || ec == asio::error::eof)
        co_return;
      if (ec) {
        co_await write_plain(c, ec == bhttp::error::header_limit ? 431 : 400, ec.message());
        co_return;
      }
      if (!has_acceptable_transfer_encoding(parser.get())) {
        co_await write_plain(c, 400, "The only Transfer-Encoding accepted is \"chunked\", alone, in HTTP/1.1.");
        co_return;
      }

      Request request = to_request(parser.get());
      fill_transport_fields(c, request);
      // A request without a body (most are) needs no judging of one.
      const bool body_coming = !parser.is_done();
      BodyVerdict verdict{.limit = 0};
      if (body_coming) verdict = options.judge_body ? options.judge_body(request) : BodyVerdict{};
      const std::size_t limit = verdict.limit;
      const bool spool = verdict.spool;
      const auto length = parser.content_length();
      if (length && *length > limit) {
        // Refused from Content-Length alone: the body is never read.
        co_await write_plain(c, 413, too_large(limit));
        co_return;
      }
      if (body_coming) {
        // A body the route does not take is refused unread, after what the caller may not do
        // (401, 403, 404 come first, as for any request); so is a large one the caller may not send.
        std::optional<Response>& wrong_type = verdict.wrong_type;
        const bool large = spool || !length || *length > options.authorize_bodies_above;
        std::optional<Response> refusal;
        if ((wrong_type || large) && options.refuse_before_body) {
          refusal = co_await asio::co_spawn(
              workers.get_executor(),
              [this, &request]() -> asio::awaitable<std::optional<Response>> {
                co_return options.refuse_before_body(request);
              },
              asio::use_awaitable);
        }
        if (!refusal) refusal = std::move(wrong_type);
        if (refusal) {
          // The body stays unread, so the connection cannot carry another request.
          co_await write_response<bhttp::string_body>(c, *refusal, parser.get().version(), false, ec);
          c.unread_input = true;
          co_return;
        }
      }
      if (parser.get()[bhttp::field::expect] == "100-continue") {
        bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, parser.get().version()};
        co_await bhttp::async_write(c.stream, go_on, awaitable_with(ec));
        if (ec) co_return;
      }
      BodyRead read;
      if (spool) {
        read = co_await spool_body(c, buffer, std::move(parser), limit, request);
      } else {
        read = co_await read_body(c, buffer, parser, limit, request);
      }
      if (read.status != 0) {
        co_await write_plain(c, read.status, read.detail);
        co_return;
      }
      if (!read.complete) co_return;
      const bool keep_alive = read.keep_alive;
      const unsigned version = read.version;

      c.enter(Phase::working);
      Response response;
      if (options.runs_inline && options.runs_inline(request)) {
        response = run_handler(request);
      } else {
        // (Not a conditional expression: g++ 12 miscompiles co_await inside one.)
        response = co_await asio::co_spawn(
            workers.get_executor(), [this, &request]() -> asio::awaitable<Response> { co_return run_handler(request); },
            asio::use_awaitable);
      }

      const bool keep_open = keep_alive && !c.closing && !stopping;
      c.stream.expires_after(std::chrono::seconds(options.read_timeout_seconds));
      if (response.stream) {
        // The producer blocks on the database; it runs on a worker and writes synchronously
        // while this coroutine waits, so nothing else touches the socket meanwhile.
        co_await asio::co_spawn(
            workers.get_executor(),
            [&]() -> asio::awaitable<void> {
              write_streamed(c, response, version, keep_open);
              co_return;
            },
            asio::use_awaitable);
      } else if (request.method == "HEAD") {
        co_await write_response<bhttp::empty_body>(c, response, version, keep_open, ec);
      } else {
        co_await write_response<bhttp::string_body>(c, response, version, keep_open, ec);
      }
      if (ec || !keep_open) co_return;
    }
  }

  // Reads until `buffer` holds a whole request header or more than the header limit (which the
  // parser then refuses with 431). False when the connection ends or times out first.
  asio::awaitable<bool> gather_header(Connection& c, beast::flat_buffer& buffer) {
    while (!complete_header(buffer) && buffer.size() <= options.header_limit) {
      beast::error_code ec;
      const auto n = co_await c.stream.async_read_some(buffer.prepare(std::size_t{8} * 1024), awaitable_with(ec));
      if (ec) co_return false;
      buffer.commit(n);
      if (c.phase == Phase::waiting) c.enter(Phase::header);
    }
    co_return true;
  }

  // How reading a request's body ended: complete, an answer to give instead (413, 500), or a
  // connection to drop (read error, timeout).
  struct BodyRead {
    bool complete = false;
    int status = 0;
    std::string detail;
    bool keep_alive = false;
    unsigned version = 11;
  };

  static std::string too_large(std::size_t limit) {
    return "The request body is larger than " + std::to_string(limit) + " bytes.";
  }

  asio::awaitable<BodyRead> read_body(Connection& c, beast::flat_buffer& buffer,
                                      bhttp::request_parser<bhttp::string_body>& parser, std::size_t limit,
                                      Request& request) {
    parser.body_limit(limit);
    c.stream.expires_after(std::chrono::seconds(options.read_timeout_seconds));
    beast::error_code ec;
    co_await bhttp::async_read(c.stream, buffer, parser, awaitable_with(ec));
    if (ec == bhttp::error::body_limit) co_return BodyRead{false, 413, too_large(limit)};
    if (ec) co_return BodyRead{};
    request.body = std::move(parser.get().body());
    co_return BodyRead{true, 0, {}, parser.get().keep_alive(), parser.get().version()};
  }

  // The body into an anonymous temporary file, a piece at a time.
  asio::awaitable<BodyRead> spool_body(Connection& c, beast::flat_buffer& buffer,
                                       bhttp::request_parser<bhttp::string_body>&& header_parser, std::size_t limit,
                                       Request& request) {
    std::FILE* file = std::tmpfile();
    if (!file) co_return BodyRead{false, 500, "No room to receive the request body."};
    auto spooled = std::make_shared<SpooledBody>(file);
    bhttp::request_parser<bhttp::buffer_body> parser{std::move(header_parser)};
    parser.body_limit(limit);
    std::vector<char> piece(std::size_t{64} * 1024);
    while (!parser.is_done()) {
      parser.get().body().data = piece.data();
      parser.get().body().size = piece.size();
      c.stream.expires_after(std::chrono::seconds(options.read_timeout_seconds));
      beast::error_code ec;
      co_await bhttp::async_read(c.stream, buffer, parser, awaitable_with(ec));
      if (ec == bhttp::error::body_limit) co_return BodyRead{false, 413, too_large(limit)};
      if (ec && ec != bhttp::error::need_buffer) co_return BodyRead{};
      const std::size_t n = piece.size() - parser.get().body().size;
      if (std::fwrite(piece.data(), 1, n, file) != n)
        co_return BodyRead{false, 500, "No room to receive the request body."};
    }
    if (std::fflush(file) != 0) co_return BodyRead{false, 500, "No room to receive the request body."};
    request.spooled_body = std::move(spooled);
    co_return BodyRead{true, 0, {}, parser.get().keep_alive(), parser.get().version()};
  }

  Response run_handler(Request& request) {
    try {
      return handler(request);
    } catch (const std::exception& e) {
      spdlog::error("handler failed outside the application's error handling: {}", e.what());
      Response r;
      r.status = 500;
      r.headers = options.own_answer_headers;
      return r;
    }
  }

  void fill_transport_fields(Connection& c, Request& request) const {
    request.client_ip = c.peer;
    if (!options.trusted_proxy.empty() && request.client_ip == options.trusted_proxy) {
      if (auto forwarded = request.header("X-Forwarded-For")) {
        const auto comma = forwarded->rfind(',');
        std::string_view last = comma == std::string_view::npos ? *forwarded : forwarded->substr(comma + 1);
        while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
        if (!last.empty()) request.client_ip = std::string(last);
      }
      request.secure = request.header("X-Forwarded-Proto") == std::optional<std::string_view>("https");
    }
  }

  template <class Body>
  asio::awaitable<void> write_response(Connection& c, Response& response, unsigned version, bool keep_open,
                                       beast::error_code& ec) {
    bhttp::response<Body> message{static_cast<bhttp::status>(response.status), version};
    for (const auto& [name, value] : response.headers) message.set(name, value);
    message.keep_alive(keep_open);
    if constexpr (std::is_same_v<Body, bhttp::string_body>) {
      message.body() = std::move(response.body);
      message.prepare_payload();
    } else {
      message.content_length(response.body.size());
    }
    co_await bhttp::async_write(c.stream, message, awaitable_with(ec));
  }

  static void write_streamed(Connection& c, Response& response, unsigned version, bool keep_open) {
    bhttp::response<bhttp::empty_body> head{static_cast<bhttp::status>(response.status), version};
    for (const auto& [name, value] : response.headers) head.set(name, value);
    head.keep_alive(keep_open);
    head.chunked(true);
    bhttp::response_serializer<bhttp::empty_body> serializer{head};
    bhttp::write_header(c.stream, serializer);
    std::string pending;
    auto flush = [&] {
      if (pending.empty()) return;
      asio::write(c.stream, bhttp::make_chunk(asio::buffer(pending)));
      pending.clear();
    };
    response.stream([&](std::string_view piece) {
      pending.append(piece);
      if (pending.size() >= std::size_t{64} * 1024) flush();
    });
    flush();
    asio::write(c.stream, bhttp::make_chunk_last());
  }

  // Answers that the server gives before the application sees the request.
  asio::awaitable<void> write_plain(Connection& c, int status, const std::string& detail) {
    bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(status), 11};
    for (const auto& [name, value] : options.own_answer_headers) message.set(name, value);
    message.set(bhttp::field::content_type, "application/problem+json");
    const std::string code = status == 413 ? "payload_too_large" : "bad_request";
    std::string escaped;
    for (const char ch : detail) {
      if (ch == '"' || ch == '\\') escaped += '\\';
      if (static_cast<unsigned char>(ch) >= 0x20) escaped += ch;
    }
    message.body() = "{\"type\":\"about:blank\",\"title\":\"" + std::string(bhttp::obsolete_reason(message.result())) +
                     "\",\"status\":" + std::to_string(status) + ",\"code\":\"" + code + "\",\"detail\":\"" + escaped +
                     "\"}";
    message.keep_alive(false);
    message.prepare_payload();
    beast::error_code ec;
    c.stream.expires_after(std::chrono::seconds(options.read_timeout_seconds));
    co_await bhttp::async_write(c.stream, message, awaitable_with(ec));
    c.unread_input = true;  // these answers end the exchange wherever the request stood
  }

  void forget(const std::shared_ptr<Connection>& c) {
    bool last = false;
    {
      std::lock_guard lock(connections_mutex);
      connections.erase(c);
      if (!c->evicted) uncount(*c);
      last = connections.empty();
    }
    if (last && stopping) finish();
  }

  void begin_shutdown() {
    if (stopping.exchange(true)) return;
    spdlog::info("shutting down: no new connections; waiting for requests in flight");
    beast::error_code ignored;
    acceptor.close(ignored);
    signals.cancel(ignored);
    std::vector<std::shared_ptr<Connection>> open;
    {
      std::lock_guard lock(connections_mutex);
      open.assign(connections.begin(), connections.end());
    }
    if (open.empty()) return finish();
    for (auto& c : open) {
      asio::post(c->stream.get_executor(), [c] {
        c->closing = true;
        // Closed now when between requests or in the middle of a header; a request whose body
        // is coming is still answered.
        beast::error_code cancel_error;
        if (c->phase == Phase::waiting || c->phase == Phase::header) c->stream.socket().cancel(cancel_error);
      });
    }
    grace_timer.expires_after(std::chrono::seconds(options.shutdown_grace_seconds));
    grace_timer.async_wait([this](beast::error_code ec) {
      if (!ec) {
        spdlog::warn("shutdown grace period over; closing the remaining connections");
        finish();
      }
    });
  }

  // Handlers still running on the workers finish on their own; ~Server waits for them.
  void finish() {
    for (auto& context : network.contexts) context->stop();
  }
};

namespace {

// The trusted proxy as the peers are written (unmapped, canonical): "::ffff:10.0.0.5" and
// "10.0.0.5" name one proxy. Throws std::invalid_argument for what is no address.
std::string canonical_proxy(const std::string& text) {
  if (text.empty()) return text;
  beast::error_code ec;
  const auto address = asio::ip::make_address(text, ec);
  if (ec) throw std::invalid_argument("--trusted-proxy: \"" + text + "\" is not an IP address");
  return unmapped(address).to_string();
}

ServerOptions with_canonical_proxy(ServerOptions options) {
  options.trusted_proxy = canonical_proxy(options.trusted_proxy);
  return options;
}

}  // namespace

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(with_canonical_proxy(std::move(options)), std::move(handler))) {}

Server::~Server() {
  impl_->workers.stop();
  impl_->workers.join();
}

std::uint16_t Server::listen() {
  auto& acceptor = impl_->acceptor;
  const tcp::endpoint endpoint(asio::ip::make_address(impl_->options.host), impl_->options.port);
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
  return acceptor.local_endpoint().port();
}

void Server::run(bool handle_signals) {
  auto& impl = *impl_;
  if (handle_signals) {
    impl.signals.add(SIGINT);
    impl.signals.add(SIGTERM);
    impl.signals.async_wait([&impl](beast::error_code ec, int) {
      if (!ec) impl.begin_shutdown();
    });
  }
  asio::co_spawn(impl.ioc, impl.accept_loop(), asio::detached);
  const auto serve = [&impl](asio::io_context& context) {
    if (impl.options.on_network_thread_start) impl.options.on_network_thread_start();
    // A thread without connections yet waits for them instead of returning; finish() stops it.
    const auto keep_running = asio::make_work_guard(context);
    context.run();
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl.network.contexts.size(); ++i)
    threads.emplace_back(serve, std::ref(*impl.network.contexts[i]));
  serve(impl.ioc);
  for (auto& t : threads) t.join();
}

void Server::stop() {
  asio::post(impl_->ioc, [this] { impl_->begin_shutdown(); });
}

}  // namespace lineport::http
