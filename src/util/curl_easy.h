#pragma once
// libcurl for the senders (SMTP, the SMS gateway, webhooks): one easy handle per sender, reused so
// that consecutive messages keep one connection, and header or recipient lists that free
// themselves. Include it from .cpp files only: it brings in <curl/curl.h>.

#include <curl/curl.h>

#include <memory>
#include <string>

namespace lineport::curl {

// A curl_slist that grows by append and is freed with its owner.
class List {
 public:
  void append(const std::string& line);  // throws std::bad_alloc
  curl_slist* get() const { return list_.get(); }

 private:
  struct Free {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
  };
  std::unique_ptr<curl_slist, Free> list_;
};

// How a transfer ended.
struct Outcome {
  CURLcode code = CURLE_OK;
  long response = 0;  // the server's last reply code (HTTP status, SMTP reply), 0 if none
  std::string error;  // for a failed transfer: libcurl's text, with its detail in brackets
  bool ok() const { return code == CURLE_OK; }
};

class Easy {
 public:
  Easy();  // initialises libcurl once per process; throws std::runtime_error
  ~Easy();
  Easy(const Easy&) = delete;
  Easy& operator=(const Easy&) = delete;

  // The handle for a new transfer: the last one's options are cleared (its connection stays
  // cached) and every transfer times out without signals, as the senders run on threads.
  CURL* start();
  Outcome perform();

 private:
  CURL* curl_;
  char error_[CURL_ERROR_SIZE] = {};
};

}  // namespace lineport::curl
