package io.github.proxyauth.internal.pac;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code weekdayRange}, {@code dateRange} and {@code timeRange} against an injected clock. A last
 * argument {@code "GMT"} uses UTC, otherwise the clock's zone. Ranges whose start is after their
 * end wrap around ({@code weekdayRange("FRI", "MON")}, {@code timeRange(22, 6)},
 * {@code dateRange("DEC", "JAN")}); bounds are inclusive, and a bound given in coarse units covers
 * the whole unit ({@code timeRange(12, 13)} is 12:00:00 to 13:59:59). Malformed arguments give
 * false, as in browsers.
 */
final class TimeRanges {
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");

  private final Clock clock;

  TimeRanges(Clock clock) {
    this.clock = clock;
  }

  boolean weekdayRange(Object[] args) {
    int n = argc(args);
    if (n < 1 || n > 2) {
      return false;
    }
    int day = now(args).getDayOfWeek().getValue() % 7;
    int from = DAYS.indexOf(upper(args[0]));
    int to = n == 2 ? DAYS.indexOf(upper(args[1])) : from;
    return from >= 0 && to >= 0 && within(day, from, to);
  }

  boolean timeRange(Object[] args) {
    int n = argc(args);
    if (n != 1 && n != 2 && n != 4 && n != 6) {
      return false;
    }
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = number(args[i]);
      boolean hour = n <= 2 || i % (n / 2) == 0;
      if (v[i] < 0 || v[i] > (hour ? 23 : 59)) {
        return false;
      }
    }
    ZonedDateTime now = now(args);
    int second = now.getHour() * 3600 + now.getMinute() * 60 + now.getSecond();
    int half = Math.max(1, n / 2);
    int from = seconds(Arrays.copyOfRange(v, 0, half), 0);
    int to = seconds(Arrays.copyOfRange(v, n == 1 ? 0 : half, n), 59);
    return within(second, from, to);
  }

  private static int seconds(int[] hms, int fill) {
    int h = hms[0];
    int m = hms.length > 1 ? hms[1] : fill;
    int s = hms.length > 2 ? hms[2] : fill;
    return h * 3600 + m * 60 + s;
  }

  boolean dateRange(Object[] args) {
    int n = argc(args);
    if (n < 1 || n > 6 || (n > 1 && n % 2 == 1)) {
      return false;
    }
    ZonedDateTime now = now(args);
    int half = Math.max(1, n / 2);
    long[] from = date(Arrays.copyOfRange(args, 0, half), now, true);
    long[] to = date(Arrays.copyOfRange(args, n == 1 ? 0 : half, n), now, false);
    if (from == null || to == null || from[0] != to[0]) {
      return false;
    }
    long today = key(now, (int) from[0]);
    return from[1] <= to[1] ? from[1] <= today && today <= to[1] : today >= from[1] || today <= to[1];
  }

  // Returns {fields mask, comparable key}; fields: 4 = year, 2 = month, 1 = day.
  private static long @org.jspecify.annotations.Nullable [] date(Object[] parts, ZonedDateTime now,
      boolean start) {
    int year = 0;
    int month = 0;
    int day = 0;
    int mask = 0;
    for (Object part : parts) {
      int m = MONTHS.indexOf(upper(part));
      int value = m >= 0 ? -1 : number(part);
      if (m >= 0 && (mask & 2) == 0) {
        month = m + 1;
        mask |= 2;
      } else if (value >= 1 && value <= 31 && (mask & 1) == 0) {
        day = value;
        mask |= 1;
      } else if (value >= 1000 && (mask & 4) == 0) {
        year = value;
        mask |= 4;
      } else {
        return null;
      }
    }
    return new long[] {mask, (long) year * 10_000 + month * 100 + day};
  }

  private static long key(ZonedDateTime now, int mask) {
    long year = (mask & 4) != 0 ? now.getYear() : 0;
    long month = (mask & 2) != 0 ? now.getMonthValue() : 0;
    long day = (mask & 1) != 0 ? now.getDayOfMonth() : 0;
    return year * 10_000 + month * 100 + day;
  }

  private static boolean within(long value, long from, long to) {
    return from <= to ? from <= value && value <= to : value >= from || value <= to;
  }

  private ZonedDateTime now(Object[] args) {
    boolean gmt = args.length > 0 && "GMT".equals(upper(args[args.length - 1]));
    return ZonedDateTime.now(gmt ? clock.withZone(ZoneOffset.UTC) : clock);
  }

  private static int argc(Object[] args) {
    return args.length > 0 && "GMT".equals(upper(args[args.length - 1])) ? args.length - 1 : args.length;
  }

  private static String upper(Object arg) {
    return String.valueOf(arg).toUpperCase(Locale.ROOT);
  }

  private static int number(Object arg) {
    if (arg instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    String s = String.valueOf(arg).strip();
    return s.matches("\\d{1,4}") ? Integer.parseInt(s) : -1;
  }
}
