#pragma once
// The process's limit on open files, which every connection counts against.

#include <cstdint>

namespace lineport {

// Raises the soft limit on open files (RLIMIT_NOFILE) to the hard limit, which an unprivileged
// process may do, and returns the soft limit now in force. Many systems start services with a
// soft limit of 1,024 and a far higher hard one.
std::uint64_t raise_open_file_limit();

}  // namespace lineport
