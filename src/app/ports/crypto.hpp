// Crypto ports: password hashing and secret tokens. Implementations are thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/status.hpp"

namespace reskill::app {

class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;
  /// A self-describing Argon2id hash of `password`; kInternal/kResourceExhausted on failure.
  virtual StatusOr<std::string> Hash(std::string_view password) const = 0;
  /// True when `password` matches `hash`. Runs in time independent of where they differ.
  virtual bool Verify(std::string_view hash, std::string_view password) const = 0;
  /// Spends as long as Verify() of a real hash would, so a sign-in for an unknown account
  /// takes as long as one for a known account.
  virtual void VerifyDummy(std::string_view password) const = 0;
};

class SecretTokens {
 public:
  virtual ~SecretTokens() = default;
  /// A fresh random token, URL-safe base64 of 32 random bytes.
  virtual std::string NewToken() const = 0;
  /// The hex digest under which a token is stored; the raw token is never stored.
  virtual std::string HashToken(std::string_view token) const = 0;
  /// Constant-time equality of two strings of any length.
  virtual bool Equal(std::string_view a, std::string_view b) const = 0;
};

}  // namespace reskill::app
