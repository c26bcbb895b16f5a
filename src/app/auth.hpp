// Use cases of signing in and out and of authenticating a request (session cookie or API token).
// Each class is stateless beyond its AppContext reference and is thread-safe.
#pragma once

#include <string>

#include "app/context.hpp"

namespace reskill::app {

struct SignInInput {
  std::string tenant_slug;
  std::string email;
  std::string password;
};

struct SignInResult {
  std::string cookie_value;  ///< "<tenant id>.<token>"; the token is stored only as a hash.
  std::string csrf_token;
  Timestamp expires_at;
  Principal principal;
};

/// Checks the password and opens a session.
/// kInvalidArgument (field) for a missing field; kUnauthenticated for any wrong agency, e-mail,
/// password or a disabled account (one message, so accounts cannot be probed); kResourceExhausted
/// while the account must wait after repeated failures or is locked. Every attempt is audited.
class SignIn {
 public:
  explicit SignIn(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<SignInResult> Run(const SignInInput& input, const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// Ends the principal's session (no-op for token principals). Audited.
class SignOut {
 public:
  explicit SignOut(const AppContext& ctx) : ctx_(ctx) {}
  Status Run(const Principal& principal, const RequestInfo& request) const;

 private:
  const AppContext& ctx_;
};

/// Resolves a session cookie value or an API bearer token into a Principal.
/// kUnauthenticated when the credential is unknown, expired, idle too long, revoked, or the user
/// is disabled.
class Authenticate {
 public:
  explicit Authenticate(const AppContext& ctx) : ctx_(ctx) {}
  StatusOr<Principal> Session(std::string_view cookie_value) const;
  StatusOr<Principal> Token(std::string_view bearer) const;

 private:
  const AppContext& ctx_;
};

/// The prefix of every API token ("rsk_<tenant id>_<secret>"), so leaked tokens are recognisable.
inline constexpr std::string_view kApiTokenPrefix = "rsk_";

}  // namespace reskill::app
