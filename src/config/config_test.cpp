#include "config/config.hpp"

#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>

namespace reskill::config {
namespace {

// One file per test: ctest runs each test in its own process, in parallel.
std::string WriteTemp(const std::string& text) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string path = ::testing::TempDir() + "reskill_config_test_" + info->name() + ".toml";
  std::ofstream(path) << text;
  return path;
}

TEST(ConfigTest, DefaultsLoad) {
  auto loaded = Load({});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->config.server.listen, "127.0.0.1:8080");
  EXPECT_EQ(loaded->sources.at("server.listen"), Source::kDefault);
}

TEST(ConfigTest, PrecedenceFileEnvFlags) {
  const auto path =
      WriteTemp("[server]\nlisten = \"0.0.0.0:9000\"\nthreads = 3\n[log]\nlevel = \"warn\"\n");
  LoadInput in;
  in.file_path = path;
  in.environment = {"RESKILL_SERVER_THREADS=5", "PATH=/bin", "RESKILL_TEST_PG_DSN=x"};
  in.overrides = {{"server.listen", "127.0.0.1:9100"}};
  auto loaded = Load(in);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->config.server.listen, "127.0.0.1:9100");
  EXPECT_EQ(loaded->config.server.threads, 5);
  EXPECT_EQ(loaded->config.log.level, "warn");
  EXPECT_EQ(loaded->sources.at("log.level"), Source::kFile);
  EXPECT_EQ(loaded->sources.at("server.threads"), Source::kEnvironment);
}

TEST(ConfigTest, ReportsEveryErrorAtOnce) {
  const auto path = WriteTemp("[server]\nlisten = 8080\nbogus = 1\n[nope]\nx = 1\n");
  LoadInput in;
  in.file_path = path;
  in.environment = {"RESKILL_SERVER_THREDS=2", "RESKILL_LOG_LEVEL=loud"};
  auto loaded = Load(in);
  ASSERT_FALSE(loaded.ok());
  const auto& msg = loaded.status().public_message();
  EXPECT_NE(msg.find("server.listen: expected a string"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown setting \"server.bogus\""), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown setting \"nope.x\""), std::string::npos) << msg;
  EXPECT_NE(msg.find("RESKILL_SERVER_THREDS"), std::string::npos) << msg;
  EXPECT_NE(msg.find("log.level"), std::string::npos) << msg;
}

TEST(ConfigTest, SyntaxErrorNamesLine) {
  const auto path = WriteTemp("[server]\nlisten = \"x\n");
  LoadInput in;
  in.file_path = path;
  auto loaded = Load(in);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().public_message().find(":2:"), std::string::npos);
}

TEST(ConfigTest, ShowRedactsSecrets) {
  LoadInput in;
  in.overrides = {{"database.url", "postgresql://app:hunter2@db/reskill"}};
  auto loaded = Load(in);
  ASSERT_TRUE(loaded.ok());
  const auto text = Show(*loaded);
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
  EXPECT_NE(text.find("postgresql://app:<redacted>@db/reskill"), std::string::npos);
}

TEST(ConfigTest, DocsListEverySetting) {
  const auto docs = DocsMarkdown();
  EXPECT_NE(docs.find("`RESKILL_SERVER_LISTEN`"), std::string::npos);
  EXPECT_NE(docs.find("`database.url`"), std::string::npos);
}

}  // namespace
}  // namespace reskill::config
