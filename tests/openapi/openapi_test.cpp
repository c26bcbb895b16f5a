// Checks docs/api/openapi.json against the route table: every JSON API, system and xAPI route is
// documented with its method, operationId (the route's name), path parameters and roles
// (`x-roles`; ["lrs_client"] for xAPI routes that take LRS client credentials), and the document
// has no operation that no route serves. Web pages (HTML) are not part of the document.
#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/strings.hpp"
#include "http/http_app.hpp"
#include "http/router.hpp"
#include "http/system/system_routes.hpp"

namespace reskill::http {
namespace {

using Json = nlohmann::json;
using domain::programs::Role;

constexpr const char* kOperationKeys[] = {"get",     "put",  "post",  "delete",
                                          "options", "head", "patch", "trace"};

bool Documented(const Route& route) {
  return route.kind == RouteKind::kApi || route.kind == RouteKind::kSystem ||
         route.kind == RouteKind::kXapi;
}

const char* KindName(RouteKind kind) {
  switch (kind) {
    case RouteKind::kApi: return "api";
    case RouteKind::kWeb: return "web";
    case RouteKind::kSystem: return "system";
    case RouteKind::kXapi: return "xapi";
  }
  return "?";
}

/// "GET /api/v1/staff/{id} (get_staff)": how failures name a route.
std::string Describe(const Route& route) {
  return std::string(MethodName(route.method)) + " " + route.pattern + " (" + route.name + ")";
}

/// The OpenAPI path of a route pattern: "{id}" stays, a trailing "{*rest}" becomes "{rest}".
std::string OpenApiPath(const std::string& pattern) {
  std::string out = pattern;
  for (auto pos = out.find("{*"); pos != std::string::npos; pos = out.find("{*")) {
    out.erase(pos + 1, 1);
  }
  return out;
}

/// The names of the path parameters of an OpenAPI path, in order.
std::vector<std::string> PathParams(const std::string& path) {
  std::vector<std::string> names;
  for (auto open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
    const auto close = path.find('}', open);
    if (close == std::string::npos) break;
    names.push_back(path.substr(open + 1, close - open - 1));
  }
  return names;
}

std::string LowerMethod(Method m) {
  return ToLower(MethodName(m));
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

/// What `x-roles` must say for a route: ["anonymous"] or the role names of its access.
std::vector<std::string> ExpectedRoles(const Access& access) {
  if (access.anonymous) return {"anonymous"};
  if (access.xapi != domain::xapi_platform::XapiResource::kNone) return {"lrs_client"};
  return access.roles.Names();
}

/// Follows a local "$ref" ("#/components/…"); nullptr when it does not resolve.
const Json* Resolve(const Json& doc, const Json& node) {
  const Json* current = &node;
  for (int depth = 0; depth < 16 && current->is_object() && current->contains("$ref"); ++depth) {
    const Json& ref = (*current)["$ref"];
    if (!ref.is_string()) return nullptr;
    const std::string text = ref.get<std::string>();
    if (!text.starts_with("#")) return nullptr;
    try {
      const Json::json_pointer pointer(text.substr(1));
      if (!doc.contains(pointer)) return nullptr;
      current = &doc.at(pointer);
    } catch (const Json::exception&) {
      return nullptr;
    }
  }
  return current;
}

/// Every parameter of an operation (path-item level ones included), $refs resolved.
std::vector<const Json*> Parameters(const Json& doc, const Json& path_item, const Json& operation) {
  std::vector<const Json*> out;
  for (const Json* holder : {&path_item, &operation}) {
    if (!holder->contains("parameters") || !(*holder)["parameters"].is_array()) continue;
    for (const Json& p : (*holder)["parameters"]) {
      if (const Json* resolved = Resolve(doc, p)) out.push_back(resolved);
    }
  }
  return out;
}

/// Problems of the document for the routes of `router`: each names the route. Empty when every
/// documented route is in the document as declared.
std::vector<std::string> RouteProblems(const Router& router, const Json& doc) {
  std::vector<std::string> problems;
  const Json empty = Json::object();
  const Json& paths = doc.contains("paths") ? doc["paths"] : empty;
  for (const auto& r : router.routes()) {
    if (!Documented(*r)) continue;
    const std::string path = OpenApiPath(r->pattern);
    const std::string method = LowerMethod(r->method);
    const std::string who = Describe(*r);
    if (!paths.contains(path)) {
      problems.push_back(who + ": path \"" + path + "\" is missing from docs/api/openapi.json");
      continue;
    }
    const Json& item = paths[path];
    if (!item.contains(method) || !item[method].is_object()) {
      problems.push_back(who + ": path \"" + path + "\" has no \"" + method +
                         "\" operation in docs/api/openapi.json");
      continue;
    }
    const Json& op = item[method];
    if (op.value("operationId", "") != r->name) {
      problems.push_back(who + ": operationId is " +
                         (op.contains("operationId") ? op["operationId"].dump() : "missing") +
                         ", want \"" + r->name + "\"");
    }
    std::vector<std::string> want = ExpectedRoles(r->access);
    if (!op.contains("x-roles") || !op["x-roles"].is_array()) {
      problems.push_back(who + ": x-roles is missing, want " + Json(want).dump());
    } else {
      std::vector<std::string> got;
      bool strings = true;
      for (const Json& v : op["x-roles"]) {
        if (v.is_string()) {
          got.push_back(v.get<std::string>());
        } else {
          strings = false;
        }
      }
      std::vector<std::string> got_sorted = got;
      std::vector<std::string> want_sorted = want;
      std::sort(got_sorted.begin(), got_sorted.end());
      std::sort(want_sorted.begin(), want_sorted.end());
      if (!strings || got_sorted != want_sorted) {
        problems.push_back(who + ": x-roles is " + op["x-roles"].dump() + ", want " +
                           Json(want).dump() + " as declared in route_table.cpp");
      }
    }
    const auto params = Parameters(doc, item, op);
    for (const std::string& name : PathParams(path)) {
      const bool declared = std::any_of(params.begin(), params.end(), [&](const Json* p) {
        return p->value("in", "") == "path" && p->value("name", "") == name &&
               p->value("required", false);
      });
      if (!declared) {
        problems.push_back(who + ": path parameter \"" + name +
                           "\" is not declared as a required parameter (in: path)");
      }
    }
    for (const Json* p : params) {
      if (p->value("in", "") != "path") continue;
      const std::string name = p->value("name", "");
      const auto names = PathParams(path);
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        problems.push_back(who + ": declares path parameter \"" + name + "\" that \"" + path +
                           "\" does not have");
      }
    }
    if (!op.contains("responses") || !op["responses"].is_object() || op["responses"].empty()) {
      problems.push_back(who + ": has no responses");
    }
  }
  return problems;
}

/// Operations of the document that no API or system route serves.
std::vector<std::string> StaleOperations(const Router& router, const Json& doc) {
  std::vector<std::string> problems;
  if (!doc.contains("paths") || !doc["paths"].is_object()) return problems;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const char* method : kOperationKeys) {
      if (!item.contains(method)) continue;
      const std::string what =
          Upper(method) + " " + path + " (operationId " +
          (item[method].contains("operationId") ? item[method]["operationId"].dump()
                                                : std::string("missing")) +
          ")";
      const Route* found = nullptr;
      for (const auto& r : router.routes()) {
        if (OpenApiPath(r->pattern) == path && LowerMethod(r->method) == method) found = r.get();
      }
      if (found == nullptr) {
        problems.push_back(what + " is in docs/api/openapi.json but no route serves it");
      } else if (!Documented(*found)) {
        problems.push_back(what + " is a " + KindName(found->kind) +
                           " route; only API, system and xAPI routes belong in the document");
      }
    }
  }
  return problems;
}

