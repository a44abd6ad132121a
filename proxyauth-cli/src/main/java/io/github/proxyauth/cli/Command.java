package io.github.proxyauth.cli;

import java.util.Set;

/** The commands and the options each accepts. */
enum Command {
  FETCH("fetch", Usage.FETCH, Set.of("--proxy", "--user", "--password-env", "--password-file",
      "--scheme", "--client", "--principal", "--keytab", "--ccache", "--krb5-conf", "--insecure",
      "--cacert", "--repeat", "--verbose", "--json")),
  DOCTOR("doctor", Usage.DOCTOR, Set.of("--proxy", "--user", "--password-env",
      "--password-file", "--scheme", "--principal", "--keytab", "--ccache", "--krb5-conf",
      "--verbose", "--json")),
  DEMO("demo", Usage.DEMO, Set.of());

  /** Options followed by a value. */
  static final Set<String> WITH_VALUE = Set.of("--proxy", "--user", "--password-env",
      "--password-file", "--scheme", "--client", "--principal", "--keytab", "--ccache",
      "--krb5-conf", "--cacert", "--repeat");

  final String word;
  final String usage;
  final Set<String> options;

  Command(String word, String usage, Set<String> options) {
    this.word = word;
    this.usage = usage;
    this.options = options;
  }
}
