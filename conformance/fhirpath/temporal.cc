// File: conformance/fhirpath/temporal.cc
#include "conformance/fhirpath/temporal.h"

#include <cstdio>

namespace conformance::fhirpath {
namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a civil date (proleptic Gregorian), and back.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2));
}

int64_t ToMillis(const Temporal& t) {
  int64_t days = t.is_time ? 0 : DaysFromCivil(t.year, t.month, t.day);
  return ((days * 24 + t.hour) * 60 + t.minute) * 60000 + t.second * 1000 + t.millisecond;
}
void FromMillis(int64_t ms, Temporal* t) {
  int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
  int64_t rest = ms - days * 86400000;
  if (!t->is_time) CivilFromDays(days, &t->year, &t->month, &t->day);
  t->hour = static_cast<int>(rest / 3600000);
  t->minute = static_cast<int>(rest / 60000 % 60);
  t->second = static_cast<int>(rest / 1000 % 60);
  t->millisecond = static_cast<int>(rest % 1000);
}

bool ParseTime(std::string_view s, size_t pos, Temporal* t) {
  if (!Digits(s, pos, 2, &t->hour) || t->hour > 23) return false;
  t->precision = Precision::kHour;
  pos += 2;
  if (pos < s.size() && s[pos] == ':') {
    if (!Digits(s, pos + 1, 2, &t->minute) || t->minute > 59) return false;
    t->precision = Precision::kMinute;
    pos += 3;
    if (pos < s.size() && s[pos] == ':') {
      if (!Digits(s, pos + 1, 2, &t->second) || t->second > 60) return false;
      t->precision = Precision::kSecond;
      pos += 3;
      if (pos < s.size() && s[pos] == '.') {
        size_t start = ++pos;
        int ms = 0, n = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (n < 3) ms = ms * 10 + (s[pos] - '0');
          ++n;
          ++pos;
        }
        if (pos == start) return false;
        for (int i = n; i < 3; ++i) ms *= 10;
        t->millisecond = ms;
        t->has_millis = true;
      }
    }
  }
  if (pos == s.size()) return true;
  if (t->is_time) return false;
  if (s[pos] == 'Z' && pos + 1 == s.size()) {
    t->has_tz = true;
    return true;
  }
  if ((s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() && s[pos + 3] == ':') {
    int h, m;
    if (!Digits(s, pos + 1, 2, &h) || !Digits(s, pos + 4, 2, &m) || h > 14 || m > 59) return false;
    t->has_tz = true;
    t->tz_minutes = (s[pos] == '-' ? -1 : 1) * (h * 60 + m);
    return true;
  }
  return false;
}

}  // namespace

std::optional<Temporal> ParseTemporal(std::string_view s, bool time) {
  Temporal t;
  if (time) {
    t.is_time = true;
    if (!ParseTime(s, 0, &t)) return std::nullopt;
    return t;
  }
  if (!Digits(s, 0, 4, &t.year)) return std::nullopt;
  size_t pos = 4;
  if (pos < s.size() && s[pos] == '-') {
    if (!Digits(s, pos + 1, 2, &t.month) || t.month < 1 || t.month > 12) return std::nullopt;
    t.precision = Precision::kMonth;
    pos += 3;
    if (pos < s.size() && s[pos] == '-') {
      if (!Digits(s, pos + 1, 2, &t.day) || t.day < 1 || t.day > DaysInMonth(t.year, t.month)) return std::nullopt;
      t.precision = Precision::kDay;
      pos += 3;
    }
  }
  if (pos == s.size()) return t;
  if (s[pos] != 'T') return std::nullopt;
  if (pos + 1 == s.size()) return t;  // "@2014-01-05T": a date-time of day precision
  if (t.precision != Precision::kDay) return std::nullopt;
  if (!ParseTime(s, pos + 1, &t)) return std::nullopt;
  return t;
}

std::optional<int> CompareTemporal(const Temporal& a0, const Temporal& b0) {
  Temporal a = a0, b = b0;
  // Normalise to UTC when both carry a zone and a time of day.
  if (a.has_tz && b.has_tz && a.precision >= Precision::kHour && b.precision >= Precision::kHour) {
    FromMillis(ToMillis(a) - a.tz_minutes * 60000LL, &a);
    FromMillis(ToMillis(b) - b.tz_minutes * 60000LL, &b);
  }
  // A zoned and an unzoned time of day cannot be ordered.
  if (a.has_tz != b.has_tz && a.precision >= Precision::kHour && b.precision >= Precision::kHour) return std::nullopt;
  const int fa[] = {a.year, a.month, a.day, a.hour, a.minute, a.second * 1000 + a.millisecond};
  const int fb[] = {b.year, b.month, b.day, b.hour, b.minute, b.second * 1000 + b.millisecond};
  int first = a.is_time ? 3 : 0;
  int pa = static_cast<int>(a.precision), pb = static_cast<int>(b.precision);
  int common = pa < pb ? pa : pb;
  for (int i = first; i < common; ++i) {
    if (fa[i] != fb[i]) return fa[i] < fb[i] ? -1 : 1;
  }
  if (pa != pb) return std::nullopt;
  return 0;
}

