package io.github.proxyauth.cli;

import java.io.PrintStream;

/** Wraps long lines for an 80-column terminal. */
final class Text {
  static final int WIDTH = 78;

  private Text() {}

  /**
   * Prints {@code text} after {@code prefix}, wrapped at word boundaries, continuation lines
   * indented by the prefix's visible width (colour codes do not count).
   */
  static void wrap(PrintStream out, String prefix, String text) {
    int indent = prefix.replaceAll("\u001b\\[[0-9;]*m", "").length();
    int room = Math.max(20, WIDTH - indent);
    StringBuilder line = new StringBuilder(prefix);
    int used = 0;
    for (String word : text.split(" ")) {
      if (used > 0 && used + 1 + word.length() > room) {
        out.println(line);
        line = new StringBuilder(" ".repeat(indent));
        used = 0;
      }
      if (used > 0) {
        line.append(' ');
        used++;
      }
      line.append(word);
      used += word.length();
    }
    out.println(line);
  }
}
