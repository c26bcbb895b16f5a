#include "app/programs/programs_support.hpp"

#include "common/strings.hpp"

namespace reskill::app::programs::detail {

std::string IdText(std::int64_t id) {
  return std::to_string(id);
}

SealedClient Seal(const AppContext& ctx, const domain::programs::Client& client,
                  std::string password_hash) {
  SealedClient s;
  s.client = client;
  s.client.given_name = ctx.contacts.Seal(client.given_name);
  s.client.family_name = ctx.contacts.Seal(client.family_name);
  s.client.email = client.email.empty() ? "" : ctx.contacts.Seal(client.email);
  s.client.phone = client.phone.empty() ? "" : ctx.contacts.Seal(client.phone);
  s.email_index = client.email.empty() ? "" : ctx.contacts.BlindIndex(NormalizeEmail(client.email));
  s.password_hash = std::move(password_hash);
  return s;
}

StatusOr<domain::programs::Client> Open(const AppContext& ctx,
                                        const domain::programs::Client& sealed) {
  domain::programs::Client c = sealed;
  RESKILL_ASSIGN_OR_RETURN(c.given_name, ctx.contacts.Open(sealed.given_name));
  RESKILL_ASSIGN_OR_RETURN(c.family_name, ctx.contacts.Open(sealed.family_name));
  if (!sealed.email.empty()) {
    RESKILL_ASSIGN_OR_RETURN(c.email, ctx.contacts.Open(sealed.email));
  }
  if (!sealed.phone.empty()) {
    RESKILL_ASSIGN_OR_RETURN(c.phone, ctx.contacts.Open(sealed.phone));
  }
  return c;
}

}  // namespace reskill::app::programs::detail
