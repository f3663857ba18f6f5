#pragma once
// What an uploaded image really is, read from its bytes alone (never from a Content-Type or a
// file name): a PNG decoded whole by libpng, or a JPEG whose markers are walked from SOI to EOI
// with its frame header read. Anything else, a damaged or cut-short file, data after the
// image's end, or more than `max_side` pixels on a side is refused with the reason.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lineport::image {

enum class Format { png, jpeg };

struct Info {
  Format format = Format::png;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

struct Inspection {
  std::optional<Info> info;  // set when the bytes are one whole PNG or JPEG image
  std::string problem;       // why not, for a person ("The PNG image is cut short.")
};

Inspection inspect(std::string_view bytes, std::uint32_t max_side);

// "image/png" or "image/jpeg".
std::string_view media_type(Format format);

}  // namespace lineport::image
