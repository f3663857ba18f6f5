// Who may read GET /metrics: addresses and blocks of both families, as the operator writes them.

#include "api/metrics.h"

#include <gtest/gtest.h>

namespace lineport::api {
namespace {

TEST(AddressBlocks, BlocksOfBothFamiliesHoldTheirAddressesOnly) {
  const auto blocks = parse_address_blocks("127.0.0.1, ::1,10.0.0.0/8, 2001:db8::/32");
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_TRUE(blocks[0].contains("127.0.0.1"));
  EXPECT_FALSE(blocks[0].contains("127.0.0.2"));
  EXPECT_TRUE(blocks[1].contains("::1"));
  EXPECT_FALSE(blocks[1].contains("::2"));
  EXPECT_TRUE(blocks[2].contains("10.200.3.4"));
  EXPECT_TRUE(blocks[2].contains("::ffff:10.200.3.4"));  // an IPv4 client on an IPv6 socket
  EXPECT_FALSE(blocks[2].contains("11.0.0.1"));
  EXPECT_TRUE(blocks[3].contains("2001:db8:ffff::1"));
  EXPECT_FALSE(blocks[3].contains("2001:db9::1"));
  EXPECT_FALSE(blocks[2].contains("not an address"));
  EXPECT_TRUE(parse_address_blocks("").empty());  // nobody
  EXPECT_TRUE(parse_address_blocks("0.0.0.0/0")[0].contains("203.0.113.9"));
}

TEST(AddressBlocks, WhatIsNotABlockIsRefusedSayingWhy) {
  for (const auto* bad : {"localhost", "10.0.0.0/33", "::1/129", "10.0.0.0/", "10.0.0.0/8x", "1.2.3"})
    EXPECT_THROW(parse_address_blocks(bad), std::invalid_argument) << bad;
  try {
    parse_address_blocks("127.0.0.1,10.0.0.0/33");
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("10.0.0.0/33"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("/0 to /32"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace lineport::api
