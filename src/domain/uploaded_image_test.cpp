#include "domain/uploaded_image.h"

#include <gtest/gtest.h>

#include "domain/error.h"
#include "util/qr_code.h"

namespace lineport {
namespace {

DomainError refusal_of(std::string bytes, std::string_view field = "photo") {
  try {
    check_uploaded_image(std::move(bytes), field);
  } catch (const DomainError& e) {
    return e;
  }
  ADD_FAILURE() << "the image was accepted";
  return DomainError(ErrorCode::internal, "");
}

TEST(UploadedImage, APngIsTakenWithWhatItsContentSays) {
  const std::string png = qr::qr_png("ana@example.com");
  const UploadedImage photo = check_uploaded_image(png, "photo");
  EXPECT_EQ(photo.media_type, "image/png");
  EXPECT_GT(photo.width, 0u);
  EXPECT_EQ(photo.width, photo.height);
  EXPECT_EQ(photo.bytes, png);
}

TEST(UploadedImage, MoreThanOneMebibyteIs413BeforeAnythingElse) {
  const auto e = refusal_of(std::string(max_image_bytes + 1, 'x'), "logo");
  EXPECT_EQ(e.code(), ErrorCode::payload_too_large);
  EXPECT_NE(std::string(e.what()).find("1048577 bytes"), std::string::npos) << e.what();
  ASSERT_EQ(e.field_errors().size(), 1u);
  EXPECT_EQ(e.field_errors()[0].field, "logo");
}

TEST(UploadedImage, AnythingButAPngOrJpegIs422NamingWhatIsAllowed) {
  for (const std::string& body :
       {std::string(), std::string("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), qr::qr_png("x").substr(0, 60)}) {
    SCOPED_TRACE(body.size());
    const auto e = refusal_of(body);
    EXPECT_EQ(e.code(), ErrorCode::validation_failed);
    EXPECT_NE(std::string(e.what()).find("Send a PNG or JPEG image of at most 1 MiB"), std::string::npos) << e.what();
    ASSERT_EQ(e.field_errors().size(), 1u);
    EXPECT_EQ(e.field_errors()[0].field, "photo");
  }
}

}  // namespace
}  // namespace lineport
