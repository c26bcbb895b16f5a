#include "support/jws_signer.hpp"

#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "domain/xapi_platform/encoding.hpp"

namespace reskill::test {

namespace {
const EVP_MD* Digest(std::string_view alg) {
  if (alg == "RS384") return EVP_sha384();
  if (alg == "RS512") return EVP_sha512();
  return EVP_sha256();
}
void Require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("JwsSigner: OpenSSL failed: ") + what);
}
}  // namespace

struct JwsSigner::Keys {
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  ~Keys() {
    X509_free(cert);
    EVP_PKEY_free(key);
  }
};

std::string Base64UrlEncode(std::string_view data) {
  std::string b = domain::xapi_platform::Base64Encode(data);
  while (!b.empty() && b.back() == '=') b.pop_back();
  for (char& c : b) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return b;
}

JwsSigner::JwsSigner() : keys_(std::make_unique<Keys>()) {
  keys_->key = EVP_RSA_gen(2048);
  Require(keys_->key != nullptr, "EVP_RSA_gen");
  keys_->cert = X509_new();
  Require(keys_->cert != nullptr, "X509_new");
  X509* c = keys_->cert;
  Require(X509_set_version(c, 2) == 1, "X509_set_version");
  Require(ASN1_INTEGER_set(X509_get_serialNumber(c), 1) == 1, "serial");
  Require(X509_gmtime_adj(X509_getm_notBefore(c), 0) != nullptr, "notBefore");
  Require(X509_gmtime_adj(X509_getm_notAfter(c), 3600) != nullptr, "notAfter");
  Require(X509_set_pubkey(c, keys_->key) == 1, "X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(c);
  Require(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>("reskill test signer"),
                                     -1, -1, 0) == 1,
          "subject");
  Require(X509_set_issuer_name(c, name) == 1, "issuer");
  Require(X509_sign(c, keys_->key, EVP_sha256()) > 0, "X509_sign");
  unsigned char* der = nullptr;
  const int len = i2d_X509(c, &der);
  Require(len > 0, "i2d_X509");
  cert_der_.assign(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
}

JwsSigner::~JwsSigner() = default;

std::string JwsSigner::SignRaw(std::string_view alg, std::string_view input) const {
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  Require(ctx != nullptr, "EVP_MD_CTX_new");
  Require(EVP_DigestSignInit(ctx.get(), nullptr, Digest(alg), nullptr, keys_->key) == 1,
          "EVP_DigestSignInit");
  std::size_t size = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  Require(EVP_DigestSign(ctx.get(), nullptr, &size, data, input.size()) == 1, "size");
  std::string sig(size, '\0');
  Require(EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &size, data,
                         input.size()) == 1,
          "EVP_DigestSign");
  sig.resize(size);
  return sig;
}

std::string JwsSigner::Sign(std::string_view payload, std::string_view alg, bool with_x5c) const {
  std::string header = "{\"alg\":\"" + std::string(alg) + "\"";
  if (with_x5c) {
    header += ",\"x5c\":[\"" + domain::xapi_platform::Base64Encode(cert_der_) + "\"]";
  }
  header += "}";
  const std::string input = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
  return input + "." + Base64UrlEncode(SignRaw(alg, input));
}

}  // namespace reskill::test
