#include "platform/jws_verifier.hpp"

#include <memory>
#include <string>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

namespace reskill::platform {

namespace {

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

// The reason of the newest queued OpenSSL error, for the log only; the queue is emptied so a
// later call on this thread does not report a stale error.
std::string TakeOpensslError() {
  const unsigned long code = ERR_peek_last_error();
  std::string reason = code == 0 ? "no OpenSSL error queued" : ERR_error_string(code, nullptr);
  ERR_clear_error();
  return reason;
}

}  // namespace

Status OpensslJwsVerifier::VerifyRsa(std::string_view alg, std::string_view certificate_der,
                                     std::string_view signing_input,
                                     std::string_view signature) const {
  const EVP_MD* md = alg == "RS256"   ? EVP_sha256()
                     : alg == "RS384" ? EVP_sha384()
                     : alg == "RS512" ? EVP_sha512()
                                      : nullptr;
  if (md == nullptr) return InvalidArgument("the JWS must be signed with RS256, RS384 or RS512");
  const auto* der = reinterpret_cast<const unsigned char*>(certificate_der.data());
  std::unique_ptr<X509, X509Free> cert(
      d2i_X509(nullptr, &der, static_cast<long>(certificate_der.size())));
  if (!cert) {
    return Status(ErrorCode::kInvalidArgument, "the JWS x5c certificate cannot be read", "",
                  TakeOpensslError());
  }
  std::unique_ptr<EVP_PKEY, PkeyFree> key(X509_get_pubkey(cert.get()));
  if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) {
    ERR_clear_error();
    return InvalidArgument("the JWS x5c certificate holds no RSA public key");
  }
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key.get()) != 1) {
    return Status(ErrorCode::kInvalidArgument, "the JWS signature cannot be checked", "",
                  TakeOpensslError());
  }
  // EVP_DigestVerify answers 1 for a valid signature, 0 for a wrong one, <0 for malformed input.
  const int ok = EVP_DigestVerify(
      ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
      reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size());
  if (ok != 1) {
    ERR_clear_error();
    return InvalidArgument("the JWS signature does not verify with its x5c certificate");
  }
  return Status::Ok();
}

}  // namespace reskill::platform
