// Splitting CSV text into records (RFC 4180), shared by the importers that read spreadsheets
// exported by people and providers (client lists, provider activity reports).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace reskill {

/// One CSV record: its fields and the 1-based line it starts on.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
  std::string error;  ///< Non-empty when the record is malformed (an unclosed quoted field).
};

/// Fields separated by ',', records by CRLF or LF; quoted fields may hold commas, line breaks
/// and doubled quotes. A leading UTF-8 byte-order mark is skipped, and so are blank lines (line
/// numbers still count them).
std::vector<CsvRecord> SplitCsvRecords(std::string_view text);

}  // namespace reskill
