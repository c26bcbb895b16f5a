#include "platform/platform.hpp"

#include <sodium.h>

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
  auto dummy = Hash("not a real password, used to even out timing");
  if (dummy.ok()) dummy_hash_ = *dummy;
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

}  // namespace reskill::platform
