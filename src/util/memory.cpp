#include "util/memory.h"

#include <malloc.h>
#include <unistd.h>

#include <atomic>
#include <fstream>

namespace lineport::memory {

std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0;
  std::size_t resident_pages = 0;
  statm >> size >> resident_pages;
  return resident_pages * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

bool return_free_memory(std::size_t growth) {
  static std::atomic<std::size_t> after_last{resident_bytes()};
  if (resident_bytes() < after_last + growth) return false;
  malloc_trim(0);  // every arena: whole free pages inside the heaps too, not only their tops
  after_last = resident_bytes();
  return true;
}

}  // namespace lineport::memory
