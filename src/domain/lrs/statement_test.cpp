#include "domain/lrs/statement.hpp"

#include <string>

#include <gtest/gtest.h>

namespace reskill::domain::lrs {
namespace {

// A valid statement with a placeholder "@" where a test splices in extra members or
// replaces parts through the helpers below.
std::string Statement(
    const std::string& actor = R"({"mbox":"mailto:ann@example.com","name":"Ann"})",
    const std::string& object = R"({"id":"http://example.com/course/1","objectType":"Activity"})",
    const std::string& extra = "") {
  return R"({"actor":)" + actor +
         R"(,"verb":{"id":"http://adlnet.gov/expapi/verbs/completed","display":{"en-US":"completed"}},"object":)" +
         object + extra + "}";
}

struct BadCase {
  const char* name;
  std::string json;
  std::string field;  // expected offending property
  SpecVersion version = SpecVersion::k2_0;
};

class RejectTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(RejectTest, NamesTheOffendingProperty) {
  const auto& c = GetParam();
  auto parsed = ParseStatement(c.json, c.version);
  ASSERT_FALSE(parsed.ok()) << c.name;
  EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().field(), c.field) << c.name << ": " << parsed.status().public_message();
}

const std::string kActivity = R"({"id":"http://example.com/a"})";
const std::string kSub =
    R"({"objectType":"SubStatement","actor":{"mbox":"mailto:b@example.com"},"verb":{"id":"http://example.com/v"},"object":{"id":"http://example.com/a"}})";

INSTANTIATE_TEST_SUITE_P(
    Statements, RejectTest,
    ::testing::Values(
        BadCase{"malformed json", "{\"actor\":", "statement"},
        BadCase{"not an object", "[1]", "statement"},
        BadCase{"missing actor",
                R"({"verb":{"id":"http://e.com/v"},"object":{"id":"http://e.com/a"}})",
                "statement"},
        BadCase{"missing verb",
                R"({"actor":{"mbox":"mailto:a@b.c"},"object":{"id":"http://e.com/a"}})",
                "statement"},
        BadCase{"missing object",
                R"({"actor":{"mbox":"mailto:a@b.c"},"verb":{"id":"http://e.com/v"}})", "statement"},
        BadCase{"unknown top-level property",
                Statement().substr(0, Statement().size() - 1) + R"(,"foo":1})", "statement.foo"},
        BadCase{"null property", Statement(R"({"mbox":"mailto:a@b.c","name":null})"),
                "statement.actor.name"},
        BadCase{"two IFIs",
                Statement(R"({"mbox":"mailto:a@b.c","openid":"http://openid.example.com/a"})"),
                "statement.actor"},
        BadCase{"no IFI", Statement(R"({"name":"Ann"})"), "statement.actor"},
        BadCase{"mbox without mailto", Statement(R"({"mbox":"a@b.c"})"), "statement.actor.mbox"},
        BadCase{"mbox not a string", Statement(R"({"mbox":12})"), "statement.actor.mbox"},
        BadCase{"sha1 not hex", Statement(R"({"mbox_sha1sum":"zz"})"),
                "statement.actor.mbox_sha1sum"},
        BadCase{"openid not an IRI", Statement(R"({"openid":"not an iri"})"),
                "statement.actor.openid"},
        BadCase{"account without homePage", Statement(R"({"account":{"name":"x"}})"),
                "statement.actor.account"},
        BadCase{"account name not a string",
                Statement(R"({"account":{"homePage":"http://e.com","name":{"k":1}}})"),
                "statement.actor.account.name"},
        BadCase{"account unknown property",
                Statement(R"({"account":{"homePage":"http://e.com","name":"x","id":1}})"),
                "statement.actor.account.id"},
        BadCase{"bad objectType of actor",
                Statement(R"({"objectType":"Person","mbox":"mailto:a@b.c"})"),
                "statement.actor.objectType"},
        BadCase{"anonymous group without member", Statement(R"({"objectType":"Group","name":"G"})"),
                "statement.actor"},
        BadCase{
            "group member is a group",
            Statement(
                R"({"objectType":"Group","member":[{"objectType":"Group","mbox":"mailto:g@b.c"}]})"),
            "statement.actor.member[0]"},
        BadCase{"agent with member",
                Statement(R"({"mbox":"mailto:a@b.c","member":[{"mbox":"mailto:b@b.c"}]})"),
                "statement.actor.member"},
        BadCase{
            "verb id not an IRI",
            R"({"actor":{"mbox":"mailto:a@b.c"},"verb":{"id":"completed"},"object":{"id":"http://e.com/a"}})",
            "statement.verb.id"},
        BadCase{
            "verb display bad language tag",
            R"({"actor":{"mbox":"mailto:a@b.c"},"verb":{"id":"http://e.com/v","display":{"something":"x"}},"object":{"id":"http://e.com/a"}})",
            "statement.verb.display.something"},
        BadCase{
            "verb display null value",
            R"({"actor":{"mbox":"mailto:a@b.c"},"verb":{"id":"http://e.com/v","display":{"en-US":null}},"object":{"id":"http://e.com/a"}})",
            "statement.verb.display.en-US"},
        BadCase{"activity without id",
                Statement(R"({"mbox":"mailto:a@b.c"})", R"({"objectType":"Activity"})"),
                "statement.object"},
        BadCase{"activity id not an IRI",
                Statement(R"({"mbox":"mailto:a@b.c"})", R"({"id":"abc"})"), "statement.object.id"},
        BadCase{"unknown objectType",
                Statement(R"({"mbox":"mailto:a@b.c"})",
                          R"({"objectType":"Thing","id":"http://e.com"})"),
                "statement.object.objectType"},
        BadCase{"definition moreInfo null",
                Statement(R"({"mbox":"mailto:a@b.c"})",
                          R"({"id":"http://e.com/a","definition":{"moreInfo":null}})"),
                "statement.object.definition.moreInfo"},
        BadCase{"bad interactionType",
                Statement(R"({"mbox":"mailto:a@b.c"})",
                          R"({"id":"http://e.com/a","definition":{"interactionType":"essay"}})"),
                "statement.object.definition.interactionType"},
        BadCase{
            "choices on a likert",
            Statement(
                R"({"mbox":"mailto:a@b.c"})",
                R"({"id":"http://e.com/a","definition":{"interactionType":"likert","choices":[{"id":"a"}]}})"),
            "statement.object.definition.choices"},
        BadCase{
            "duplicate component ids",
            Statement(
                R"({"mbox":"mailto:a@b.c"})",
                R"({"id":"http://e.com/a","definition":{"interactionType":"choice","choices":[{"id":"a"},{"id":"a"}]}})"),
            "statement.object.definition.choices[1].id"},
        BadCase{"extension key not an IRI",
                Statement(R"({"mbox":"mailto:a@b.c"})",
                          R"({"id":"http://e.com/a","definition":{"extensions":{"color":"red"}}})"),
                "statement.object.definition.extensions.color"},
        BadCase{"statementref without objectType",
                Statement(R"({"mbox":"mailto:a@b.c"})", R"({"objectType":"StatementRef"})"),
                "statement.object"},
        BadCase{"statementref bad uuid",
                Statement(
                    R"({"mbox":"mailto:a@b.c"})",
                    R"({"objectType":"StatementRef","id":"MA97B177-9383-4934-8543-0F91A7A02836"})"),
                "statement.object.id"},
        BadCase{
            "nested substatement",
            Statement(
                R"({"mbox":"mailto:a@b.c"})",
                R"({"objectType":"SubStatement","actor":{"mbox":"mailto:b@example.com"},"verb":{"id":"http://example.com/v"},"object":)" +
                    kSub + "}"),
            "statement.object.object.objectType"},
        BadCase{"substatement with id",
                Statement(R"({"mbox":"mailto:a@b.c"})",
                          kSub.substr(0, kSub.size() - 1) +
                              R"(,"id":"AA97B177-9383-4934-8543-0F91A7A02836"})"),
                "statement.object.id"},
        BadCase{"substatement with version",
                Statement(R"({"mbox":"mailto:a@b.c"})",
                          kSub.substr(0, kSub.size() - 1) + R"(,"version":"1.0.0"})"),
                "statement.object.version"},
        BadCase{"statement id too long",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"id":"AA97B177-9383-4934-8543-0F91A7A028368")"),
                "statement.id"},
        BadCase{"statement id number",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity, R"(,"id":12345)"),
                "statement.id"},
        BadCase{"score max as string",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"result":{"score":{"max":"100"}})"),
                "statement.result.score.max"},
        BadCase{"scaled out of range",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"result":{"score":{"scaled":1.5}})"),
                "statement.result.score.scaled"},
        BadCase{"raw above max",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"result":{"score":{"raw":11,"min":0,"max":10}})"),
                "statement.result.score.raw"},
        BadCase{"min not below max",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"result":{"score":{"min":10,"max":10}})"),
                "statement.result.score.max"},
        BadCase{"completion as string",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"result":{"completion":"false"})"),
                "statement.result.completion"},
        BadCase{"bad duration",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"result":{"duration":"PA1H0M0S"})"),
                "statement.result.duration"},
        BadCase{
            "weeks mixed with days",
            Statement(R"({"mbox":"mailto:a@b.c"})", kActivity, R"(,"result":{"duration":"P4W1D"})"),
            "statement.result.duration"},
        BadCase{"registration not a uuid",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"context":{"registration":"x"})"),
                "statement.context.registration"},
        BadCase{"registration null",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"context":{"registration":null})"),
                "statement.context.registration"},
        BadCase{"revision with agent object",
                Statement(R"({"mbox":"mailto:a@b.c"})",
                          R"({"objectType":"Agent","mbox":"mailto:c@b.c"})",
                          R"(,"context":{"revision":"r1"})"),
                "statement.context.revision"},
        BadCase{"platform with statementref object",
                Statement(
                    R"({"mbox":"mailto:a@b.c"})",
                    R"({"objectType":"StatementRef","id":"aa97b177-9383-4934-8543-0f91a7a02836"})",
                    R"(,"context":{"platform":"web"})"),
                "statement.context.platform"},
        BadCase{"team is an agent",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"context":{"team":{"mbox":"mailto:t@b.c"}})"),
                "statement.context.team"},
        BadCase{"context activity not an activity",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"context":{"contextActivities":{"parent":[{"id":"nope"}]}})"),
                "statement.context.contextActivities.parent[0].id"},
        BadCase{"unknown contextActivities key",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"context":{"contextActivities":{"sibling":[]}})"),
                "statement.context.contextActivities.sibling"},
        BadCase{
            "contextAgents in 1.0",
            Statement(
                R"({"mbox":"mailto:a@b.c"})", kActivity,
                R"(,"context":{"contextAgents":[{"objectType":"contextAgent","agent":{"mbox":"mailto:p@e.com"}}]})"),
            "statement.context.contextAgents", SpecVersion::k1_0},
        BadCase{
            "contextAgent bad objectType",
            Statement(
                R"({"mbox":"mailto:a@b.c"})", kActivity,
                R"(,"context":{"contextAgents":[{"objectType":"Should fail","agent":{"mbox":"mailto:p@e.com"}}]})"),
            "statement.context.contextAgents[0].objectType"},
        BadCase{
            "contextAgent empty relevantTypes",
            Statement(
                R"({"mbox":"mailto:a@b.c"})", kActivity,
                R"(,"context":{"contextAgents":[{"objectType":"contextAgent","agent":{"mbox":"mailto:p@e.com"},"relevantTypes":[]}]})"),
            "statement.context.contextAgents[0].relevantTypes"},
        BadCase{
            "contextAgent relevantTypes not IRIs",
            Statement(
                R"({"mbox":"mailto:a@b.c"})", kActivity,
                R"(,"context":{"contextAgents":[{"objectType":"contextAgent","agent":{"mbox":"mailto:p@e.com"},"relevantTypes":["abc"]}]})"),
            "statement.context.contextAgents[0].relevantTypes[0]"},
        BadCase{
            "contextGroup with an agent",
            Statement(
                R"({"mbox":"mailto:a@b.c"})", kActivity,
                R"(,"context":{"contextGroups":[{"objectType":"contextGroup","group":{"mbox":"mailto:p@e.com"}}]})"),
            "statement.context.contextGroups[0].group"},
        BadCase{"bad context language",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"context":{"language":"english language"})"),
                "statement.context.language"},
        BadCase{"timestamp -00:00",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"timestamp":"2008-09-15T15:53:00.601-00:00")"),
                "statement.timestamp"},
        BadCase{"timestamp -0000",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"timestamp":"2008-09-15T15:53:00.601-0000")"),
                "statement.timestamp"},
        BadCase{"timestamp -00",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"timestamp":"2008-09-15T15:53:00.601-00")"),
                "statement.timestamp"},
        BadCase{"timestamp not a date",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity, R"(,"timestamp":"01/011/2015")"),
                "statement.timestamp"},
        BadCase{"bad version",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity, R"(,"version":"0.9")"),
                "statement.version"},
        BadCase{"2.0 version under 1.0",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity, R"(,"version":"2.0.0")"),
                "statement.version", SpecVersion::k1_0},
        BadCase{"bad authority",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"authority":{"account":{"name":{"k":"v"}}})"),
                "statement.authority.account"},
        BadCase{
            "attachment without sha2",
            Statement(
                R"({"mbox":"mailto:a@b.c"})", kActivity,
                R"(,"attachments":[{"usageType":"http://e.com/u","display":{"en-US":"a"},"contentType":"text/plain","length":1}])"),
            "statement.attachments[0]"},
        BadCase{
            "attachment length negative",
            Statement(
                R"({"mbox":"mailto:a@b.c"})", kActivity,
                R"(,"attachments":[{"usageType":"http://e.com/u","display":{"en-US":"a"},"contentType":"text/plain","length":-1,"sha2":"ab"}])"),
            "statement.attachments[0].length"},
        BadCase{
            "voided verb with activity object",
            R"({"actor":{"mbox":"mailto:a@b.c"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},"object":{"id":"http://e.com/a"}})",
            "statement.object"},
        BadCase{
            "duplicate key",
            R"({"actor":{"mbox":"mailto:a@b.c"},"actor":{"mbox":"mailto:a@b.c"},"verb":{"id":"http://e.com/v"},"object":{"id":"http://e.com/a"}})",
            "statement.actor"},
        BadCase{"invalid utf-8",
                Statement(std::string("{\"mbox\":\"mailto:a@b.c\",\"name\":\"\xC3\x28\"}")),
                "statement"},
        // Issue 5 (ADL conformance suite audit): empty objects are not values (Data 2.2), and
        // a Group authority is the anonymous Group of two OAuth Agents (Data 2.4.9).
        BadCase{
            "empty verb display",
            R"({"actor":{"mbox":"mailto:a@b.c"},"verb":{"id":"http://e.com/v","display":{}},"object":{"id":"http://e.com/a"}})",
            "statement.verb.display"},
        BadCase{"empty activity name",
                Statement(R"({"mbox":"mailto:a@b.c"})",
                          R"({"id":"http://e.com/a","definition":{"name":{}}})"),
                "statement.object.definition.name"},
        BadCase{
            "empty attachment description",
            Statement(
                R"({"mbox":"mailto:a@b.c"})", kActivity,
                R"(,"attachments":[{"usageType":"http://e.com/u","display":{"en":"a"},"description":{},"contentType":"text/plain","length":1,"sha2":"ab"}])"),
            "statement.attachments[0].description"},
        BadCase{
            "two-region language tag in an interaction component",
            Statement(
                R"({"mbox":"mailto:a@b.c"})",
                R"({"id":"http://e.com/q","definition":{"interactionType":"likert","scale":[{"id":"1","description":{"de-419-DE":"x"}}]}})"),
            "statement.object.definition.scale[0].description.de-419-DE"},
        BadCase{"empty contextActivities",
                Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                          R"(,"context":{"contextActivities":{}})"),
                "statement.context.contextActivities"},
        BadCase{
            "identified Group authority",
            Statement(
                R"({"mbox":"mailto:a@b.c"})", kActivity,
                R"(,"authority":{"objectType":"Group","mbox":"mailto:g@e.com","member":[{"mbox":"mailto:x@e.com"},{"mbox":"mailto:y@e.com"}]})"),
            "statement.authority"},
        BadCase{"Group authority of one Agent",
                Statement(
                    R"({"mbox":"mailto:a@b.c"})", kActivity,
                    R"(,"authority":{"objectType":"Group","member":[{"mbox":"mailto:x@e.com"}]})"),
                "statement.authority"},
        BadCase{
            "Group authority of three Agents",
            Statement(
                R"({"mbox":"mailto:a@b.c"})", kActivity,
                R"(,"authority":{"objectType":"Group","member":[{"mbox":"mailto:x@e.com"},{"mbox":"mailto:y@e.com"},{"mbox":"mailto:z@e.com"}]})"),
            "statement.authority"},
        BadCase{"oversized name",
                Statement(R"({"mbox":"mailto:a@b.c","name":")" + std::string(70000, 'x') + "\"}"),
                "statement.actor.name"}),
    [](const auto& param_info) {
      std::string n = param_info.param.name;
      for (char& c : n)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      return n;
    });

TEST(StatementTest, DeepNestingIsRejected) {
  std::string deep(200, '[');
  deep += std::string(200, ']');
  const std::string json = Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                                     R"(,"result":{"extensions":{"http://e.com/x":)" + deep + "}}");
  auto parsed = ParseStatement(json, SpecVersion::k2_0);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().public_message().find("nested"), std::string::npos);
}

