// Writes gzip (zlib, level 9) and brotli (libbrotli, quality 11) copies next to every
// compressible file of a directory: x.js -> x.js.gz, x.js.br. Run by scripts/build-web.sh on
// web/dist; the server sends the copy a request's Accept-Encoding allows
// (src/http/static_files.cpp, docs/performance.md). A copy that would not be smaller than its file
// is not written.
//   precompress <directory>
#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool write(const fs::path& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  return static_cast<bool>(out);
}

// gzip (RFC 1952) with a zero modification time, so a build gives the same bytes every time.
std::string gzip(const std::string& in) {
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, in.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return status == Z_STREAM_END ? out : std::string();
}

std::string brotli(const std::string& in, BrotliEncoderMode mode) {
  std::size_t size = BrotliEncoderMaxCompressedSize(in.size());
  if (size == 0) size = in.size() + 1024;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW, mode, in.size(),
                             reinterpret_cast<const uint8_t*>(in.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data())))
    return {};
  out.resize(size);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 || !fs::is_directory(argv[1])) {
    std::fprintf(stderr, "usage: precompress <directory>\n");
    return 2;
  }
  // Text formats only: images and fonts are compressed already.
  const std::set<std::string> compressible = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".map", ".ico"};
  std::uintmax_t before = 0, after_gzip = 0, after_br = 0;
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(argv[1])) {
    if (!entry.is_regular_file() || !compressible.contains(entry.path().extension().string())) continue;
    const std::string content = read(entry.path());
    if (content.size() < 256) continue;  // the headers would cost more than the saving
    const bool text = entry.path().extension() != ".ico";
    const std::string gz = gzip(content);
    const std::string br = brotli(content, text ? BROTLI_MODE_TEXT : BROTLI_MODE_GENERIC);
    if (gz.empty() || br.empty()) {
      std::fprintf(stderr, "precompress: cannot compress %s\n", entry.path().c_str());
      return 1;
    }
    for (const auto& [suffix, data] : {std::pair{".gz", &gz}, std::pair{".br", &br}}) {
      fs::path copy = entry.path();
      copy += suffix;
      if (data->size() >= content.size()) {
        fs::remove(copy);
        continue;
      }
      if (!write(copy, *data)) {
        std::fprintf(stderr, "precompress: cannot write %s\n", copy.c_str());
        return 1;
      }
    }
    before += content.size();
    after_gzip += std::min(gz.size(), content.size());
    after_br += std::min(br.size(), content.size());
    ++files;
  }
  std::printf("precompress: %d files, %ju KiB -> gzip %ju KiB, brotli %ju KiB\n", files, before / 1024,
              after_gzip / 1024, after_br / 1024);
  return 0;
}
