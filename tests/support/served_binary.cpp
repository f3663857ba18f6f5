#include "support/served_binary.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "support/http_client.h"

namespace lineport::testing {

ServedBinary::ServedBinary(const char* bin, const std::vector<std::string>& extra_args, const std::string& output)
    : database_(std::make_unique<TestDatabase>()) {
  database_->close();
  db_url_ = database_->url();
  const auto init = std::string(bin) + " init --db " + db_url_ +
                    " --root-org Carrier --admin-email root@carrier.example --admin-password "
                    "root-password-0001 >/dev/null";
  if (std::system(init.c_str()) != 0) throw std::runtime_error("lineport init failed");
  start(bin, extra_args, output);
}

ServedBinary::ServedBinary(const char* bin, const std::string& db_url, const std::vector<std::string>& extra_args,
                           const std::string& output)
    : db_url_(db_url) {
  start(bin, extra_args, output);
}

void ServedBinary::start(const char* bin, const std::vector<std::string>& extra_args, const std::string& output) {
  spool_ = make_temp_dir("lineport-spool-");
  port_ = [] {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor probe(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return probe.local_endpoint().port();
  }();
  std::vector<std::string> args = {bin, "serve", "--db", db_url_, "--web-root", "/nonexistent"};
  args.insert(args.end(), {"--listen", "127.0.0.1:" + std::to_string(port_)});
  if (std::find(extra_args.begin(), extra_args.end(), "--mail-spool") == extra_args.end())
    args.insert(args.end(), {"--mail-spool", spool_, "--sms-spool", spool_});
  if (std::find(extra_args.begin(), extra_args.end(), "--secret-key-file") == extra_args.end())
    args.insert(args.end(), {"--secret-key-file", secret_key_file()});
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  child_ = fork();
  if (child_ == 0) {
    if (!output.empty()) {
      const int fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(fd, 1);
      dup2(fd, 2);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin, argv.data());
    _exit(127);
  }
}

ServedBinary::~ServedBinary() {
  if (child_ > 0) {
    kill(child_, SIGKILL);
    waitpid(child_, nullptr, 0);
  }
  std::filesystem::remove_all(spool_);
}

bool ServedBinary::wait_until_ready() {
  HttpClient c(port_);
  for (int i = 0; i < 1200; ++i) {
    try {
      if (c.get("/readyz").status == 200) return true;
    } catch (const std::exception&) {
      usleep(25'000);
    }
  }
  return false;
}

void ServedBinary::send_sigterm() {
  kill(child_, SIGTERM);
}

void ServedBinary::pause() {
  kill(child_, SIGSTOP);
}

void ServedBinary::resume() {
  kill(child_, SIGCONT);
}

void ServedBinary::kill_now() {
  kill(child_, SIGKILL);
  waitpid(child_, nullptr, 0);
  child_ = -1;
}

bool ServedBinary::exited_cleanly() {
  int status = 0;
  waitpid(child_, &status, 0);
  child_ = -1;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int ServedBinary::exit_status() {
  for (int i = 0; i < 1200; ++i) {
    int status = 0;
    if (waitpid(child_, &status, WNOHANG) == child_) {
      child_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    usleep(25'000);
  }
  return -1;
}

}  // namespace lineport::testing