TEST(StatementTest, ExtractsWhatTheLrsIndexes) {
  const std::string json = R"({
    "id":"AA97B177-9383-4934-8543-0F91A7A02836",
    "actor":{"objectType":"Agent","name":"Ann","mbox":"mailto:Ann@Example.com"},
    "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
    "object":{"id":"http://example.com/course/1","definition":{"name":{"en-US":"Course"}}},
    "result":{"completion":true,"success":false,"duration":"PT1H30M"},
    "context":{"registration":"BB97B177-9383-4934-8543-0F91A7A02836",
      "instructor":{"account":{"homePage":"http://lms.example.com","name":"t1"}},
      "contextActivities":{"parent":{"id":"http://example.com/path/1"}}},
    "timestamp":"2026-01-02T03:04:05.678+01:00",
    "version":"1.0.3"})";
  auto parsed = ParseStatement(json, SpecVersion::k1_0);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const auto& s = *parsed;
  EXPECT_EQ(s.id, "aa97b177-9383-4934-8543-0f91a7a02836");
  EXPECT_EQ(s.actor_ifi, "mbox:mailto:ann@example.com");
  EXPECT_EQ(s.actor_name, "Ann");
  EXPECT_EQ(s.verb_id, "http://adlnet.gov/expapi/verbs/completed");
  EXPECT_EQ(s.object_kind, ObjectKind::kActivity);
  EXPECT_EQ(s.object_id, "http://example.com/course/1");
  EXPECT_EQ(s.registration, "bb97b177-9383-4934-8543-0f91a7a02836");
  EXPECT_EQ(s.version, "1.0.3");
  ASSERT_TRUE(s.duration_seconds);
  EXPECT_DOUBLE_EQ(*s.duration_seconds, 5400);
  EXPECT_EQ(s.completion, true);
  EXPECT_EQ(s.success, false);
  ASSERT_TRUE(s.timestamp);
  EXPECT_EQ(FormatIso8601(*s.timestamp), "2026-01-02T02:04:05.678Z");
  const std::vector<Term> expected = {
      {"a|mbox:mailto:ann@example.com", true},
      {"v|http://adlnet.gov/expapi/verbs/completed", true},
      {"o|http://example.com/course/1", true},
      {"r|bb97b177-9383-4934-8543-0f91a7a02836", true},
      {"a|account:http://lms.example.com|t1", false},
      {"o|http://example.com/path/1", false},
  };
  EXPECT_EQ(s.terms, expected);
  ASSERT_EQ(s.definitions.size(), 1u);
  EXPECT_EQ(s.definitions[0].definition_json, R"({"name":{"en-US":"Course"}})");
  // A single context activity is normalised to an array.
  EXPECT_NE(s.body.find(R"("parent":[{"id":"http://example.com/path/1"}])"), std::string::npos);
  // LRS-set properties are not part of the body.
  EXPECT_EQ(s.body.find("\"id\":\"aa97"), std::string::npos);
  EXPECT_EQ(s.body.find("timestamp"), std::string::npos);
}

TEST(StatementTest, SubStatementAgentsAndActivitiesAreRelatedOnly) {
  auto parsed = ParseStatement(Statement(R"({"mbox":"mailto:a@b.c"})", kSub), SpecVersion::k2_0);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->object_kind, ObjectKind::kSubStatement);
  const std::vector<Term> expected = {
      {"a|mbox:mailto:a@b.c", true},
      {"v|http://adlnet.gov/expapi/verbs/completed", true},
      {"a|mbox:mailto:b@example.com", false},
      {"o|http://example.com/a", false},
  };
  EXPECT_EQ(parsed->terms, expected);
}

