#include "domain/uploaded_image.h"

#include "domain/error.h"
#include "util/image.h"

namespace lineport {

namespace {

// What a refusal says is allowed, after what it found.
std::string refusal(std::string found) {
  return found.append(" Send a PNG or JPEG image of at most 1 MiB (1,048,576 bytes) and 4096×4096 pixels.");
}

}  // namespace

UploadedImage check_uploaded_image(std::string bytes, std::string_view field) {
  const std::string name(field);
  if (bytes.size() > max_image_bytes)
    throw DomainError(ErrorCode::payload_too_large,
                      refusal("The " + name + " is " + std::to_string(bytes.size()) + " bytes."),
                      {{name, "At most 1 MiB (1,048,576 bytes)."}});
  if (bytes.empty())
    throw DomainError(ErrorCode::validation_failed, refusal("The request has no " + name + "."),
                      {{name, "Is required: the image is the request body."}});
  const auto inspection = image::inspect(bytes, max_image_side);
  if (!inspection.info)
    throw DomainError(ErrorCode::validation_failed, refusal(inspection.problem), {{name, inspection.problem}});
  return {std::string(image::media_type(inspection.info->format)), inspection.info->width, inspection.info->height,
          std::move(bytes)};
}

}  // namespace lineport
