#include "util/image.h"

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>

namespace lineport::image {
namespace {

constexpr unsigned char png_signature[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

unsigned byte_at(std::string_view bytes, std::size_t at) {
  return static_cast<unsigned char>(bytes[at]);
}

std::uint32_t big_endian(std::string_view bytes, std::size_t at, std::size_t count) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < count; ++i) value = (value << 8) | byte_at(bytes, at + i);
  return value;
}

Inspection refuse(std::string problem) {
  return {std::nullopt, std::move(problem)};
}

Inspection too_large(std::string_view kind, std::uint32_t width, std::uint32_t height, std::uint32_t max_side) {
  const auto side = std::to_string(max_side);
  return refuse("The " + std::string(kind) + " image is " + std::to_string(width) + "×" + std::to_string(height) +
                " pixels; at most " + side + "×" + side + " are accepted.");
}

// ---- PNG: decoded whole by libpng -------------------------------------------------------------

// Everything the libpng callbacks touch, kept outside the function that calls setjmp.
struct PngSource {
  std::string_view bytes;
  std::size_t offset = 0;
  bool cut_short = false;
  char error[200] = {};  // libpng's first error message
  png_bytep row = nullptr;
};

void read_bytes(png_structp png, png_bytep out, png_size_t length) {
  auto* source = static_cast<PngSource*>(png_get_io_ptr(png));
  if (length > source->bytes.size() - source->offset) {
    source->cut_short = true;
    png_error(png, "cut short");
  }
  std::memcpy(out, source->bytes.data() + source->offset, length);
  source->offset += length;
}

[[noreturn]] void on_error(png_structp png, png_const_charp message) {
  auto* source = static_cast<PngSource*>(png_get_error_ptr(png));
  if (source->error[0] == '\0') std::snprintf(source->error, sizeof source->error, "%s", message);
  png_longjmp(png, 1);
}

void on_warning(png_structp, png_const_charp) {}

// Reads every row and the chunks up to IEND, so a damaged or short file fails here. libpng
// reports errors by longjmp back to the setjmp below: this function keeps no object with a
// destructor between the two.
bool decode_png(PngSource* source, std::uint32_t max_side) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, source, on_error, on_warning);
  if (!png) return false;
  png_infop info = png_create_info_struct(png);
  if (!info) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_free(png, source->row);
    source->row = nullptr;
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  png_set_read_fn(png, source, read_bytes);
  // A second guard besides the IHDR check in inspect_png: a small file must not unpack into an
  // enormous bitmap. Rows are read one at a time, so memory stays at one row.
  png_set_user_limits(png, max_side, max_side);
  png_read_info(png, info);
  const int passes = png_set_interlace_handling(png);
  png_read_update_info(png, info);
  const png_uint_32 height = png_get_image_height(png, info);
  source->row = static_cast<png_bytep>(png_malloc(png, png_get_rowbytes(png, info)));
  for (int pass = 0; pass < passes; ++pass)
    for (png_uint_32 y = 0; y < height; ++y) png_read_row(png, source->row, nullptr);
  png_read_end(png, nullptr);
  png_free(png, source->row);
  source->row = nullptr;
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

Inspection inspect_png(std::string_view bytes, std::uint32_t max_side) {
  // Signature, then the IHDR chunk: length 13, "IHDR", width, height.
  if (bytes.size() < 8 + 8 + 13 + 4) return refuse("The PNG image is cut short.");
  if (bytes.substr(12, 4) != "IHDR" || big_endian(bytes, 8, 4) != 13)
    return refuse("The PNG image is damaged: it does not start with its header (IHDR).");
  const std::uint32_t width = big_endian(bytes, 16, 4);
  const std::uint32_t height = big_endian(bytes, 20, 4);
  if (width > max_side || height > max_side) return too_large("PNG", width, height, max_side);

  PngSource source;
  source.bytes = bytes;
  if (!decode_png(&source, max_side)) {
    if (source.cut_short) return refuse("The PNG image is cut short.");
    return refuse("The PNG image is damaged (" + std::string(source.error) + ").");
  }
  // Bytes after IEND would make the file something else too (a PNG that is also an HTML page).
  if (source.offset != bytes.size()) return refuse("The PNG image has data after its end.");
  return {Info{Format::png, width, height}, ""};
}

