// File: tests/fhir/json_reader_test.cc
// What the JSON reader builds from valid FHIR JSON.
#include "fhir/json_reader.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fhir {
namespace {

using ::testing::IsEmpty;

TEST(JsonReaderTest, BuildsResourceWithPropertiesInSourceOrder) {
  Document doc = ReadJson(R"({"resourceType":"Patient","id":"p1","active":true,
                              "name":[{"family":"Doe","given":["Ann","B"]}]})");
  ASSERT_THAT(doc.issues(), IsEmpty());
  const Element& root = *doc.root();
  EXPECT_EQ(root.resource_type(), "Patient");
  ASSERT_EQ(root.property_count, 3u);
  EXPECT_EQ(root.properties[0].name, "id");
  EXPECT_EQ(root.First("id")->value, "p1");
  EXPECT_EQ(root.First("active")->kind, ValueKind::kBoolean);
  const Property* name = root.Find("name");
  ASSERT_NE(name, nullptr);
  EXPECT_TRUE(name->is_array);
  EXPECT_FALSE(name->is_primitive);
  const Property* given = name->items[0].Find("given");
  ASSERT_NE(given, nullptr);
  EXPECT_TRUE(given->is_primitive);
  ASSERT_EQ(given->size, 2u);
  EXPECT_EQ(given->items[1].value, "B");
}

TEST(JsonReaderTest, KeepsExactNumberText) {
  Document doc = ReadJson(R"({"resourceType":"Observation","valueQuantity":{"value":1.50},
                              "x":[0, -0.0, 1e-7, 12345678901234567890.000]})");
  ASSERT_THAT(doc.issues(), IsEmpty());
  const Element* q = doc.root()->First("valueQuantity");
  EXPECT_EQ(q->First("value")->value, "1.50");
  EXPECT_EQ(q->First("value")->kind, ValueKind::kNumber);
  const Property* x = doc.root()->Find("x");
  EXPECT_EQ(x->items[1].value, "-0.0");
  EXPECT_EQ(x->items[2].value, "1e-7");
  EXPECT_EQ(x->items[3].value, "12345678901234567890.000");
}

TEST(JsonReaderTest, UnescapesStringsAndKeepsUnicode) {
  Document doc = ReadJson(R"({"resourceType":"Patient","a":"line\nbreak \"q\" \u00e9 \ud83d\ude00","b":"Müller"})");
  ASSERT_THAT(doc.issues(), IsEmpty());
  EXPECT_EQ(doc.root()->First("a")->value, "line\nbreak \"q\" \xC3\xA9 \xF0\x9F\x98\x80");
  EXPECT_EQ(doc.root()->First("b")->value, "Müller");
}

// The reader finds escapes with one forward cursor over the document: strings before, between
// and after escaped ones, escaped keys, and an escape in the last string must all come out right.
TEST(JsonReaderTest, FindsEscapesInAnyStringWhereverTheyAre) {
  Document doc = ReadJson(
      R"({"resourceType":"Patient","a":"plain","b":"x\ty","c":"after","d":["p","q\"r","s"],)"
      R"("e\u0066":"escaped key","f":"\\","g":"tail\n"})");
  ASSERT_THAT(doc.issues(), IsEmpty());
  const Element& root = *doc.root();
  EXPECT_EQ(root.ValueOf("a"), "plain");
  EXPECT_EQ(root.ValueOf("b"), "x\ty");
  EXPECT_EQ(root.ValueOf("c"), "after");
  const Property* d = root.Find("d");
  ASSERT_NE(d, nullptr);
  ASSERT_EQ(d->size, 3u);
  EXPECT_EQ(d->items[0].value, "p");
  EXPECT_EQ(d->items[1].value, "q\"r");
  EXPECT_EQ(d->items[2].value, "s");
  EXPECT_EQ(root.ValueOf("ef"), "escaped key");
  EXPECT_EQ(root.ValueOf("f"), "\\");
  EXPECT_EQ(root.ValueOf("g"), "tail\n");
}

