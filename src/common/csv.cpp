#include "common/csv.hpp"

#include "common/strings.hpp"

namespace reskill {

std::vector<CsvRecord> SplitCsvRecords(std::string_view text) {
  std::vector<CsvRecord> out;
  int line = 1;
  std::size_t i = 0;
  if (text.starts_with("\xEF\xBB\xBF")) i = 3;  // a spreadsheet's UTF-8 byte-order mark
  while (i < text.size()) {
    CsvRecord rec;
    rec.line = line;
    std::string field;
    for (;;) {
      if (i < text.size() && text[i] == '"') {
        ++i;
        for (;;) {
          if (i >= text.size()) {
            rec.error = "a quoted field is not closed";
            break;
          }
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') ++line;
          field += text[i++];
        }
      }
      while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        field += text[i++];
      }
      rec.fields.push_back(std::move(field));
      field.clear();
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < text.size() && text[i] == '\r') ++i;
      if (i < text.size() && text[i] == '\n') ++i;
      ++line;
      break;
    }
    const bool blank = rec.fields.size() == 1 && Trim(rec.fields[0]).empty();
    if (!blank) out.push_back(std::move(rec));
  }
  return out;
}

}  // namespace reskill
