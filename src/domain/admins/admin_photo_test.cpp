#include "domain/admins/admin_photo.h"

#include <gtest/gtest.h>

#include "domain/error.h"
#include "util/qr_code.h"

namespace lineport::admins {
namespace {

DomainError refusal_of(std::string bytes) {
  try {
    check_photo(std::move(bytes));
  } catch (const DomainError& e) {
    return e;
  }
  ADD_FAILURE() << "the photo was accepted";
  return DomainError(ErrorCode::internal, "");
}

TEST(AdminPhoto, APngIsTakenWithWhatItsContentSays) {
  const std::string png = qr::qr_png("ana@example.com");
  const Photo photo = check_photo(png);
  EXPECT_EQ(photo.media_type, "image/png");
  EXPECT_GT(photo.width, 0u);
  EXPECT_EQ(photo.width, photo.height);
  EXPECT_EQ(photo.bytes, png);
}

TEST(AdminPhoto, MoreThanOneMebibyteIs413BeforeAnythingElse) {
  const auto e = refusal_of(std::string(max_photo_bytes + 1, 'x'));
  EXPECT_EQ(e.code(), ErrorCode::payload_too_large);
  EXPECT_NE(std::string(e.what()).find("1048577 bytes"), std::string::npos) << e.what();
  ASSERT_EQ(e.field_errors().size(), 1u);
  EXPECT_EQ(e.field_errors()[0].field, "photo");
}

TEST(AdminPhoto, AnythingButAPngOrJpegIs422NamingWhatIsAllowed) {
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
}  // namespace lineport::admins
