// Helpers shared by the programs use cases (src/app/programs): sealing and opening a client's
// contact data. Internal to the app layer; pure beyond the ContactCipher, thread-safe.
#pragma once

#include <string>

#include "app/context.hpp"
#include "domain/programs/programs.hpp"

namespace reskill::app::programs::detail {

/// The id as decimal text (audit targets).
std::string IdText(std::int64_t id);

/// The stored form of `client` (contact data in clear): names, e-mail and phone sealed, the
/// e-mail's blind index, and `password_hash` kept as it was.
SealedClient Seal(const AppContext& ctx, const domain::programs::Client& client,
                  std::string password_hash);

/// The client with its contact data opened; kInternal when a sealed value cannot be opened.
StatusOr<domain::programs::Client> Open(const AppContext& ctx,
                                        const domain::programs::Client& sealed);

}  // namespace reskill::app::programs::detail
