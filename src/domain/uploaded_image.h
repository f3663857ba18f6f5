#pragma once
// An uploaded image (an administrator's profile photo, an organization's logo): a PNG or JPEG of at
// most 1 MiB and 4096×4096 pixels, judged by its bytes alone (util/image.h), never by a
// Content-Type or a file name (docs/security.md).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lineport {

inline constexpr std::size_t max_image_bytes = std::size_t{1} << 20;
inline constexpr std::uint32_t max_image_side = 4096;

struct UploadedImage {
  std::string media_type;  // image/png | image/jpeg, from the content
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::string bytes;
};

// The image in an upload's body; throws DomainError naming `field` ("photo", "logo"): 413 above
// 1 MiB, 422 for an empty body or anything but one whole PNG or JPEG image of at most 4096×4096
// pixels.
UploadedImage check_uploaded_image(std::string bytes, std::string_view field);

// What the API serves back.
struct StoredImage {
  std::string media_type;
  std::string sha256;  // hex, the ETag
  std::string bytes;
};

}  // namespace lineport
