#pragma once
// Giving memory back to the system once large work is over (docs/performance.md#memory): the C
// library keeps what a CSV import or a large body freed, in every thread's arena, and would hold
// it for the life of the process.

#include <cstddef>

namespace lineport::memory {

// The process's resident memory, in bytes (/proc/self/statm).
std::size_t resident_bytes();

// Gives the free memory the C library holds back to the system when the process has grown by
// `growth` bytes or more since the last time (or since the first call); true when it did.
bool return_free_memory(std::size_t growth);

}  // namespace lineport::memory
