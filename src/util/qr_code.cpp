#include "util/qr_code.h"

#include <png.h>
#include <qrencode.h>

#include <cerrno>
#include <csetjmp>
#include <memory>
#include <new>
#include <stdexcept>
#include <vector>

namespace lineport::qr {
namespace {

struct QrCodeDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

struct Bitmap {
  png_uint_32 side = 0;               // pixels, square
  std::size_t row_bytes = 0;          // 8 pixels per byte, most significant bit first
  std::vector<unsigned char> pixels;  // 1 = white, 0 = black (PNG grayscale)
};

Bitmap render(const QRcode& code) {
  const int modules = code.width + 2 * quiet_zone_modules;
  Bitmap bitmap;
  bitmap.side = static_cast<png_uint_32>(modules * pixels_per_module);
  bitmap.row_bytes = (bitmap.side + 7) / 8;
  bitmap.pixels.assign(bitmap.row_bytes * bitmap.side, 0xFF);
  for (int my = 0; my < code.width; ++my) {
    for (int mx = 0; mx < code.width; ++mx) {
      // libqrencode: the lowest bit of each module's byte says dark.
      if ((code.data[my * code.width + mx] & 1) == 0) continue;
      const int x0 = (mx + quiet_zone_modules) * pixels_per_module;
      const int y0 = (my + quiet_zone_modules) * pixels_per_module;
      for (int y = y0; y < y0 + pixels_per_module; ++y) {
        unsigned char* row = bitmap.pixels.data() + static_cast<std::size_t>(y) * bitmap.row_bytes;
        for (int x = x0; x < x0 + pixels_per_module; ++x) row[x / 8] &= static_cast<unsigned char>(~(0x80u >> (x % 8)));
      }
    }
  }
  return bitmap;
}

void append_png_bytes(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<std::string*>(png_get_io_ptr(png));
  bool appended = true;
  try {
    out->append(reinterpret_cast<const char*>(data), length);
  } catch (const std::bad_alloc&) {
    appended = false;
  }
  // Outside the handler: png_error leaves by longjmp, which must skip no live C++ object.
  if (!appended) png_error(png, "out of memory");
}

void flush_nothing(png_structp) {}

// libpng reports errors by longjmp back to the setjmp here, so this function keeps no object
// with a destructor between the two.
bool write_png(const Bitmap& bitmap, std::string* out) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (!png) return false;
  png_infop info = png_create_info_struct(png);
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_set_write_fn(png, out, append_png_bytes, flush_nothing);
  png_set_IHDR(png, info, bitmap.side, bitmap.side, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (png_uint_32 y = 0; y < bitmap.side; ++y)
    png_write_row(png, bitmap.pixels.data() + static_cast<std::size_t>(y) * bitmap.row_bytes);
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

}  // namespace

std::string qr_png(std::string_view text) {
  if (text.empty()) throw std::invalid_argument("qr: the text must not be empty");
  if (text.find('\0') != std::string_view::npos)
    throw std::invalid_argument("qr: the text must not contain a NUL byte");
  const std::string terminated(text);
  errno = 0;
  // Version 0: the smallest that fits. Case-sensitive, so a link keeps its exact spelling.
  const std::unique_ptr<QRcode, QrCodeDeleter> code(
      QRcode_encodeString(terminated.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!code) {
    if (errno == ERANGE || errno == EINVAL) throw std::invalid_argument("qr: the text is too long for a QR code");
    throw std::runtime_error("qr: encoding failed");
  }
  const Bitmap bitmap = render(*code);
  std::string png;
  if (!write_png(bitmap, &png)) throw std::runtime_error("qr: writing the PNG failed");
  return png;
}

}  // namespace lineport::qr