// ---- JPEG: the marker segments from SOI to EOI, with the frame header ---------------------------

bool is_frame_marker(unsigned marker) {
  // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

Inspection inspect_jpeg(std::string_view bytes, std::uint32_t max_side) {
  const std::size_t n = bytes.size();
  const auto cut_short = [] { return refuse("The JPEG image is cut short."); };
  const auto damaged = [](const std::string& why) { return refuse("The JPEG image is damaged: " + why + "."); };
  std::optional<Info> frame;
  bool scanned = false;
  std::size_t i = 2;  // after SOI
  for (;;) {
    if (i >= n) return cut_short();
    if (byte_at(bytes, i) != 0xFF) return damaged("a segment does not start with a marker");
    while (i < n && byte_at(bytes, i) == 0xFF) ++i;  // fill bytes
    if (i >= n) return cut_short();
    const unsigned marker = byte_at(bytes, i++);
    if (marker == 0xD9) {  // EOI
      if (!scanned) return damaged("it holds no image data");
      if (i != n) return refuse("The JPEG image has data after its end.");
      return {frame, ""};
    }
    if (marker == 0xD8 || marker == 0x00) return damaged("a marker is out of place");
    if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) continue;  // no length
    if (i + 2 > n) return cut_short();
    const std::size_t length = big_endian(bytes, i, 2);
    if (length < 2) return damaged("a segment has a wrong length");
    if (i + length > n) return cut_short();
    const std::size_t body = i + 2;
    if (is_frame_marker(marker)) {
      if (frame) return damaged("it has two frame headers");
      if (length < 8) return damaged("the frame header is too short");
      const std::uint32_t height = big_endian(bytes, body + 1, 2);
      const std::uint32_t width = big_endian(bytes, body + 3, 2);
      const unsigned components = byte_at(bytes, body + 5);
      if (length != 8 + 3 * components) return damaged("the frame header has a wrong length");
      if (components != 1 && components != 3 && components != 4)
        return damaged("it has " + std::to_string(components) + " color components");
      if (width == 0 || height == 0) return damaged("its size is zero");
      if (width > max_side || height > max_side) return too_large("JPEG", width, height, max_side);
      frame = Info{Format::jpeg, width, height};
    }
    i += length;
    if (marker == 0xDA) {  // SOS: entropy-coded data up to the next marker
      if (!frame) return damaged("image data comes before the frame header");
      scanned = true;
      for (;;) {
        if (i + 1 >= n) return cut_short();
        if (byte_at(bytes, i) != 0xFF) {
          ++i;
          continue;
        }
        const unsigned next = byte_at(bytes, i + 1);
        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {  // a stuffed 0xFF, a restart
          i += 2;
          continue;
        }
        if (next == 0xFF) {  // fill before a marker
          ++i;
          continue;
        }
        break;
      }
    }
  }
}

}  // namespace

Inspection inspect(std::string_view bytes, std::uint32_t max_side) {
  if (bytes.size() >= sizeof png_signature && std::memcmp(bytes.data(), png_signature, sizeof png_signature) == 0)
    return inspect_png(bytes, max_side);
  if (bytes.size() >= 3 && byte_at(bytes, 0) == 0xFF && byte_at(bytes, 1) == 0xD8 && byte_at(bytes, 2) == 0xFF)
    return inspect_jpeg(bytes, max_side);
  return refuse("The file is not a PNG or JPEG image, whatever its name or type says.");
}

std::string_view media_type(Format format) {
  return format == Format::png ? "image/png" : "image/jpeg";
}

}  // namespace lineport::image
