#include "http/router.hpp"

#include <stdexcept>

#include "common/strings.hpp"

namespace reskill::http {

std::string RequestContext::Form(const std::string& name) const {
  auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}

void Router::Add(Route route) {
  for (const auto& r : routes_) {
    if (r->method == route.method && r->pattern == route.pattern) {
      throw std::logic_error("duplicate route " + route.pattern);
    }
  }
  route.index = routes_.size();
  std::vector<std::string> segments;
  for (auto part : Split(route.pattern, '/')) segments.emplace_back(part);
  segments_.push_back(std::move(segments));
  routes_.push_back(std::make_unique<Route>(std::move(route)));
}

namespace {

bool MatchPattern(const std::vector<std::string>& pat, const std::vector<std::string_view>& segs,
                  std::map<std::string, std::string>& params) {
  for (std::size_t i = 0; i < pat.size(); ++i) {
    const std::string_view p = pat[i];
    if (p.starts_with("{*") && p.ends_with("}")) {
      std::string rest;
      for (std::size_t k = i; k < segs.size(); ++k) {
        if (k > i) rest += '/';
        rest += segs[k];
      }
      if (rest.empty()) return false;
      params[std::string(p.substr(2, p.size() - 3))] = rest;
      return true;
    }
    if (i >= segs.size()) return false;
    if (p.starts_with("{") && p.ends_with("}")) {
      if (segs[i].empty()) return false;
      params[std::string(p.substr(1, p.size() - 2))] = std::string(segs[i]);
    } else if (p != segs[i]) {
      return false;
    }
  }
  return pat.size() == segs.size();
}

}  // namespace

Match Router::Find(Method method, std::string_view path) const {
  Match match;
  const Method wanted = method == Method::kHead ? Method::kGet : method;
  const auto segs = Split(path, '/');
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const auto& r = routes_[i];
    std::map<std::string, std::string> params;
    if (!MatchPattern(segments_[i], segs, params)) continue;
    if (r->method == wanted) {
      match.route = r.get();
      match.params = std::move(params);
      match.allowed.clear();
      return match;
    }
    match.allowed.push_back(r->method);
  }
  return match;
}

}  // namespace reskill::http
