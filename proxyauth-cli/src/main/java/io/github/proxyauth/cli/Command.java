package io.github.proxyauth.cli;

import java.util.Set;

/** The commands and the options each accepts. */
enum Command {
  FETCH("fetch", Usage.FETCH, Set.of("--proxy", "--pac", "--user", "--password-env",
      "--password-file", "--credentials-file", "--scheme", "--client", "--principal", "--keytab",
      "--ccache", "--krb5-conf", "--insecure", "--cacert", "--proxy-ca", "--repeat", "--timeout",
      "--verbose", "--json")),
  DOCTOR("doctor", Usage.DOCTOR, Set.of("--proxy", "--pac", "--user", "--password-env",
      "--password-file", "--credentials-file", "--scheme", "--principal", "--keytab", "--ccache",
      "--krb5-conf", "--proxy-ca", "--timeout", "--verbose", "--json")),
  DEMO("demo", Usage.DEMO, Set.of()),
  SERVE("serve", Usage.SERVE, Set.of("--listen", "--proxy", "--pac", "--user", "--password-env",
      "--password-file", "--credentials-file", "--scheme", "--principal", "--keytab", "--ccache",
      "--krb5-conf", "--proxy-ca", "--allow", "--local-user", "--local-password-file", "--config",
      "--admin", "--access-log", "--health-url", "--pac-refresh", "--verbose"));

  /** Options followed by a value. */
  static final Set<String> WITH_VALUE = Set.of("--proxy", "--pac", "--user", "--password-env",
      "--password-file", "--credentials-file", "--scheme", "--client", "--principal", "--keytab",
      "--ccache", "--krb5-conf", "--cacert", "--proxy-ca", "--repeat", "--timeout", "--listen",
      "--allow", "--local-user", "--local-password-file", "--config", "--admin", "--access-log",
      "--health-url", "--pac-refresh");

  /** Options that may be given more than once; their values join into one comma list. */
  static final Set<String> REPEATABLE = Set.of("--allow", "--health-url");

  final String word;
  final String usage;
  final Set<String> options;

  Command(String word, String usage, Set<String> options) {
    this.word = word;
    this.usage = usage;
    this.options = options;
  }
}
