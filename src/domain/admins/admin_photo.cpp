#include "domain/admins/admin_photo.h"

#include "domain/error.h"
#include "util/image.h"

namespace lineport::admins {

namespace {

// What a refusal says is allowed, after what it found.
std::string refusal(std::string found) {
  return found.append(" Send a PNG or JPEG image of at most 1 MiB (1,048,576 bytes) and 4096×4096 pixels.");
}

}  // namespace

Photo check_photo(std::string bytes) {
  if (bytes.size() > max_photo_bytes)
    throw DomainError(ErrorCode::payload_too_large, refusal("The photo is " + std::to_string(bytes.size()) + " bytes."),
                      {{"photo", "At most 1 MiB (1,048,576 bytes)."}});
  if (bytes.empty())
    throw DomainError(ErrorCode::validation_failed, refusal("The request has no photo."),
                      {{"photo", "Is required: the image is the request body."}});
  const auto inspection = image::inspect(bytes, max_photo_side);
  if (!inspection.info)
    throw DomainError(ErrorCode::validation_failed, refusal(inspection.problem), {{"photo", inspection.problem}});
  return {std::string(image::media_type(inspection.info->format)), inspection.info->width, inspection.info->height,
          std::move(bytes)};
}

}  // namespace lineport::admins
