#include "platform/jws_verifier.hpp"

#include <string>

#include <gtest/gtest.h>

#include "support/jws_signer.hpp"

namespace reskill::platform {
namespace {

// Issue 5: signed xAPI statements (Data 2.6) are verified with the x5c certificate's key.
TEST(Issue5JwsVerifier, VerifiesRsaSignaturesWithTheCertificateKey) {
  const test::JwsSigner signer;
  const OpensslJwsVerifier verifier;
  const std::string input = "eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ";
  for (const char* alg : {"RS256", "RS384", "RS512"}) {
    SCOPED_TRACE(alg);
    const std::string sig = signer.SignRaw(alg, input);
    EXPECT_TRUE(verifier.VerifyRsa(alg, signer.CertificateDer(), input, sig).ok());
    // Another input, a flipped signature bit, or the same signature under another hash: refused.
    EXPECT_EQ(verifier.VerifyRsa(alg, signer.CertificateDer(), input + "x", sig).code(),
              ErrorCode::kInvalidArgument);
    std::string flipped = sig;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 1);
    EXPECT_FALSE(verifier.VerifyRsa(alg, signer.CertificateDer(), input, flipped).ok());
  }
  EXPECT_FALSE(
      verifier.VerifyRsa("RS384", signer.CertificateDer(), input, signer.SignRaw("RS256", input))
          .ok());
}

TEST(Issue5JwsVerifier, RefusesOtherAlgorithmsAndUnreadableCertificates) {
  const test::JwsSigner signer;
  const test::JwsSigner stranger;
  const OpensslJwsVerifier verifier;
  const std::string input = "a.b";
  const std::string sig = signer.SignRaw("RS256", input);
  for (const char* alg : {"HS256", "ES256", "none", "rs256", ""})
    EXPECT_EQ(verifier.VerifyRsa(alg, signer.CertificateDer(), input, sig).code(),
              ErrorCode::kInvalidArgument)
        << alg;
  EXPECT_EQ(verifier.VerifyRsa("RS256", "not a certificate", input, sig).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(verifier.VerifyRsa("RS256", "", input, sig).code(), ErrorCode::kInvalidArgument);
  const std::string truncated = signer.CertificateDer().substr(0, 100);
  EXPECT_FALSE(verifier.VerifyRsa("RS256", truncated, input, sig).ok());
  // A valid certificate of another key: the signature does not verify.
  EXPECT_FALSE(verifier.VerifyRsa("RS256", stranger.CertificateDer(), input, sig).ok());
  EXPECT_FALSE(verifier.VerifyRsa("RS256", signer.CertificateDer(), input, "").ok());
}

}  // namespace
}  // namespace reskill::platform
