#pragma once
// QR code images for mail (docs/product.md#alerts-and-notifications: the email invitation carries a QR code of its
// activation link), through libqrencode and libpng.

#include <string>
#include <string_view>

namespace lineport::qr {

// Blank modules around the code, as the QR standard asks for, so a reader finds its edges.
inline constexpr int quiet_zone_modules = 4;
// About 2.5 cm for a typical activation link on a screen: big enough for any phone camera.
inline constexpr int pixels_per_module = 6;

// A PNG (1-bit grayscale, black on white) of `text` as a QR code at error correction level M,
// with the quiet zone, each module pixels_per_module pixels square. The same text always gives
// the same bytes. Throws std::invalid_argument when the text is empty, holds a NUL byte or is
// too long for a QR code; std::runtime_error when encoding fails otherwise (out of memory).
std::string qr_png(std::string_view text);

}  // namespace lineport::qr
