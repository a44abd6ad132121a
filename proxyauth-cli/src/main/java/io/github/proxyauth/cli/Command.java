package io.github.proxyauth.cli;

import java.util.Set;

/** The commands and the options each accepts. */
enum Command {
  FETCH("fetch", Usage.FETCH, Set.of("--proxy", "--pac", "--user", "--password-env",
      "--password-file", "--credentials-file", "--scheme", "--client", "--principal", "--keytab",
      "--ccache", "--krb5-conf", "--insecure", "--cacert", "--repeat", "--verbose", "--json")),
  DOCTOR("doctor", Usage.DOCTOR, Set.of("--proxy", "--pac", "--user", "--password-env",
      "--password-file", "--credentials-file", "--scheme", "--principal", "--keytab", "--ccache",
      "--krb5-conf", "--timeout", "--verbose", "--json")),
  DEMO("demo", Usage.DEMO, Set.of());

  /** Options followed by a value. */
  static final Set<String> WITH_VALUE = Set.of("--proxy", "--pac", "--user", "--password-env",
      "--password-file", "--credentials-file", "--scheme", "--client", "--principal", "--keytab",
      "--ccache", "--krb5-conf", "--cacert", "--repeat", "--timeout");

  final String word;
  final String usage;
  final Set<String> options;

  Command(String word, String usage, Set<String> options) {
    this.word = word;
    this.usage = usage;
    this.options = options;
  }
}
