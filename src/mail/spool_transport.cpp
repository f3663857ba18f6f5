#include "mail/spool_transport.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace lineport::mail {
namespace {

[[noreturn]] void fail(const std::string& what, int error) {
  throw DeliveryError("spool: " + what + ": " + std::strerror(error));
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now, so a failing close (a full disk on NFS) is reported.
  int close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

void write_all(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write " + path, errno);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

bool write_spool_file(const std::filesystem::path& dir, const std::string& file_name, std::string_view data) {
  const std::filesystem::path target = dir / file_name;
  if (std::error_code ec; std::filesystem::exists(target, ec)) return false;

  // Hidden while incomplete, so readers that look for *.eml or *.json never see it.
  std::string tmp = (dir / ("." + file_name + ".XXXXXX")).string();
  Fd fd(::mkostemp(tmp.data(), O_CLOEXEC));  // mode 0600
  if (fd.get() < 0) fail("create a file in " + dir.string(), errno);
  try {
    write_all(fd.get(), data, tmp);
    if (::fsync(fd.get()) != 0) fail("fsync " + tmp, errno);
    if (fd.close() != 0) fail("close " + tmp, errno);
    if (::rename(tmp.c_str(), target.c_str()) != 0) fail("rename to " + target.string(), errno);
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  // The rename itself must reach the disk before the outbox marks the message sent.
  Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() < 0 || ::fsync(dir_fd.get()) != 0) fail("fsync " + dir.string(), errno);
  return true;
}

SpoolTransport::SpoolTransport(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_);
}

std::string SpoolTransport::describe() const {
  return "spool " + dir_.string();
}

std::filesystem::path SpoolTransport::path_for(std::string_view outbox_id) const {
  return dir_ / (std::string(outbox_id) + ".eml");
}

void SpoolTransport::send(const OutgoingMail& mail) {
  // Builds first: it also checks that the id is a safe file name.
  write_spool_file(dir_, mail.id + ".eml", build_rfc5322(mail));
}

}  // namespace lineport::mail
