// Test helper for signed xAPI statements: a fresh RSA key with a self-signed X.509 certificate,
// made with the OpenSSL API, that signs compact JWSs (RFC 7515). Not thread-safe; one per test.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace reskill::test {

/// Base64url without padding (RFC 7515 §2).
std::string Base64UrlEncode(std::string_view data);

class JwsSigner {
 public:
  /// Generates a 2048-bit RSA key and a self-signed certificate for it; aborts the test binary
  /// (throws std::runtime_error) if OpenSSL fails.
  JwsSigner();
  ~JwsSigner();
  JwsSigner(const JwsSigner&) = delete;
  JwsSigner& operator=(const JwsSigner&) = delete;

  /// The certificate, DER.
  const std::string& CertificateDer() const { return cert_der_; }
  /// The raw RSASSA-PKCS1-v1_5 signature of `input` with SHA-256, -384 or -512 (`alg` RS256,
  /// RS384 or RS512).
  std::string SignRaw(std::string_view alg, std::string_view input) const;
  /// A compact JWS of `payload` signed with `alg`, its header {"alg":…} plus, when `with_x5c`,
  /// "x5c": [the certificate, standard base64].
  std::string Sign(std::string_view payload, std::string_view alg = "RS256",
                   bool with_x5c = true) const;

 private:
  struct Keys;
  std::unique_ptr<Keys> keys_;
  std::string cert_der_;
};

}  // namespace reskill::test
