package io.github.proxyauth.internal.pac;

/**
 * {@code shExpMatch}: shell expressions with {@code *} (any run) and {@code ?} (one character);
 * every other character is literal. Matched by backtracking over the last {@code *} only, so the
 * time is O(text x pattern) at worst, never exponential (no regex, no ReDoS).
 */
final class ShellGlob {
  private ShellGlob() {}

  static boolean matches(String text, String pattern) {
    int t = 0;
    int p = 0;
    int star = -1;
    int resume = 0;
    while (t < text.length()) {
      if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
        t++;
        p++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
