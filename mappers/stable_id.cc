// File: mappers/stable_id.cc
#include "mappers/stable_id.h"

#include <cstring>

namespace mappers {
namespace {

uint32_t Rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

// fhirgw's UUID namespace (a fixed random UUID; changing it would change every id).
constexpr uint8_t kNamespace[16] = {0x6c, 0x1f, 0x4e, 0x2a, 0x93, 0x0b, 0x4d, 0x57,
                                    0xa1, 0x8e, 0x2c, 0x37, 0x5f, 0xd0, 0x69, 0xb4};

}  // namespace

namespace {

void Sha1Block(const uint8_t* p, uint32_t h[5]) {
  uint32_t w[80];
  for (int i = 0; i < 16; ++i) {
    w[i] = (uint32_t{p[4 * i]} << 24) | (uint32_t{p[4 * i + 1]} << 16) | (uint32_t{p[4 * i + 2]} << 8) | p[4 * i + 3];
  }
  for (int i = 16; i < 80; ++i) w[i] = Rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
  for (int i = 0; i < 80; ++i) {
    uint32_t f, k;
    if (i < 20) {
      f = (b & c) | (~b & d);
      k = 0x5A827999;
    } else if (i < 40) {
      f = b ^ c ^ d;
      k = 0x6ED9EBA1;
    } else if (i < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8F1BBCDC;
    } else {
      f = b ^ c ^ d;
      k = 0xCA62C1D6;
    }
    uint32_t t = Rotl(a, 5) + f + e + k + w[i];
    e = d;
    d = c;
    c = Rotl(b, 30);
    b = a;
    a = t;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
}

}  // namespace

std::array<uint8_t, 20> Sha1(std::string_view data) {
  uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  const auto* bytes = reinterpret_cast<const uint8_t*>(data.data());
  size_t full = data.size() / 64 * 64;
  for (size_t i = 0; i < full; i += 64) Sha1Block(bytes + i, h);
  // The tail, the 0x80 marker and the bit length, in one or two final blocks.
  uint8_t tail[128] = {};
  size_t rest = data.size() - full;
  std::memcpy(tail, bytes + full, rest);
  tail[rest] = 0x80;
  size_t tail_len = rest + 1 + 8 <= 64 ? 64 : 128;
  const uint64_t bits = static_cast<uint64_t>(data.size()) * 8;
  for (int i = 0; i < 8; ++i) tail[tail_len - 1 - i] = static_cast<uint8_t>(bits >> (8 * i));
  for (size_t i = 0; i < tail_len; i += 64) Sha1Block(tail + i, h);
  std::array<uint8_t, 20> out;
  for (int i = 0; i < 5; ++i) {
    for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<uint8_t>(h[i] >> (24 - 8 * j));
  }
  return out;
}

std::string StableId(std::string_view source_system, std::string_view kind, std::string_view record_id,
                     std::string_view part) {
  std::string name(reinterpret_cast<const char*>(kNamespace), sizeof(kNamespace));
  name.append(source_system).append("|").append(kind).append("|").append(record_id);
  if (!part.empty()) name.append("|").append(part);
  std::array<uint8_t, 20> hash = Sha1(name);
  hash[6] = static_cast<uint8_t>((hash[6] & 0x0F) | 0x50);  // version 5
  hash[8] = static_cast<uint8_t>((hash[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id.push_back('-');
    id.push_back(kHex[hash[i] >> 4]);
    id.push_back(kHex[hash[i] & 15]);
  }
  return id;
}

}  // namespace mappers
