#include <gtest/gtest.h>

#include "common/csv.hpp"
#include "common/status.hpp"
#include "common/strings.hpp"
#include "common/time.hpp"

namespace reskill {
namespace {

TEST(StatusTest, FieldPrefixComposesPaths) {
  Status st = InvalidArgument("bad", "mbox");
  EXPECT_EQ(st.WithFieldPrefix("actor").field(), "actor.mbox");
  EXPECT_EQ(InvalidArgument("bad", "[2]").WithFieldPrefix("roles").field(), "roles[2]");
  EXPECT_EQ(InvalidArgument("bad").WithFieldPrefix("body").field(), "body");
}

StatusOr<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgument("odd", "x");
  return x / 2;
}

Status Quarter(int x, int& out) {
  RESKILL_ASSIGN_OR_RETURN(int h, Half(x));
  RESKILL_ASSIGN_OR_RETURN(out, Half(h));
  return Status::Ok();
}

TEST(StatusTest, AssignOrReturnPropagatesErrors) {
  int out = 0;
  EXPECT_TRUE(Quarter(8, out).ok());
  EXPECT_EQ(out, 2);
  EXPECT_EQ(Quarter(6, out).code(), ErrorCode::kInvalidArgument);
}

TEST(TimeTest, RoundTripsIso8601) {
  auto t = ParseIso8601("2026-11-23T02:59:18.123Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatIso8601(*t), "2026-11-23T02:59:18.123Z");
  auto offset = ParseIso8601("2026-11-23T04:59:18+02:00");
  ASSERT_TRUE(offset);
  EXPECT_EQ(FormatIso8601(*offset), "2026-11-23T02:59:18.000Z");
  EXPECT_EQ(ToUnixMillis(*ParseIso8601("1970-01-01")), 0);
}

TEST(TimeTest, RejectsMalformed) {
  for (const char* bad : {"", "2026", "2026-13-01", "2026-11-23T25:00:00Z", "2026-11-23T02:59:18",
                          "2026-11-23T02:59:18.Z", "2026-11-23T02:59:18Zjunk"}) {
    EXPECT_FALSE(ParseIso8601(bad)) << bad;
  }
}

TEST(StringsTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("Jos\xC3\xA9"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong
}

TEST(StringsTest, TrimSplitLower) {
  EXPECT_EQ(Trim("  a b \n"), "a b");
  EXPECT_EQ(ToLower("AbC"), "abc");
  auto parts = Split("a,b,,c", ',');
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[2], "");
}

TEST(Csv, SplitsQuotedFieldsAndCountsLines) {
  const auto records = SplitCsvRecords(
      "\xEF\xBB\xBFname,note\r\n\"Ruiz, Ana\",\"said \"\"hi\"\"\"\n\n\"two\nlines\",x\nlast,");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"name", "note"}));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"Ruiz, Ana", "said \"hi\""}));
  EXPECT_EQ(records[2].line, 4);  // the blank line 3 is skipped but counted
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"two\nlines", "x"}));
  EXPECT_EQ(records[3].line, 6);
  EXPECT_EQ(records[3].fields, (std::vector<std::string>{"last", ""}));
  EXPECT_TRUE(records[3].error.empty());
}

TEST(Csv, AnUnclosedQuoteIsAnError) {
  const auto records = SplitCsvRecords("a,b\n\"open,c\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].error, "a quoted field is not closed");
}

}  // namespace
}  // namespace reskill
