#include "util/image.h"

#include <gtest/gtest.h>

#include <string>

#include "support/images.h"
#include "util/qr_code.h"

namespace lineport::image {
namespace {

using lineport::testing::baseline_jpeg;
using lineport::testing::progressive_jpeg;

constexpr std::uint32_t max_side = 4096;

TEST(Image, AWholePngIsDecodedAndMeasured) {
  const std::string png = qr::qr_png("https://example.com");
  const auto result = inspect(png, max_side);
  ASSERT_TRUE(result.info) << result.problem;
  EXPECT_EQ(result.info->format, Format::png);
  EXPECT_GT(result.info->width, 100u);
  EXPECT_EQ(result.info->width, result.info->height);
  EXPECT_EQ(media_type(result.info->format), "image/png");
}

TEST(Image, APngCutShortAnywhereIsRefused) {
  const std::string png = qr::qr_png("https://example.com");
  // Without IEND, in the middle of the image data, and inside the header.
  for (const std::size_t keep : {png.size() - 1, png.size() - 12, png.size() / 2, std::size_t{40}, std::size_t{20}}) {
    SCOPED_TRACE(keep);
    const auto result = inspect(png.substr(0, keep), max_side);
    EXPECT_FALSE(result.info);
    EXPECT_NE(result.problem.find("PNG"), std::string::npos) << result.problem;
  }
  EXPECT_EQ(inspect(png.substr(0, png.size() - 1), max_side).problem, "The PNG image is cut short.");
}

TEST(Image, ADamagedPngIsRefused) {
  std::string png = qr::qr_png("https://example.com");
  const auto idat = png.find("IDAT");
  ASSERT_NE(idat, std::string::npos);
  png[idat + 10] = static_cast<char>(png[idat + 10] ^ 0x55);  // the chunk's CRC no longer matches
  const auto result = inspect(png, max_side);
  EXPECT_FALSE(result.info);
  EXPECT_TRUE(result.problem.starts_with("The PNG image is damaged")) << result.problem;
}

TEST(Image, DataAfterTheEndOfAnImageIsRefused) {
  const std::string html = "<html><script>alert(1)</script></html>";
  EXPECT_EQ(inspect(qr::qr_png("x") + html, max_side).problem, "The PNG image has data after its end.");
  EXPECT_EQ(inspect(baseline_jpeg() + html, max_side).problem, "The JPEG image has data after its end.");
}

TEST(Image, APngLargerThanTheLimitIsRefusedFromItsHeader) {
  std::string png = qr::qr_png("x");
  // Width and height in IHDR: 10000 × 20 (the CRC is not even looked at).
  png.replace(16, 4, std::string("\x00\x00\x27\x10", 4));
  png.replace(20, 4, std::string("\x00\x00\x00\x14", 4));
  EXPECT_EQ(inspect(png, max_side).problem, "The PNG image is 10000×20 pixels; at most 4096×4096 are accepted.");
}

TEST(Image, BaselineAndProgressiveJpegsAreMeasured) {
  const auto baseline = inspect(baseline_jpeg(), max_side);
  ASSERT_TRUE(baseline.info) << baseline.problem;
  EXPECT_EQ(baseline.info->format, Format::jpeg);
  EXPECT_EQ(baseline.info->width, 3u);
  EXPECT_EQ(baseline.info->height, 2u);
  EXPECT_EQ(media_type(Format::jpeg), "image/jpeg");
  const auto progressive = inspect(progressive_jpeg(), max_side);
  ASSERT_TRUE(progressive.info) << progressive.problem;
  EXPECT_EQ(progressive.info->width, 5u);
  EXPECT_EQ(progressive.info->height, 4u);
  EXPECT_EQ(inspect(lineport::testing::jpeg_of_size(70000), max_side).info->width,
            3u);  // comments skipped
  EXPECT_EQ(inspect(baseline_jpeg(), 2).problem, "The JPEG image is 3×2 pixels; at most 2×2 are accepted.");
}

TEST(Image, AJpegCutShortOrDamagedIsRefused) {
  for (std::size_t keep = 3; keep < baseline_jpeg().size(); keep += 7) {
    SCOPED_TRACE(keep);
    EXPECT_FALSE(inspect(baseline_jpeg().substr(0, keep), max_side).info);
  }
  EXPECT_EQ(inspect(baseline_jpeg().substr(0, baseline_jpeg().size() - 2), max_side).problem,
            "The JPEG image is cut short.");
  // SOI and EOI with nothing between.
  EXPECT_FALSE(inspect(std::string("\xFF\xD8\xFF\xD9", 4), max_side).info);
  // A frame header claiming zero width.
  std::string zero = baseline_jpeg();
  const auto sof = zero.find(std::string("\xFF\xC0", 2));
  ASSERT_NE(sof, std::string::npos);
  zero[sof + 7] = 0;
  zero[sof + 8] = 0;
  EXPECT_EQ(inspect(zero, max_side).problem, "The JPEG image is damaged: its size is zero.");
}

TEST(Image, OtherFilesAreRefusedWhateverTheyClaim) {
  const std::string not_image = "The file is not a PNG or JPEG image, whatever its name or type says.";
  EXPECT_EQ(inspect("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", max_side).problem,
            not_image);
  EXPECT_EQ(inspect("<!DOCTYPE html><html></html>", max_side).problem, not_image);
  EXPECT_EQ(inspect("GIF89a\x01\x00\x01\x00", max_side).problem, not_image);
  EXPECT_EQ(inspect("", max_side).problem, not_image);
  EXPECT_EQ(inspect("\x89PNG", max_side).problem, not_image);
}

}  // namespace
}  // namespace lineport::image
