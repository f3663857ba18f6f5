// Memory freed by large work goes back to the system.

#include "util/memory.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace lineport::memory {
namespace {

TEST(Memory, WhatLargeWorkFreedGoesBackToTheSystem) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer's allocator holds freed memory in quarantine";
#endif
  return_free_memory(0);  // start from a trimmed heap
  const auto before = resident_bytes();
  // 64 MiB in small blocks, as a CSV import allocates (below the size the C library maps on its
  // own), of which one in 64 outlives the work, as a cache entry or a session would: the heap's
  // top never comes free, so the C library keeps the pages of the other 63.
  std::vector<std::unique_ptr<char[]>> kept;
  {
    std::vector<std::unique_ptr<char[]>> blocks;
    for (int i = 0; i < 64 * 1024; ++i) {
      blocks.push_back(std::make_unique<char[]>(1024));
      blocks.back()[0] = 1;
      blocks.back()[1023] = 1;
      if (i % 64 == 63) kept.push_back(std::move(blocks.back()));
    }
    ASSERT_GT(resident_bytes(), before + (std::size_t{48} << 20));
  }
  ASSERT_GT(resident_bytes(), before + (std::size_t{48} << 20)) << "the C library gave them back itself";
  EXPECT_FALSE(return_free_memory(std::size_t{1} << 40)) << "not grown by a terabyte";
  EXPECT_TRUE(return_free_memory(std::size_t{4} << 20));
  EXPECT_LT(resident_bytes(), before + (std::size_t{16} << 20));
}

}  // namespace
}  // namespace lineport::memory