/// A key as a JSON Pointer reference token ("/api/v1/me" -> "~1api~1v1~1me").
std::string PointerToken(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

/// Every "$ref" below `node` that does not resolve within the document.
void CollectBrokenRefs(const Json& doc, const Json& node, const std::string& where,
                       std::vector<std::string>& out) {
  if (node.is_object()) {
    if (auto it = node.find("$ref"); it != node.end()) {
      if (!it->is_string()) {
        out.push_back(where + ": $ref is not a string");
      } else if (Resolve(doc, Json{{"$ref", *it}}) == nullptr) {
        out.push_back(where + ": $ref " + it->dump() + " does not resolve within the document");
      }
    }
    for (const auto& [key, value] : node.items()) {
      CollectBrokenRefs(doc, value, where + "/" + PointerToken(key), out);
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      CollectBrokenRefs(doc, node[i], where + "/" + std::to_string(i), out);
    }
  }
}

/// The lines that contain `needle`.
std::vector<std::string> Mentioning(const std::vector<std::string>& lines,
                                    std::string_view needle) {
  std::vector<std::string> out;
  for (const auto& l : lines) {
    if (l.find(needle) != std::string::npos) out.push_back(l);
  }
  return out;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += "\n  " + l;
  return out;
}

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    BuildRouteTable(router_);
    doc_ = Json::parse(system::OpenApiDocument(), nullptr, false);
    ASSERT_FALSE(doc_.is_discarded()) << "docs/api/openapi.json is not valid JSON";
    ASSERT_TRUE(doc_.is_object());
  }

  Router router_;
  Json doc_;
};

TEST_F(OpenApiTest, IsAnOpenApi31Document) {
  EXPECT_EQ(doc_.value("openapi", ""), "3.1.0");
  ASSERT_TRUE(doc_.contains("info"));
  EXPECT_EQ(doc_["info"].value("title", ""), "Reskill API");
  EXPECT_FALSE(doc_["info"].value("version", "").empty());
  ASSERT_TRUE(doc_.contains("paths"));
  EXPECT_TRUE(doc_["paths"].is_object());
  const Json::json_pointer schemes("/components/securitySchemes");
  ASSERT_TRUE(doc_.contains(schemes));
  for (const char* name : {"cookieAuth", "bearerAuth", "csrf"}) {
    EXPECT_TRUE(doc_.at(schemes).contains(name)) << "security scheme " << name << " is missing";
  }
}

