// Administrators' profile photos: PUT, GET, DELETE /admins/{id}/photo, checked by content, served
// as what they are, and with the same rules as editing (or reading) the administrator.

#include <gtest/gtest.h>

#include "support/images.h"
#include "support/mail.h"
#include "support/test_server.h"
#include "util/qr_code.h"

namespace lineport::testing {
namespace {

constexpr std::size_t mebibyte = std::size_t{1} << 20;

class AdminPhotos : public ::testing::Test {
 protected:
  void SetUp() override {
    root = server.root_client();
    abc = root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "ABC Bank"}}).json()["id"];
    retail = root.post("/api/v1/orgs/" + abc + "/children", {{"name", "Retail"}}).json()["id"];
    manager_role = root.post("/api/v1/orgs/" + abc + "/roles",
                             {{"name", "Manager"}, {"privileges", {"administrators", "dashboard"}}})
                       .json()["id"];
    ana = invite(abc, "ana@abc.example", manager_role);
  }

  std::string invite(const std::string& org, const std::string& email, const std::string& role) {
    const auto r = root.post("/api/v1/orgs/" + org + "/admins",
                             {{"first_name", "Ana"}, {"last_name", "Silva"}, {"email", email}, {"role_id", role}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", "");
  }

  // Signs in with the emailed password and sets a new one.
  HttpClient activate(const std::string& email) {
    const auto password = mail_field(server.wait_for_message(email, "admin_invitation"), "Password").value_or("");
    HttpClient c = server.client();
    EXPECT_EQ(c.sign_in(email, password).status, 200);
    EXPECT_EQ(c.post("/api/v1/auth/password", {{"current_password", password}, {"new_password", "chosen-password-42"}})
                  .status,
              204);
    return c;
  }

  static HttpResult put(HttpClient& c, const std::string& id, const std::string& body,
                        const std::string& type = "image/png") {
    return c.send("PUT", "/api/v1/admins/" + id + "/photo", body, type);
  }

  TestServer server;
  HttpClient root{0};
  std::string abc, retail, manager_role, ana;
};

TEST_F(AdminPhotos, APhotoIsStoredAndServedAsWhatItIs) {
  const std::string png = qr::qr_png("ana@abc.example");
  const auto saved = put(root, ana, png);
  ASSERT_EQ(saved.status, 200) << saved.body;
  const std::string url = saved.json()["photo_url"];
  EXPECT_TRUE(url.starts_with("/api/v1/admins/" + ana + "/photo?v=")) << url;
  EXPECT_EQ(root.get("/api/v1/admins/" + ana).json()["photo_url"], url);

  const auto served = root.get(url);
  ASSERT_EQ(served.status, 200);
  EXPECT_EQ(served.body, png);
  EXPECT_EQ(served.header("content-type"), "image/png");
  EXPECT_EQ(served.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(served.header("cache-control"), "private, no-cache");
  const auto etag = served.header("etag");
  ASSERT_FALSE(etag.empty());
  const auto again = root.send("GET", url, "", "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());

  // A JPEG sent as image/png is served as the JPEG it is; the address changes with the photo.
  const auto jpeg = put(root, ana, baseline_jpeg(), "image/png");
  ASSERT_EQ(jpeg.status, 200) << jpeg.body;
  EXPECT_NE(jpeg.json()["photo_url"], url);
  const auto served_jpeg = root.get("/api/v1/admins/" + ana + "/photo");
  EXPECT_EQ(served_jpeg.header("content-type"), "image/jpeg");
  EXPECT_EQ(served_jpeg.body, baseline_jpeg());
  EXPECT_EQ(root.send("GET", url, "", "", {{"If-None-Match", etag}}).status, 200);

  // Exactly 1 MiB is allowed.
  const auto largest = jpeg_of_size(mebibyte);
  ASSERT_EQ(largest.size(), mebibyte);
  ASSERT_EQ(put(root, ana, largest, "image/jpeg").status, 200);
  EXPECT_EQ(root.get("/api/v1/admins/" + ana + "/photo").body, largest);

  // The change is in the administrators activity, without the image.
  const auto log = root.get("/api/v1/orgs/" + abc + "/reports/admin_activity?event=admin.photo.update").json();
  ASSERT_EQ(log["total"], 3);
  EXPECT_EQ(log["items"][0]["changes"]["media_type"], "image/jpeg");
  EXPECT_EQ(log["items"][0]["changes"]["bytes"], mebibyte);

  ASSERT_EQ(root.del("/api/v1/admins/" + ana + "/photo").status, 204);
  EXPECT_EQ(root.get("/api/v1/admins/" + ana + "/photo").status, 404);
  EXPECT_TRUE(root.get("/api/v1/admins/" + ana).json()["photo_url"].is_null());
  EXPECT_EQ(root.del("/api/v1/admins/" + ana + "/photo").status, 404);
}

// What an attacker might send instead of a photo: each is refused with a problem naming what is
// allowed, and the photo stays what it was.
TEST_F(AdminPhotos, AnythingButAPngOrJpegOfAtMostOneMebibyteIsRefused) {
  const std::string png = qr::qr_png("ana@abc.example");
  ASSERT_EQ(put(root, ana, png).status, 200);
  const auto kept = [&] { return root.get("/api/v1/admins/" + ana + "/photo").body == png; };

  struct Attempt {
    std::string what, body, type;
    int status;
    std::string detail;
  };
  const std::vector<Attempt> attempts = {
      {"an SVG renamed .png", R"svg(<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>)svg", "image/png", 422,
       "not a PNG or JPEG image"},
      {"an HTML page renamed .jpg", "<!DOCTYPE html><script>alert(document.cookie)</script>", "image/jpeg", 422,
       "not a PNG or JPEG image"},
      {"a truncated PNG", png.substr(0, png.size() / 2), "image/png", 422, "The PNG image is cut short."},
      {"a PNG with a page after its end", png + "<script>alert(1)</script>", "image/png", 422,
       "The PNG image has data after its end."},
      {"a truncated JPEG", baseline_jpeg().substr(0, 200), "image/jpeg", 422, "The JPEG image is cut short."},
      {"an empty body", "", "image/png", 422, "no photo"},
      {"an SVG as what it is", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "image/svg+xml", 415,
       "image/png or image/jpeg"},
      {"a PNG as an HTML page", png, "text/html", 415, "image/png or image/jpeg"},
  };
  for (const auto& attempt : attempts) {
    SCOPED_TRACE(attempt.what);
    const auto refused = put(root, ana, attempt.body, attempt.type);
    EXPECT_EQ(refused.status, attempt.status) << refused.body;
    EXPECT_EQ(refused.header("content-type"), "application/problem+json");
    EXPECT_NE(refused.json().value("detail", "").find(attempt.detail), std::string::npos) << refused.body;
    if (attempt.status == 422) {
      EXPECT_NE(refused.json()["detail"].get<std::string>().find("Send a PNG or JPEG image of at most 1 MiB"),
                std::string::npos);
      ASSERT_EQ(refused.json()["errors"].size(), 1u);
      EXPECT_EQ(refused.json()["errors"][0]["field"], "photo");
    }
    EXPECT_TRUE(kept());
  }

  // 1 MiB + 1 byte is refused from its Content-Length, before any of it is read (or anyone asked
  // who sends it). Only the header is sent: a client still writing the body when the server
  // closes could meet a reset instead of the answer.
  const auto too_large = raw_exchange(server.port(), "PUT /api/v1/admins/" + ana +
                                                         "/photo HTTP/1.1\r\nHost: x\r\n"
                                                         "Content-Type: image/jpeg\r\nContent-Length: " +
                                                         std::to_string(mebibyte + 1) + "\r\n\r\n");
  EXPECT_TRUE(too_large.starts_with("HTTP/1.1 413")) << too_large;
  EXPECT_NE(too_large.find("application/problem+json"), std::string::npos);
  EXPECT_NE(too_large.find("\"payload_too_large\""), std::string::npos);
  EXPECT_NE(too_large.find("larger than 1048576 bytes"), std::string::npos) << too_large;
  EXPECT_TRUE(kept());
  // Other requests keep their limits: 1 MiB + 1 byte of JSON is no problem for its size.
  const auto big_json = root.send("PATCH", "/api/v1/auth/me", "{\"first_name\": \"Root\"}" + std::string(mebibyte, ' '),
                                  "application/json");
  EXPECT_EQ(big_json.status, 200) << big_json.body;
}

TEST_F(AdminPhotos, EveryoneManagesTheirOwnPhotoAndOthersAsTheyManageTheAdministrator) {
  // A role without any privilege still has My Profile, and its photo.
  const auto nothing =
      root.post("/api/v1/orgs/" + abc + "/roles", {{"name", "Nothing"}, {"privileges", nlohmann::json::array()}})
          .json()["id"]
          .get<std::string>();
  const auto plain = invite(abc, "plain@abc.example", nothing);
  auto me = activate("plain@abc.example");
  const std::string png = qr::qr_png("plain");
  const auto own = put(me, plain, png);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(me.get("/api/v1/auth/me").json()["admin"]["photo_url"], own.json()["photo_url"]);
  EXPECT_EQ(me.get("/api/v1/admins/" + plain + "/photo").body, png);
  // Not someone else's, even in the same organization.
  EXPECT_EQ(put(me, ana, png).status, 403);
  EXPECT_EQ(me.get("/api/v1/admins/" + ana + "/photo").status, 403);
  EXPECT_EQ(me.del("/api/v1/admins/" + ana + "/photo").status, 403);
  ASSERT_EQ(me.del("/api/v1/admins/" + plain + "/photo").status, 204);

  // A manager of ABC manages the photos of ABC's administrators below, not of a stronger one.
  auto manager = activate("ana@abc.example");
  const auto clerk = invite(retail, "clerk@abc.example", manager_role);
  EXPECT_EQ(put(manager, clerk, png).status, 200);
  EXPECT_EQ(manager.get("/api/v1/admins/" + clerk + "/photo").status, 200);
  const auto boss = server.add_admin(abc, "boss@abc.example", "boss-password-123");  // super administrator
  EXPECT_EQ(put(manager, boss, png).status, 403);
  EXPECT_EQ(manager.del("/api/v1/admins/" + boss + "/photo").status, 403);

  // Outside the caller's subtree, as if it did not exist: another tenant, and above.
  const auto other =
      root.post("/api/v1/orgs/" + server.root_org_id() + "/children", {{"name", "Other Bank"}}).json()["id"];
  const auto super_role = root.get("/api/v1/auth/me").json()["admin"]["role_id"].get<std::string>();
  const auto stranger = invite(other, "stranger@other.example", super_role);
  ASSERT_EQ(put(root, stranger, png).status, 200);
  const auto root_admin = root.get("/api/v1/auth/me").json()["admin"]["id"].get<std::string>();
  for (const auto& id : {stranger, root_admin}) {
    SCOPED_TRACE(id);
    EXPECT_EQ(put(manager, id, png).status, 404);
    EXPECT_EQ(manager.get("/api/v1/admins/" + id + "/photo").status, 404);
    EXPECT_EQ(manager.del("/api/v1/admins/" + id + "/photo").status, 404);
  }
  EXPECT_EQ(root.get("/api/v1/admins/" + stranger + "/photo").body, png);
  EXPECT_EQ(put(manager, "no-such-admin", png).status, 404);
  // Without a session, nothing.
  auto anonymous = server.client();
  EXPECT_EQ(anonymous.get("/api/v1/admins/" + stranger + "/photo").status, 401);
  EXPECT_EQ(put(anonymous, stranger, png).status, 401);
}

}  // namespace
}  // namespace lineport::testing
