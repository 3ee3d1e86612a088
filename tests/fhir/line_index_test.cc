// File: tests/fhir/line_index_test.cc
// Line and column (in code points) of byte offsets, checked against a direct count on texts
// with multi-byte characters across the index's blocks and on long single lines.
#include "fhir/line_index.h"

#include <string>

#include "gtest/gtest.h"

namespace fhir {
namespace {

Position Naive(std::string_view text, uint32_t offset) {
  Position p{1, 1};
  for (uint32_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++p.column;
    }
  }
  return p;
}

TEST(LineIndexTest, EveryOffsetMatchesADirectCount) {
  std::string text;
  for (int i = 0; i < 400; ++i) {
    text += (i % 7 == 0) ? "Müller " : (i % 11 == 0) ? "名前\n" : (i % 13 == 0) ? "\xF0\x9F\x98\x80" : "abc ";
  }
  text += std::string(3000, 'x');  // a long last line
  LineIndex index(text);
  for (uint32_t offset = 0; offset <= text.size(); ++offset) {
    Position want = Naive(text, offset), got = index.At(offset);
    ASSERT_EQ(got.line, want.line) << offset;
    ASSERT_EQ(got.column, want.column) << offset;
  }
  EXPECT_EQ(index.At(static_cast<uint32_t>(text.size()) + 1).line, 0u);  // past the end
}

TEST(LineIndexTest, ScanningMatchesADirectCount) {
  std::string text = "\n";  // a line break first, and one last
  for (int i = 0; i < 300; ++i) text += (i % 5 == 0) ? "Müller\n" : (i % 3 == 0) ? "名前 " : "ab ";
  text += "\n";
  for (uint32_t offset = 0; offset <= text.size(); ++offset) {
    Position want = Naive(text, offset), got = PositionByScan(text, offset);
    ASSERT_EQ(got.line, want.line) << offset;
    ASSERT_EQ(got.column, want.column) << offset;
  }
  EXPECT_EQ(PositionByScan(text, static_cast<uint32_t>(text.size()) + 1).line, 0u);  // past the end
}

TEST(LineIndexTest, ShortTextsCountWithoutTheBlockTable) {
  const std::string text = "{\"name\":\"Müller\",\n\"city\":\"Zürich\"}";
  LineIndex index(text);
  for (uint32_t offset = 0; offset <= text.size(); ++offset) {
    ASSERT_EQ(index.At(offset).column, Naive(text, offset).column) << offset;
    ASSERT_EQ(index.At(offset).line, Naive(text, offset).line) << offset;
  }
}

TEST(LineIndexTest, EmptyText) {
  LineIndex index("");
  EXPECT_EQ(index.At(0).line, 1u);
  EXPECT_EQ(index.At(0).column, 1u);
}

}  // namespace
}  // namespace fhir