std::string FormatTemporal(const Temporal& t) {
  char buf[48];
  std::string out;
  if (!t.is_time) {
    std::snprintf(buf, sizeof(buf), "%04d", t.year);
    out = buf;
    if (t.precision >= Precision::kMonth) {
      std::snprintf(buf, sizeof(buf), "-%02d", t.month);
      out += buf;
    }
    if (t.precision >= Precision::kDay) {
      std::snprintf(buf, sizeof(buf), "-%02d", t.day);
      out += buf;
    }
    if (t.precision < Precision::kHour) return out;
    out += 'T';
  }
  std::snprintf(buf, sizeof(buf), "%02d", t.hour);
  out += buf;
  if (t.precision >= Precision::kMinute) {
    std::snprintf(buf, sizeof(buf), ":%02d", t.minute);
    out += buf;
  }
  if (t.precision >= Precision::kSecond) {
    std::snprintf(buf, sizeof(buf), ":%02d", t.second);
    out += buf;
    if (t.has_millis) {
      std::snprintf(buf, sizeof(buf), ".%03d", t.millisecond);
      out += buf;
    }
  }
  if (t.has_tz && !t.is_time) {
    if (t.tz_minutes == 0) {
      out += 'Z';
    } else {
      int m = t.tz_minutes < 0 ? -t.tz_minutes : t.tz_minutes;
      std::snprintf(buf, sizeof(buf), "%c%02d:%02d", t.tz_minutes < 0 ? '-' : '+', m / 60, m % 60);
      out += buf;
    }
  }
  return out;
}

std::optional<Temporal> AddDuration(const Temporal& t0, int64_t n, std::string_view unit) {
  Temporal t = t0;
  if (unit.size() > 1 && unit.back() == 's' && unit != "ms") unit.remove_suffix(1);
  // UCUM's 'a' and 'mo' are fixed numbers of seconds, not calendar years and months: adding
  // them to a date is refused (FHIRPath arithmetic rules).
  if (unit == "year" || unit == "month") {
    if (t.is_time) return std::nullopt;
    int64_t months = unit == "year" ? n * 12 : n;
    int64_t total = int64_t{t.year} * 12 + (t.month - 1) + months;
    t.year = static_cast<int>(total / 12);
    t.month = static_cast<int>(total % 12) + 1;
    int dim = DaysInMonth(t.year, t.month);
    if (t.day > dim) t.day = dim;
    return t;
  }
  int64_t ms;
  if (unit == "week" || unit == "wk") {
    ms = n * 7 * 86400000;
  } else if (unit == "day" || unit == "d") {
    ms = n * 86400000;
  } else if (unit == "hour" || unit == "h") {
    ms = n * 3600000;
  } else if (unit == "minute" || unit == "min") {
    ms = n * 60000;
  } else if (unit == "second" || unit == "s") {
    ms = n * 1000;
  } else if (unit == "millisecond" || unit == "ms") {
    ms = n;
  } else {
    return std::nullopt;
  }
  if (t.is_time) {
    int64_t day = 86400000;
    int64_t v = ((ToMillis(t) + ms) % day + day) % day;
    FromMillis(v, &t);
    return t;
  }
  FromMillis(ToMillis(t) + ms, &t);
  return t;
}

int TemporalDigits(const Temporal& t) {
  static constexpr int kDate[] = {0, 4, 6, 8, 10, 12, 14};
  static constexpr int kTime[] = {0, 0, 0, 0, 2, 4, 6};
  int p = static_cast<int>(t.precision);
  int d = t.is_time ? kTime[p] : kDate[p];
  if (t.precision == Precision::kSecond && t.has_millis) d += 3;
  return d;
}

std::optional<Temporal> TemporalBoundary(const Temporal& t0, int digits, bool high) {
  Temporal t = t0;
  // Fill everything below the value's precision with its lowest or highest possible value.
  int p = static_cast<int>(t.precision);
  if (!t.is_time) {
    if (p < 2) t.month = high ? 12 : 1;
    if (p < 3) t.day = high ? DaysInMonth(t.year, t.month) : 1;
  }
  if (p < 4) t.hour = high ? 23 : 0;
  if (p < 5) t.minute = high ? 59 : 0;
  if (p < 6) t.second = high ? 59 : 0;
  if (!(p == 6 && t.has_millis)) t.millisecond = high ? 999 : 0;
  if (!t.is_time && !t.has_tz && digits > 8) {
    // An unknown zone spans +14:00 (earliest) to -12:00 (latest).
    t.has_tz = true;
    t.tz_minutes = high ? -12 * 60 : 14 * 60;
  }
  if (t.is_time) {
    switch (digits) {
      case 2: t.precision = Precision::kHour; break;
      case 4: t.precision = Precision::kMinute; break;
      case 6: t.precision = Precision::kSecond; t.has_millis = false; break;
      case 9: t.precision = Precision::kSecond; t.has_millis = true; break;
      default: return std::nullopt;
    }
    return t;
  }
  switch (digits) {
    case 4: t.precision = Precision::kYear; break;
    case 6: t.precision = Precision::kMonth; break;
    case 8: t.precision = Precision::kDay; break;
    case 10: t.precision = Precision::kHour; break;
    case 12: t.precision = Precision::kMinute; break;
    case 14: t.precision = Precision::kSecond; t.has_millis = false; break;
    case 17: t.precision = Precision::kSecond; t.has_millis = true; break;
    default: return std::nullopt;
  }
  if (t.precision < Precision::kHour) t.has_tz = false;
  return t;
}

}  // namespace conformance::fhirpath
