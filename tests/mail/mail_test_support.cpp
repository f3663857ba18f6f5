#include "mail/mail_test_support.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "storage/queries/outbox.h"
#include "util/crypto.h"

extern char** environ;

namespace lineport::mail_test {
namespace fs = std::filesystem;

namespace {

// Reads messages with the standard library's parser, which knows RFC 2047 and MIME well.
constexpr const char* parser_script = R"PY(
import email, email.policy, glob, hashlib, json, os, sys
kind, where = sys.argv[1], sys.argv[2]
paths = sorted(glob.glob(os.path.join(where, 'new', '*') if kind == 'maildir' else os.path.join(where, '*.eml')))
out = []
for path in paths:
    with open(path, 'rb') as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    text = m.get_body(preferencelist=('plain',))
    html = m.get_body(preferencelist=('html',))
    defects = [type(d).__name__ for part in m.walk() for d in part.defects]
    images = [{'content_type': p.get_content_type(), 'content_id': p['Content-ID'],
               'disposition': p.get_content_disposition(), 'filename': p.get_filename(),
               'sha256': hashlib.sha256(p.get_payload(decode=True)).hexdigest()}
              for p in m.walk() if p.get_content_maintype() == 'image']
    out.append({'path': path, 'subject': str(m['Subject']), 'event': m['X-Lineport-Event'],
                'message_id': m['Message-ID'], 'to': str(m['To']), 'from': str(m['From']), 'date': m['Date'],
                'text': text.get_content() if text is not None else None,
                'html': html.get_content() if html is not None else None,
                'multipart': m.is_multipart(), 'content_type': m.get_content_type(),
                'images': images, 'defects': defects})
print(json.dumps(out))
)PY";

nlohmann::json run_parser(const std::string& kind, const fs::path& where) {
  const fs::path script = fs::temp_directory_path() / ("lineport-mail-parser-" + std::to_string(::getpid()) + ".py");
  { std::ofstream(script) << parser_script; }
  const std::string command = "/usr/bin/python3 " + script.string() + " " + kind + " '" + where.string() + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed");
  std::string output;
  std::array<char, 4096> buffer;
  while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  fs::remove(script);
  if (status != 0) throw std::runtime_error("the mail parser failed: " + output);
  return nlohmann::json::parse(output);
}

bool port_accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "lineport-mail-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::unique_ptr<storage::Database> open_database(const fs::path& dir) {
  crypto::initialize();
  auto db = storage::open_database("sqlite://" + (dir / "lineport.db").string(), 4);
  storage::migrate(*db);
  return db;
}

std::vector<std::string> enqueue_all(storage::Database& db, const Clock& clock,
                                     const std::vector<mail::Message>& messages) {
  std::vector<std::string> ids;
  for (const auto& m : messages)
    ids.push_back(db.write([&](storage::Connection& c) { return mail::enqueue(c, clock, m); }));
  return ids;
}

mail::Message sample_message(const std::string& event, const std::string& token) {
  return {event, token + "@example.com", "Lineport test " + token, "Hello,\n\nToken: " + token + "\n\nLineport\n",
          std::nullopt};
}

OutboxRow outbox_row(storage::Database& db, const std::string& id) {
  return db.read([&](storage::Connection& c) {
    const auto r = c.query(storage::sql::outbox::select_by_id, {id}).one();
    return OutboxRow{r.text(11),       r.opt_text(12),   static_cast<int>(r.integer(5)),
                     r.integer(6),     r.opt_integer(7), r.opt_integer(8),
                     r.opt_integer(9), r.opt_text(10)};
  });
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("bind failed");
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

SmtpServer::SmtpServer(fs::path maildir, int port) : maildir_(std::move(maildir)), port_(port) {
  start();
}

SmtpServer::~SmtpServer() {
  stop();
}

void SmtpServer::start() {
  if (pid_ > 0) return;
  const std::string listen = "127.0.0.1:" + std::to_string(port_);
  const std::string dir = maildir_.string();
  const std::string log = (maildir_.parent_path() / ("aiosmtpd-" + std::to_string(port_) + ".log")).string();
  std::vector<std::string> args = {"/usr/bin/python3",          "-m", "aiosmtpd", "-n", "-l", listen, "-c",
                                   "aiosmtpd.handlers.Mailbox", dir};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  const int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    pid_ = -1;
    throw std::runtime_error("cannot start aiosmtpd");
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (!port_accepts(port_)) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      std::ifstream in(log);
      std::stringstream text;
      text << in.rdbuf();
      throw std::runtime_error("aiosmtpd exited: " + text.str());
    }
    if (std::chrono::steady_clock::now() > deadline) {
      stop();
      throw std::runtime_error("aiosmtpd did not listen on " + listen);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void SmtpServer::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

nlohmann::json parse_maildir(const fs::path& maildir) {
  return run_parser("maildir", maildir);
}
nlohmann::json parse_spool(const fs::path& spool) {
  return run_parser("spool", spool);
}

bool eventually(const std::function<bool()>& condition, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return condition();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace lineport::mail_test