TEST(StatementTest, GroupMembersMatchTheAgentFilter) {
  auto parsed = ParseStatement(
      Statement(
          R"({"objectType":"Group","member":[{"mbox":"mailto:m1@e.com"},{"openid":"http://id.e.com/m2"}]})"),
      SpecVersion::k2_0);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->actor_ifi, "");
  EXPECT_EQ(parsed->actor_object_type, "Group");
  EXPECT_EQ(parsed->terms[0], (Term{"a|mbox:mailto:m1@e.com", true}));
  EXPECT_EQ(parsed->terms[1], (Term{"a|openid:http://id.e.com/m2", true}));
}

TEST(StatementTest, VoidingStatementIsRecognised) {
  auto parsed = ParseStatement(
      R"({"actor":{"mbox":"mailto:a@b.c"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},"object":{"objectType":"StatementRef","id":"AA97B177-9383-4934-8543-0F91A7A02836"}})",
      SpecVersion::k1_0);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(parsed->is_voiding);
  EXPECT_EQ(parsed->object_id, "aa97b177-9383-4934-8543-0f91a7a02836");
}

TEST(StatementTest, AcceptsValidVariants) {
  const std::string valid[] = {
      Statement(R"({"mbox_sha1sum":"ebd31e95054c018b10727ccffd2ef2ec3a016ee9"})"),
      Statement(R"({"openid":"http://openid.example.org/12345"})"),
      Statement(
          R"({"objectType":"Group","name":"G","account":{"homePage":"http://e.com","name":"g"}})"),
      Statement(R"({"objectType":"Group","member":[]})"),
      Statement(R"({"mbox":"mailto:a@b.c"})", R"({"objectType":"Agent","mbox":"mailto:c@d.e"})"),
      Statement(R"({"mbox":"mailto:a@b.c"})", kSub),
      Statement(
          R"({"mbox":"mailto:a@b.c"})",
          R"({"id":"http://e.com/q","definition":{"interactionType":"matching","source":[{"id":"a","description":{"en":"A"}}],"target":[{"id":"b"}],"correctResponsesPattern":["a[.]b"]}})"),
      Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                R"(,"result":{"extensions":{"http://example.com/null":null}})"),
      Statement(R"({"mbox":"mailto:a@b.c"})", kActivity,
                R"(,"timestamp":"2008-09-15 15:53:00.601+00:00")"),
      Statement(R"({"mbox":"mailto:a@b.c"})", kActivity, R"(,"timestamp":"2008-09-15T15:53:00Z")"),
      Statement(R"({"mbox":"mailto:a@b.c"})", kActivity, R"(,"version":"2.0.0")"),
      Statement(
          R"({"mbox":"mailto:a@b.c"})", kActivity,
          R"(,"context":{"contextAgents":[{"objectType":"contextAgent","agent":{"mbox":"mailto:p@e.com"},"relevantTypes":["http://e.com/t"]}],"contextGroups":[{"objectType":"contextGroup","group":{"objectType":"Group","member":[{"mbox":"mailto:q@e.com"}]}}],"language":"zh-Hant-TW","statement":{"objectType":"StatementRef","id":"aa97b177-9383-4934-8543-0f91a7a02836"}})"),
      Statement(
          R"({"mbox":"mailto:a@b.c"})", kActivity,
          R"(,"attachments":[{"usageType":"http://e.com/u","display":{"en-US":"a"},"contentType":"text/plain; charset=ascii","length":27,"sha2":"495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a","fileUrl":"http://over.there.com/file.txt"}])"),
      // Issue 5: the authority of 3-legged OAuth, an anonymous Group of two Agents.
      Statement(
          R"({"mbox":"mailto:a@b.c"})", kActivity,
          R"(,"authority":{"objectType":"Group","member":[{"account":{"homePage":"http://e.com/oauth","name":"app"}},{"mbox":"mailto:u@e.com"}]})"),
  };
  for (const auto& json : valid) {
    auto parsed = ParseStatement(json, SpecVersion::k2_0);
    EXPECT_TRUE(parsed.ok()) << json << "\n" << parsed.status().ToString();
  }
}

TEST(StatementTest, BatchPathsNameTheStatement) {
  const std::string batch = "[" + Statement() + "," + Statement(R"({"mbox":"a"})") + "]";
  auto parsed = ParseStatementBatch(batch, SpecVersion::k2_0);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().field(), "statement[1].actor.mbox");
  auto ok = ParseStatementBatch("[" + Statement() + "," + Statement() + "]", SpecVersion::k2_0);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->size(), 2u);
  auto empty = ParseStatementBatch("[]", SpecVersion::k2_0);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(StatementTest, SameStatementIgnoresOrderAndLrsProperties) {
  auto a = ParseStatement(
      R"({"actor":{"name":"A","mbox":"mailto:a@b.c"},"verb":{"id":"http://e.com/v"},"object":{"id":"http://e.com/a"},"result":{"extensions":{"http://e.com/y":1,"http://e.com/x":2}},"timestamp":"2020-01-01T01:00:00+01:00"})",
      SpecVersion::k2_0);
  auto b = ParseStatement(
      R"({"verb":{"id":"http://e.com/v"},"object":{"id":"http://e.com/a"},"actor":{"mbox":"mailto:a@b.c","name":"A"},"result":{"extensions":{"http://e.com/x":2,"http://e.com/y":1}},"timestamp":"2020-01-01T00:00:00Z","stored":"2020-01-01T00:00:00Z","authority":{"mbox":"mailto:x@y.z"},"version":"1.0.3"})",
      SpecVersion::k2_0);
  auto c = ParseStatement(
      R"({"actor":{"mbox":"mailto:a@b.c","name":"B"},"verb":{"id":"http://e.com/v"},"object":{"id":"http://e.com/a"}})",
      SpecVersion::k2_0);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_TRUE(SameStatement(*a, *b));
  EXPECT_FALSE(SameStatement(*a, *c));
}

// Found by fuzz/statement_fuzzer: a score of -0.0 was stored as "-0", which reads back as the
// integer 0, so an identical re-send of the statement got 409.
TEST(StatementTest, NegativeZeroIsStoredAsZeroAndTheStatementStaysTheSame) {
  const std::string sent =
      R"({"actor":{"mbox":"mailto:a@b.c"},"verb":{"id":"http://e.com/v"},"object":{"id":"http://e.com/a"},"result":{"score":{"scaled":-0.0,"raw":-0.0}}})";
  auto a = ParseStatement(sent, SpecVersion::k1_0);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(a->body.find(R"("scaled":0)"), std::string::npos) << a->body;
  EXPECT_EQ(a->body.find("-0"), std::string::npos) << a->body;
  const std::string stored =
      ComposeStored(*a, "aa97b177-9383-4934-8543-0f91a7a02836", "2026-01-01T00:00:00.000Z",
                    "2026-01-01T00:00:01.000Z", R"({"mbox":"mailto:lrs@e.com"})", "1.0.3");
  auto back = ParseStatement(stored, SpecVersion::k1_0);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(SameStatement(*a, *back));
  auto again = ParseStatement(sent, SpecVersion::k1_0);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(SameStatement(*again, *back));
}

TEST(StatementTest, ComposedStoredFormParsesBackToTheSameStatement) {
  auto a = ParseStatement(Statement(), SpecVersion::k2_0);
  ASSERT_TRUE(a.ok());
  const std::string stored =
      ComposeStored(*a, "aa97b177-9383-4934-8543-0f91a7a02836", "2026-01-01T00:00:00.000Z",
                    "2026-01-01T00:00:01.000Z", R"({"mbox":"mailto:lrs@e.com"})", "2.0.0");
  auto back = ParseStatement(stored, SpecVersion::k2_0);
  ASSERT_TRUE(back.ok()) << back.status().ToString() << "\n" << stored;
  EXPECT_TRUE(SameStatement(*a, *back));
  EXPECT_EQ(back->id, "aa97b177-9383-4934-8543-0f91a7a02836");
}

TEST(StatementTest, AgentFilterIfi) {
  EXPECT_EQ(*ParseAgentIfi(R"({"mbox":"mailto:A@b.c"})", SpecVersion::k1_0, "agent"),
            "mbox:mailto:a@b.c");
  auto anonymous =
      ParseAgentIfi(R"({"objectType":"Group","member":[]})", SpecVersion::k1_0, "agent");
  ASSERT_FALSE(anonymous.ok());
  EXPECT_EQ(anonymous.status().field(), "agent");
  EXPECT_FALSE(ParseAgentIfi("{", SpecVersion::k1_0, "agent").ok());
}

TEST(DataTypesTest, Durations) {
  EXPECT_DOUBLE_EQ(*ParseDuration("PT1H0M0.1S"), 3600.1);
  EXPECT_DOUBLE_EQ(*ParseDuration("PT4H35M59.14S"), 16559.14);
  EXPECT_DOUBLE_EQ(*ParseDuration("PT16559.14S"), 16559.14);
  EXPECT_TRUE(ParseDuration("P3Y1M29DT4H35M59.14S"));
  EXPECT_DOUBLE_EQ(*ParseDuration("P4W"), 4 * 7 * 86400.0);
  for (const char* bad : {"", "P", "PT", "P4W1D", "PA1H0M0S", "should fail", "PT1.5H2M", "P1D2Y",
                          "1H", "PT1H2H", "P1DT"})
    EXPECT_FALSE(ParseDuration(bad)) << bad;
}

TEST(DataTypesTest, LanguageTags) {
  for (const char* ok :
       {"en", "en-US", "zh-Hant-TW", "es-419", "x-klingon", "i-enochian", "de-CH-1996"})
    EXPECT_TRUE(IsLanguageTag(ok)) << ok;
  for (const char* bad : {"", "something", "a", "en--US", "en_US", "-en", "x", "en-"})
    EXPECT_FALSE(IsLanguageTag(bad)) << bad;
}

// Issue 5: RFC 5646 grammar (language, extlang, script, region, variants, extensions, private
// use, grandfathered tags) and its registry-free validity rules (no repeated variant or
// extension singleton), as the ADL conformance suite checks them.
TEST(Issue5LanguageTags, FollowRfc5646) {
  for (const char* ok : {"de",
                         "ine",
                         "cmn",
                         "i-enochian",
                         "zh-Hant",
                         "sr-Latn-RS",
                         "zh-cmn-Hans-CN",
                         "sl-rozaj-biske",
                         "de-CH-1901",
                         "hy-Latn-IT-arevela",
                         "az-Arab-x-AZE-derbend",
                         "x-whatever",
                         "en-US-x-twain",
                         "qaa-Qaaa-QM-x-southern",
                         "en-a-bbb-x-a-ccc",
                         "zh-min-nan",
                         "sgn-BE-FR",
                         "art-lojban",
                         "EN-gb-OED",
                         "de-1996",
                         "en-GB-1234"})
    EXPECT_TRUE(IsLanguageTag(ok)) << ok;
  for (const char* bad : {"de-419-DE", "a-DE", "ar-a-aaa-b-bbb-a-ccc", "zh-z-aaa-z-bbb-c-ccc",
                          "de-DE-1901-1901", "en-a", "en-a-x-b", "en-x", "en-something-AU",
                          "a12345", "123", "en-US-abcd", "en-Latn-Latn", "en-US-GB", "1e"})
    EXPECT_FALSE(IsLanguageTag(bad)) << bad;
}

TEST(DataTypesTest, Iris) {
  for (const char* ok : {"http://e.com", "urn:li:lyndaCourse:184457", "mailto:a@b.c", "tag:x"})
    EXPECT_TRUE(IsIri(ok)) << ok;
  for (const char* bad : {"", "abc", "http:", "1http://x", "http://a b", ":x"})
    EXPECT_FALSE(IsIri(bad)) << bad;
}

TEST(DataTypesTest, Timestamps) {
  EXPECT_EQ(FormatIso8601(*ParseXapiTimestamp("2008-09-15T15:53:00.601+02:00")),
            "2008-09-15T13:53:00.601Z");
  EXPECT_EQ(FormatIso8601(*ParseXapiTimestamp("2008-09-15T15:53:00-0130")),
            "2008-09-15T17:23:00.000Z");
  EXPECT_TRUE(ParseXapiTimestamp("2008-09-15T15:53:00.123456789Z"));
  EXPECT_TRUE(ParseXapiTimestamp("2008-09-15T15:53:00"));  // no zone: read as UTC
  for (const char* bad : {"2008-09-15", "2008-13-15T15:53:00Z", "2008-02-30T15:53:00Z",
                          "2008-09-15T25:53:00Z", "2008-09-15T15:53:00.Z", "2008-09-15T15:53:00+1",
                          "2008-09-15T15:53:00Zjunk", "01/011/2015"})
    EXPECT_FALSE(ParseXapiTimestamp(bad)) << bad;
}

TEST(DataTypesTest, Uuids) {
  EXPECT_TRUE(IsUuid("AA97B177-9383-4934-8543-0F91A7A02836"));
  EXPECT_FALSE(IsUuid("AA97B177-9383-4934-8543-0F91A7A028368"));
  EXPECT_FALSE(IsUuid("MA97B177-9383-4934-8543-0F91A7A02836"));
  EXPECT_FALSE(IsUuid("AA97B17709383-4934-8543-0F91A7A02836"));
}

}  // namespace
}  // namespace reskill::domain::lrs
