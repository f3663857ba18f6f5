#include "util/qr_code.h"

#include <gtest/gtest.h>
#include <png.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace lineport::qr {
namespace {

constexpr std::string_view png_signature = "\x89PNG\r\n\x1a\n";
constexpr std::string_view link = "https://portal.example.com/activate?login=ana%40example.com&code=48291375";

std::uint32_t big_endian(const std::string& s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

struct Header {
  std::uint32_t width = 0, height = 0;
  int bit_depth = 0, color_type = 0;
};

// The IHDR chunk, which the PNG standard puts first, right after the signature.
Header ihdr_of(const std::string& png) {
  EXPECT_GE(png.size(), 33u);
  EXPECT_EQ(std::string_view(png).substr(0, 8), png_signature);
  EXPECT_EQ(big_endian(png, 8), 13u);
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  return {big_endian(png, 16), big_endian(png, 20), png[24], png[25]};
}

// The image decoded by libpng into one byte per pixel (0 black, 255 white).
struct Gray {
  std::uint32_t side = 0;
  std::vector<unsigned char> pixels;
  bool black(int module_x, int module_y) const {
    const int x = (module_x + quiet_zone_modules) * pixels_per_module + pixels_per_module / 2;
    const int y = (module_y + quiet_zone_modules) * pixels_per_module + pixels_per_module / 2;
    return pixels.at(static_cast<std::size_t>(y) * side + static_cast<std::size_t>(x)) == 0;
  }
};

Gray decode(const std::string& png) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, png.data(), png.size())) throw std::runtime_error(image.message);
  image.format = PNG_FORMAT_GRAY;
  Gray gray{image.width, std::vector<unsigned char>(std::size_t{image.width} * image.height)};
  if (!png_image_finish_read(&image, nullptr, gray.pixels.data(), 0, nullptr)) throw std::runtime_error(image.message);
  return gray;
}

int modules_of(const Header& h) {
  EXPECT_EQ(h.width % pixels_per_module, 0u);
  return static_cast<int>(h.width) / pixels_per_module - 2 * quiet_zone_modules;
}

TEST(QrCodeTest, IsA1BitGrayscalePngSizedByModules) {
  // Five bytes fit version 1 at level M: 21 modules, plus the quiet zone on both sides.
  const Header small = ihdr_of(qr_png("hello"));
  EXPECT_EQ(small.width, (21u + 8u) * 6u);
  EXPECT_EQ(small.height, small.width);
  EXPECT_EQ(small.bit_depth, 1);
  EXPECT_EQ(small.color_type, 0);  // grayscale

  const std::string png = qr_png(link);
  EXPECT_TRUE(png.ends_with(std::string("IEND\xae\x42\x60\x82", 8)));
  const Header h = ihdr_of(png);
  const int modules = modules_of(h);
  EXPECT_GT(modules, 21);
  EXPECT_EQ((modules - 21) % 4, 0) << modules;  // a version's size: 17 + 4 × version
  EXPECT_EQ(h.height, h.width);
}

TEST(QrCodeTest, DrawsFinderPatternsInsideAWhiteQuietZone) {
  const std::string png = qr_png(link);
  const Gray gray = decode(png);
  const int modules = modules_of(ihdr_of(png));
  ASSERT_EQ(gray.side, static_cast<std::uint32_t>((modules + 8) * 6));
  // The quiet zone is white all around.
  for (std::uint32_t i = 0; i < gray.side; ++i)
    for (std::uint32_t edge = 0; edge < quiet_zone_modules * pixels_per_module; ++edge) {
      ASSERT_EQ(gray.pixels[edge * gray.side + i], 255);
      ASSERT_EQ(gray.pixels[i * gray.side + edge], 255);
      ASSERT_EQ(gray.pixels[(gray.side - 1 - edge) * gray.side + i], 255);
      ASSERT_EQ(gray.pixels[i * gray.side + gray.side - 1 - edge], 255);
    }
  // The three finder patterns: a black ring, a white ring, a black 3×3 centre; white beyond.
  for (const auto& [ox, oy] : {std::pair{0, 0}, std::pair{modules - 7, 0}, std::pair{0, modules - 7}}) {
    EXPECT_TRUE(gray.black(ox, oy));
    EXPECT_TRUE(gray.black(ox + 6, oy + 6));
    EXPECT_FALSE(gray.black(ox + 1, oy + 1));
    EXPECT_FALSE(gray.black(ox + 5, oy + 3));
    EXPECT_TRUE(gray.black(ox + 3, oy + 3));
    EXPECT_TRUE(gray.black(ox + 2, oy + 4));
  }
  EXPECT_FALSE(gray.black(7, 7));  // the separator next to the top-left pattern
}

TEST(QrCodeTest, IsDeterministicAndDependsOnTheText) {
  EXPECT_EQ(qr_png(link), qr_png(link));
  std::string other(link);
  other.back() = '6';
  EXPECT_NE(qr_png(other), qr_png(link));
  EXPECT_NE(decode(qr_png(other)).pixels, decode(qr_png(link)).pixels);
}

TEST(QrCodeTest, RefusesTextItCannotEncode) {
  EXPECT_THROW(qr_png(""), std::invalid_argument);
  EXPECT_THROW(qr_png(std::string("a\0b", 3)), std::invalid_argument);
  EXPECT_THROW(qr_png(std::string(3000, 'x')), std::invalid_argument);  // past version 40
  EXPECT_NO_THROW(qr_png(std::string(1024, 'x')));
}

}  // namespace
}  // namespace lineport::qr