TEST_F(OpenApiTest, DocumentsEveryApiAndSystemRouteAsDeclared) {
  std::size_t documented = 0;
  for (const auto& r : router_.routes()) documented += Documented(*r) ? 1 : 0;
  ASSERT_GT(documented, 0u) << "the route table has no API or system routes";
  const auto problems = RouteProblems(router_, doc_);
  EXPECT_TRUE(problems.empty()) << "docs/api/openapi.json does not match route_table.cpp:"
                                << Join(problems);
}

TEST_F(OpenApiTest, HasNoOperationWithoutARoute) {
  const auto problems = StaleOperations(router_, doc_);
  EXPECT_TRUE(problems.empty()) << "stale operations in docs/api/openapi.json:" << Join(problems);
}

TEST_F(OpenApiTest, OperationIdsAreUnique) {
  std::set<std::string> seen;
  for (const auto& [path, item] : doc_["paths"].items()) {
    for (const char* method : kOperationKeys) {
      if (!item.contains(method)) continue;
      const std::string id = item[method].value("operationId", "");
      EXPECT_TRUE(seen.insert(id).second)
          << "operationId \"" << id << "\" is used twice (" << method << " " << path << ")";
    }
  }
}

TEST_F(OpenApiTest, EveryRefResolvesWithinTheDocument) {
  std::vector<std::string> broken;
  CollectBrokenRefs(doc_, doc_, "#", broken);
  EXPECT_TRUE(broken.empty()) << "broken references:" << Join(broken);
}

TEST_F(OpenApiTest, JsonRequestBodiesRefuseUnknownFields) {
  // The handlers refuse keys they do not know (ParseJsonObject's allowed list); the schemas say so.
  // xAPI bodies (statements, documents, OAuth forms) follow the xAPI and OAuth specifications.
  for (const auto& [path, item] : doc_["paths"].items()) {
    if (path.starts_with("/xapi/")) continue;
    for (const char* method : kOperationKeys) {
      if (!item.contains(method) || !item[method].contains("requestBody")) continue;
      const std::string what = Upper(method) + " " + path;
      const Json* body = Resolve(doc_, item[method]["requestBody"]);
      ASSERT_NE(body, nullptr) << what << ": the requestBody does not resolve";
      const Json::json_pointer schema_at("/content/application~1json/schema");
      ASSERT_TRUE(body->contains(schema_at)) << what << ": no application/json schema";
      const Json* schema = Resolve(doc_, body->at(schema_at));
      ASSERT_NE(schema, nullptr) << what << ": the request body schema does not resolve";
      EXPECT_EQ(schema->value("type", ""), "object") << what;
      EXPECT_TRUE(schema->contains("additionalProperties") &&
                  (*schema)["additionalProperties"] == false)
          << what << ": the request body schema must say additionalProperties: false";
    }
  }
}

TEST_F(OpenApiTest, TheCheckNamesARouteMissingFromTheDocument) {
  // The check itself: a route added to the table without documenting it is reported by name.
  Router router;
  BuildRouteTable(router);
  router.Add({Method::kPost, "/api/v1/widgets/{widget_id}", "create_widget", RouteKind::kApi,
              Roles({Role::kAdmin}), nullptr});
  router.Add({Method::kGet, "/hidden-page", "hidden_page", RouteKind::kWeb, AnyStaff(), nullptr});
  const auto problems = Mentioning(RouteProblems(router, doc_), "create_widget");
  ASSERT_EQ(problems.size(), 1u) << Join(problems);
  EXPECT_NE(problems[0].find("/api/v1/widgets/{widget_id}"), std::string::npos) << problems[0];
  EXPECT_TRUE(Mentioning(RouteProblems(router, doc_), "hidden_page").empty())
      << "web pages are not part of the document";

  // And a documented operation whose route is gone is reported as stale.
  Json doc = doc_;
  doc["paths"]["/api/v1/gone"]["get"] = {{"operationId", "gone"}, {"responses", Json::object()}};
  const auto stale = Mentioning(StaleOperations(router_, doc), "/api/v1/gone");
  EXPECT_EQ(stale.size(), 1u) << Join(stale);
}

TEST_F(OpenApiTest, TheCheckNamesWrongRolesAndOperationIds) {
  Json doc = doc_;
  Json& op = doc["paths"]["/api/v1/staff"]["get"];
  op["x-roles"] = Json::array({"admin", "supervisor"});
  op["operationId"] = "staff_index";
  const auto problems = Mentioning(RouteProblems(router_, doc), "(list_staff)");
  ASSERT_EQ(problems.size(), 2u) << Join(problems);
  EXPECT_NE(problems[0].find("operationId"), std::string::npos) << problems[0];
  EXPECT_NE(problems[1].find("x-roles"), std::string::npos) << problems[1];
}

}  // namespace
}  // namespace reskill::http
