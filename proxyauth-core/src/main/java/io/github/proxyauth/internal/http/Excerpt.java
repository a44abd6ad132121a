package io.github.proxyauth.internal.http;

/** Received text made safe for a message or a header: one line of printable ASCII, clipped. */
public final class Excerpt {
  private Excerpt() {}

  /**
   * Returns {@code s} with every character outside printable ASCII shown as a space, runs of
   * spaces collapsed, trimmed, and cut to {@code max} characters (then ending in "...").
   */
  public static String of(String s, int max) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), max + 3));
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      char shown = c > 0x20 && c < 0x7f ? c : ' ';
      if (shown == ' ' && (out.length() == 0 || out.charAt(out.length() - 1) == ' ')) {
        continue;
      }
      if (out.length() == max) {
        return out.append("...").toString();
      }
      out.append(shown);
    }
    int end = out.length();
    return end > 0 && out.charAt(end - 1) == ' ' ? out.substring(0, end - 1) : out.toString();
  }
}
