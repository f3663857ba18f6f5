#pragma once
// An administrator's profile photo (docs/product.md#administrators-roles-and-privileges): a PNG or JPEG of at most 1
// MiB and 4096×4096 pixels, judged by its bytes alone (util/image.h), never by a Content-Type or a file name.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lineport::admins {

inline constexpr std::size_t max_photo_bytes = std::size_t{1} << 20;
inline constexpr std::uint32_t max_photo_side = 4096;

struct Photo {
  std::string media_type;  // image/png | image/jpeg, from the content
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::string bytes;
};

// The photo in an upload's body; throws DomainError: 413 above 1 MiB, 422 (field "photo") for an
// empty body or anything but one whole PNG or JPEG image of at most 4096×4096 pixels.
Photo check_photo(std::string bytes);

// What the API serves back.
struct StoredPhoto {
  std::string media_type;
  std::string sha256;  // hex, the ETag
  std::string bytes;
};

}  // namespace lineport::admins
