// The OpenSSL adapter of app::JwsVerifier: RS256/384/512 signatures checked against the public key
// of an X.509 certificate (xAPI Data 2.6 signed statements). Stateless, so thread-safe.
#pragma once

#include "app/ports/crypto.hpp"

namespace reskill::platform {

/// RSASSA-PKCS1-v1_5 verification with OpenSSL's EVP interface. OpenSSL's own errors stay here:
/// every failure becomes kInvalidArgument with a public message, the OpenSSL reason as detail.
class OpensslJwsVerifier final : public app::JwsVerifier {
 public:
  Status VerifyRsa(std::string_view alg, std::string_view certificate_der,
                   std::string_view signing_input, std::string_view signature) const override;
};

}  // namespace reskill::platform
