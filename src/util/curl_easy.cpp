#include "util/curl_easy.h"

#include <mutex>
#include <new>
#include <stdexcept>

namespace lineport::curl {

void List::append(const std::string& line) {
  curl_slist* grown = curl_slist_append(list_.get(), line.c_str());
  if (!grown) throw std::bad_alloc();
  (void)list_.release();  // now the head of `grown`
  list_.reset(grown);
}

Easy::Easy() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
  });
  curl_ = curl_easy_init();
  if (!curl_) throw std::runtime_error("curl_easy_init failed");
}

Easy::~Easy() {
  curl_easy_cleanup(curl_);
}

CURL* Easy::start() {
  curl_easy_reset(curl_);
  error_[0] = '\0';
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error_);
  return curl_;
}

Outcome Easy::perform() {
  Outcome out;
  out.code = curl_easy_perform(curl_);
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &out.response);
  if (!out.ok()) {
    out.error = curl_easy_strerror(out.code);
    if (error_[0]) out.error += std::string(" (") + error_ + ")";
  }
  return out;
}

}  // namespace lineport::curl
