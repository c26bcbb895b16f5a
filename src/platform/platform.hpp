// Platform adapters for the app ports: the system clock, time-ordered ids, and libsodium for
// password hashing (Argon2id), random tokens and token hashes. All thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "app/ports/clock.hpp"
#include "app/ports/crypto.hpp"
#include "app/ports/id_generator.hpp"

namespace reskill::platform {

/// Initialises libsodium; call once before using the classes below. kInternal on failure.
Status InitCrypto();

class SystemClock final : public app::Clock {
 public:
  Timestamp Now() const override;
};

/// 63-bit ids: 41 bits of milliseconds since 2024-01-01, 10 random bits chosen per process,
/// 12 bits of a per-process counter. Time-ordered, so inserts append to the B-tree.
class TimeOrderedIdGenerator final : public app::IdGenerator {
 public:
  TimeOrderedIdGenerator();
  std::int64_t Next() override;

 private:
  std::int64_t node_;
  std::atomic<std::int64_t> last_;  // last id handed out
};

/// Argon2id via crypto_pwhash_str. `ops_limit`/`mem_limit_kib` default to libsodium's
/// "interactive" level (2 passes, 64 MiB).
class SodiumPasswordHasher final : public app::PasswordHasher {
 public:
  SodiumPasswordHasher(unsigned long long ops_limit, std::size_t mem_limit_kib);
  StatusOr<std::string> Hash(std::string_view password) const override;
  bool Verify(std::string_view hash, std::string_view password) const override;
  void VerifyDummy(std::string_view password) const override;
  /// The hash VerifyDummy checks passwords against (no password has it).
  const std::string& dummy_hash() const { return dummy_hash_; }

 private:
  unsigned long long ops_limit_;
  std::size_t mem_limit_bytes_;
  std::string dummy_hash_;
};

/// Random tokens (32 bytes, URL-safe base64) and their BLAKE2b-256 hex digests.
class SodiumSecretTokens final : public app::SecretTokens {
 public:
  std::string NewToken() const override;
  std::string HashToken(std::string_view token) const override;
  bool Equal(std::string_view a, std::string_view b) const override;
};

/// A 32-byte master key for contact data.
using ContactKey = std::array<unsigned char, 32>;

/// Reads the contact-data key from `path` (64 hex digits, optional trailing newline). When the
/// file does not exist and `create` is true, writes a fresh random key there with mode 0600
/// (creating missing parent folders) and returns it. kNotFound / kInvalidArgument (field
/// "security.contact_key_file") otherwise; the message never contains key material.
StatusOr<ContactKey> LoadContactKey(const std::filesystem::path& path, bool create);

/// XSalsa20-Poly1305 (crypto_secretbox) for Seal/Open and keyed BLAKE2b for BlindIndex, each with
/// its own subkey derived from the master key (crypto_kdf, context "reskillc").
class SodiumContactCipher final : public app::ContactCipher {
 public:
  explicit SodiumContactCipher(const ContactKey& master);
  ~SodiumContactCipher() override;
  std::string Seal(std::string_view plaintext) const override;
  StatusOr<std::string> Open(std::string_view sealed) const override;
  std::string BlindIndex(std::string_view value) const override;

 private:
  ContactKey box_key_{};
  ContactKey index_key_{};
};

}  // namespace reskill::platform
