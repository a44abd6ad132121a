package io.github.proxyauth.jdkhttp.internal;

/** Small text helpers for messages and header values. */
final class Text {
  private Text() {}

  /** Returns {@code s} cut to 200 characters, for messages about received bytes. */
  static String clip(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  /** Returns {@code s} as one line of printable ASCII, at most {@code max} characters. */
  static String oneLine(String s, int max) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), max));
    for (int i = 0; i < s.length() && out.length() < max; i++) {
      char c = s.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : ' ');
    }
    return out.toString().replaceAll(" {2,}", " ").trim();
  }
}
