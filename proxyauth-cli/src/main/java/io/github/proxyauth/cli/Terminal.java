package io.github.proxyauth.cli;

import java.io.PrintStream;

/** Where output goes, and whether it may be coloured (a console, and NO_COLOR unset). */
record Terminal(PrintStream out, PrintStream err, boolean colour) {

  String green(String text) {
    return paint("32", text);
  }

  String red(String text) {
    return paint("31", text);
  }

  String yellow(String text) {
    return paint("33", text);
  }

  String bold(String text) {
    return paint("1", text);
  }

  private String paint(String code, String text) {
    return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }
}