TEST(JsonReaderTest, MergesPrimitiveCompanionInEitherOrder) {
  for (const char* text : {
           R"({"resourceType":"Patient","birthDate":"1970","_birthDate":{"id":"b1"}})",
           R"({"resourceType":"Patient","_birthDate":{"id":"b1"},"birthDate":"1970"})"}) {
    Document doc = ReadJson(text);
    ASSERT_THAT(doc.issues(), IsEmpty()) << text;
    ASSERT_EQ(doc.root()->property_count, 1u) << text;
    const Property& p = doc.root()->properties[0];
    EXPECT_TRUE(p.is_primitive);
    EXPECT_EQ(p.items[0].value, "1970");
    EXPECT_EQ(p.items[0].First("id")->value, "b1");
  }
}

TEST(JsonReaderTest, AlignsArrayHolesWithCompanion) {
  Document doc = ReadJson(R"({"resourceType":"Patient","name":[{"given":["A",null,"C"],
      "_given":[null,{"extension":[{"url":"http://e","valueString":"x"}]},null]}]})");
  ASSERT_THAT(doc.issues(), IsEmpty());
  const Property* given = doc.root()->First("name")->Find("given");
  ASSERT_EQ(given->size, 3u);
  EXPECT_EQ(given->items[0].value, "A");
  EXPECT_FALSE(given->items[1].has_value());
  EXPECT_FALSE(given->items[1].is_null);
  EXPECT_NE(given->items[1].Find("extension"), nullptr);
  EXPECT_EQ(given->items[2].value, "C");
}

TEST(JsonReaderTest, CompanionWithoutValueIsAPrimitiveProperty) {
  Document doc = ReadJson(R"({"resourceType":"Patient","_gender":{"extension":[{"url":"http://e","valueCode":"x"}]}})");
  ASSERT_THAT(doc.issues(), IsEmpty());
  const Property* gender = doc.root()->Find("gender");
  ASSERT_NE(gender, nullptr);
  EXPECT_TRUE(gender->is_primitive);
  EXPECT_FALSE(gender->items[0].has_value());
}

TEST(JsonReaderTest, NestedResourcesCarryTheirType) {
  Document doc = ReadJson(R"({"resourceType":"Bundle","type":"collection",
      "entry":[{"resource":{"resourceType":"Patient","id":"a"}}]})");
  ASSERT_THAT(doc.issues(), IsEmpty());
  const Element* res = doc.root()->First("entry")->First("resource");
  EXPECT_EQ(res->resource_type(), "Patient");
  EXPECT_EQ(res->First("id")->value, "a");
}

TEST(JsonReaderTest, RecordsSourcePositionsOfElements) {
  Document doc = ReadJson("{\n  \"resourceType\": \"Patient\",\n  \"id\": \"p1\"\n}");
  const Element* id = doc.root()->First("id");
  Position pos = doc.PositionOf(id->offset);
  EXPECT_EQ(pos.line, 3u);
  EXPECT_EQ(pos.column, 9u);
  Position key = doc.PositionOf(doc.root()->Find("id")->offset);
  EXPECT_EQ(key.line, 3u);
  EXPECT_EQ(key.column, 3u);
}

TEST(JsonReaderTest, CountsColumnsInCharactersNotBytes) {
  Document doc = ReadJson("{\"resourceType\":\"Patient\",\"a\":\"é\",\"b\":null}");
  ASSERT_EQ(doc.issues().size(), 1u);
  // The null is character 39 but byte 40: the é before it is two bytes, one character.
  EXPECT_EQ(doc.issues()[0].column, 39u);
}

TEST(JsonReaderTest, DocumentsAreMovableWithoutInvalidatingTheTree) {
  Document doc = ReadJson(R"({"resourceType":"Patient","id":"p1"})");
  const Element* root = doc.root();
  Document moved = std::move(doc);
  EXPECT_EQ(moved.root(), root);
  EXPECT_EQ(moved.root()->First("id")->value, "p1");
}

}  // namespace
}  // namespace fhir
