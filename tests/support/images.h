#pragma once
// Images for the tests of photo uploads: real JPEGs (made by libjpeg-turbo) and a JPEG padded to
// an exact size, for the unit tests of util/image and the HTTP tests alike.

#include <cstddef>
#include <string>

namespace lineport::testing {

// 3×2 pixels, baseline, 314 bytes.
const std::string& baseline_jpeg();
// 5×4 pixels, progressive.
const std::string& progressive_jpeg();
// baseline_jpeg() with comment (COM) segments after its start, `size` bytes in all (at least 320).
std::string jpeg_of_size(std::size_t size);

}  // namespace lineport::testing
