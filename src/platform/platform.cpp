#include "platform/platform.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fcntl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <unistd.h>

namespace reskill::platform {

namespace {
// 2024-01-01T00:00:00Z in Unix milliseconds.
constexpr std::int64_t kEpochMs = 1'704'067'200'000;
}  // namespace

Status InitCrypto() {
  if (sodium_init() < 0) return Internal("libsodium failed to initialise");
  return Status::Ok();
}

Timestamp SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

TimeOrderedIdGenerator::TimeOrderedIdGenerator()
    : node_(static_cast<std::int64_t>(randombytes_uniform(1024))), last_(0) {}

std::int64_t TimeOrderedIdGenerator::Next() {
  const std::int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count() -
                          kEpochMs;
  const std::int64_t floor = (ms << 22) | (node_ << 12);
  std::int64_t prev = last_.load();
  while (true) {
    // Within one millisecond (or if the clock stepped back) keep counting up from the last id;
    // the counter bits then carry into the time bits, which keeps ids unique and increasing.
    const std::int64_t next = prev >= floor ? prev + 1 : floor;
    if (last_.compare_exchange_weak(prev, next)) return next;
  }
}

SodiumPasswordHasher::SodiumPasswordHasher(unsigned long long ops_limit, std::size_t mem_limit_kib)
    : ops_limit_(ops_limit), mem_limit_bytes_(mem_limit_kib * 1024) {
  // VerifyDummy's hash: a well-formed Argon2id string with this hasher's cost and a random salt
  // and digest. Checking a password against it costs what checking a real hash costs (the work
  // is set by the parameters the string names), and building it costs nothing, where hashing a
  // dummy password took 0.1 s and 64 MiB in every process, also every CLI command and job run
  // that never checks a password.
  unsigned char salt[crypto_pwhash_SALTBYTES];
  unsigned char digest[32];
  randombytes_buf(salt, sizeof salt);
  randombytes_buf(digest, sizeof digest);
  const auto b64 = [](const unsigned char* bytes, std::size_t n) {
    std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, n, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    out.resize(std::strlen(out.c_str()));
    return out;
  };
  dummy_hash_ = fmt::format("$argon2id$v=19$m={},t={},p=1${}${}", mem_limit_kib, ops_limit,
                            b64(salt, sizeof salt), b64(digest, sizeof digest));
}

StatusOr<std::string> SodiumPasswordHasher::Hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops_limit_, mem_limit_bytes_,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhausted("not enough memory to hash the password");
  }
  return std::string(out);
}

bool SodiumPasswordHasher::Verify(std::string_view hash, std::string_view password) const {
  const std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

void SodiumPasswordHasher::VerifyDummy(std::string_view password) const {
  (void)Verify(dummy_hash_, password);
}

std::string SodiumSecretTokens::NewToken() const {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(out);
}

std::string SodiumSecretTokens::HashToken(std::string_view token) const {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex);
}

bool SodiumSecretTokens::Equal(std::string_view a, std::string_view b) const {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

StatusOr<ContactKey> LoadContactKey(const std::filesystem::path& path, bool create) {
  namespace fs = std::filesystem;
  constexpr const char* kField = "security.contact_key_file";
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (!create) return NotFound("the contact key file " + path.string() + " does not exist");
    ContactKey key;
    randombytes_buf(key.data(), key.size());
    char hex[key.size() * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, key.data(), key.size());
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      return InvalidArgument(
          "cannot create the contact key file " + path.string() + ": " + std::strerror(errno),
          kField);
    }
    std::string text = std::string(hex) + "\n";
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    sodium_memzero(hex, sizeof hex);
    sodium_memzero(text.data(), text.size());
    if (!written || !synced) return Internal("cannot write the contact key file " + path.string());
    return key;
  }
  std::ifstream in(path);
  std::string text;
  if (!in || !std::getline(in, text)) {
    return InvalidArgument("cannot read the contact key file " + path.string(), kField);
  }
  ContactKey key;
  std::size_t length = 0;
  const bool ok = text.size() == key.size() * 2 &&
                  sodium_hex2bin(key.data(), key.size(), text.data(), text.size(), nullptr, &length,
                                 nullptr) == 0 &&
                  length == key.size();
  sodium_memzero(text.data(), text.size());
  if (!ok) {
    return InvalidArgument(
        "the contact key file " + path.string() + " must hold one line of 64 hex digits", kField);
  }
  return key;
}

SodiumContactCipher::SodiumContactCipher(const ContactKey& master) {
  static constexpr char kContext[crypto_kdf_CONTEXTBYTES] = {'r', 'e', 's', 'k',
                                                             'i', 'l', 'l', 'c'};
  crypto_kdf_derive_from_key(box_key_.data(), box_key_.size(), 1, kContext, master.data());
  crypto_kdf_derive_from_key(index_key_.data(), index_key_.size(), 2, kContext, master.data());
}

SodiumContactCipher::~SodiumContactCipher() {
  sodium_memzero(box_key_.data(), box_key_.size());
  sodium_memzero(index_key_.data(), index_key_.size());
}

std::string SodiumContactCipher::Seal(std::string_view plaintext) const {
  std::string raw(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  randombytes_buf(out, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        out, box_key_.data());
  std::string text(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                   '\0');
  sodium_bin2base64(text.data(), text.size(), out, raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  text.resize(std::strlen(text.c_str()));
  return "v1." + text;
}

StatusOr<std::string> SodiumContactCipher::Open(std::string_view sealed) const {
  if (!sealed.starts_with("v1.")) return Internal("sealed contact data has an unknown format");
  sealed.remove_prefix(3);
  std::string raw(sealed.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), sealed.data(),
                        sealed.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return Internal("sealed contact data is malformed");
  }
  const auto* in = reinterpret_cast<const unsigned char*>(raw.data());
  std::string plain(length - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 in + crypto_secretbox_NONCEBYTES,
                                 length - crypto_secretbox_NONCEBYTES, in, box_key_.data()) != 0) {
    return Internal("sealed contact data failed authentication (altered, or another key)");
  }
  return plain;
}

std::string SodiumContactCipher::BlindIndex(std::string_view value) const {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(value.data()),
                     value.size(), index_key_.data(), index_key_.size());
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex);
}

}  // namespace reskill::platform
