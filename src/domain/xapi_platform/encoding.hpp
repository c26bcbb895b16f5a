// Encodings the xAPI platform needs: SHA-1 (xAPI 1.0.3 document ETags, mbox_sha1sum), SHA-256
// (attachment hashes) and
// standard base64 (HTTP Basic credentials, binary documents). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace reskill::domain::xapi_platform {

/// The SHA-1 digest of `data` as 40 lowercase hex characters (FIPS 180-4).
std::string Sha1Hex(std::string_view data);
/// The SHA-256 digest of `data` as 64 lowercase hex characters (FIPS 180-4; xAPI attachment
/// `sha2`).
std::string Sha256Hex(std::string_view data);
/// Standard base64 (RFC 4648 §4) with padding.
std::string Base64Encode(std::string_view data);
/// Decodes standard base64 with optional padding; nullopt for any other character or a bad
/// length.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace reskill::domain::xapi_platform
