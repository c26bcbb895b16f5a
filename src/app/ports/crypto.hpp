// Crypto ports: password hashing, secret tokens, the encryption of contact data at rest and the
// verification of signed xAPI statements. Implementations are thread-safe.
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

/// Contact data (e-mail addresses, phone numbers, names in e-mails) is stored only sealed with a
/// key that lives in a file outside the database. Seal/Open round-trip; BlindIndex gives a keyed
/// digest for equality lookups (e.g. by e-mail) without storing the value in clear.
class ContactCipher {
 public:
  virtual ~ContactCipher() = default;
  /// Authenticated encryption of `plaintext` with a fresh random nonce: text safe for any column
  /// ("v1." + URL-safe base64). Sealing the same value twice gives different texts.
  virtual std::string Seal(std::string_view plaintext) const = 0;
  /// The plaintext of a Seal() result; kInternal when the text was altered or sealed with
  /// another key (the message never includes the text).
  virtual StatusOr<std::string> Open(std::string_view sealed) const = 0;
  /// Keyed BLAKE2b-256 hex digest of `value` (a key separate from Seal's): equal values give equal
  /// digests; the digest reveals nothing without the key. Normalize first (NormalizeEmail).
  virtual std::string BlindIndex(std::string_view value) const = 0;
};

/// Verifies the signature of a JSON Web Signature (RFC 7515) with the public key of an X.509
/// certificate: what the LRS checks for a signed xAPI statement whose JWS header carries `x5c`
/// (xAPI Data 2.6). Parsing the JWS itself (compact form, header, payload) is the caller's.
class JwsVerifier {
 public:
  virtual ~JwsVerifier() = default;
  /// Ok when `signature` (raw bytes, base64url-decoded) is the `alg` signature (RS256, RS384 or
  /// RS512: RSASSA-PKCS1-v1_5 with SHA-256/384/512, RFC 7518 §3.3) of `signing_input` (the
  /// JWS's "BASE64URL(header).BASE64URL(payload)") under the public key of `certificate_der`
  /// (one X.509 certificate, DER). kInvalidArgument when alg is another, the certificate cannot
  /// be read or holds no RSA key, or the signature does not verify. The certificate's chain,
  /// dates and issuer are not checked (the LRS has no trust anchors for senders).
  virtual Status VerifyRsa(std::string_view alg, std::string_view certificate_der,
                           std::string_view signing_input, std::string_view signature) const = 0;
};

}  // namespace reskill::app
