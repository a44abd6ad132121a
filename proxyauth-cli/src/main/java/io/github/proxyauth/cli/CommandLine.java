package io.github.proxyauth.cli;

import io.github.proxyauth.relay.LocalProxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One parsed command line. Options take their value as the next argument or after '='. Values
 * are checked here; files and URLs are checked when they are used.
 */
record CommandLine(Command command, Optional<String> url, Map<String, String> values,
    Set<String> flags, boolean help) {
  static final Set<String> SCHEMES = Set.of("any", "basic", "digest", "ntlm", "negotiate");
  static final Set<String> CLIENTS = Set.of("okhttp", "jdk");

  CommandLine {
    values = Map.copyOf(values);
    flags = Set.copyOf(flags);
  }

  static CommandLine parse(Command command, String[] args) throws UsageException {
    Map<String, String> values = new HashMap<>();
    Set<String> flags = new java.util.HashSet<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-") || arg.equals("-")) {
        positional.add(arg);
        continue;
      }
      String name = canonical(arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg);
      if (name.equals("--help")) {
        return new CommandLine(command, Optional.empty(), Map.of(), Set.of(), true);
      }
      check(command, name, arg);
      if (!Command.WITH_VALUE.contains(name)) {
        flags.add(name);
      } else if (arg.contains("=")) {
        put(values, name, arg.substring(arg.indexOf('=') + 1));
      } else if (i + 1 < args.length) {
        put(values, name, args[++i]);
      } else {
        throw usage(command, "expected a value after " + name + " but saw the end of the line");
      }
    }
    CommandLine line = new CommandLine(command, url(command, positional), values, flags, false);
    line.validate();
    return line;
  }

  /** Returns a checked line of {@code command} with no URL, from values and flags read elsewhere. */
  static CommandLine of(Command command, Map<String, String> values, Set<String> flags)
      throws UsageException {
    CommandLine line = new CommandLine(command, Optional.empty(), values, flags, false);
    line.validate();
    return line;
  }

  private static void put(Map<String, String> values, String name, String value) {
    if (Command.REPEATABLE.contains(name)) {
      values.merge(name, value, (a, b) -> a + "," + b);
    } else {
      values.put(name, value);
    }
  }

  /** Returns the comma list of a repeatable option, blanks dropped; empty when it is absent. */
  List<String> list(String name) {
    return value(name).stream().flatMap(v -> java.util.Arrays.stream(v.split(",")))
        .map(String::strip).filter(v -> !v.isEmpty()).toList();
  }

  Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  String scheme() {
    return value("--scheme").orElse("any");
  }

  String client() {
    return value("--client").orElse("okhttp");
  }

  int repeat() {
    return Integer.parseInt(value("--repeat").orElse("1"));
  }

  /** Returns {@code --timeout}: seconds ({@code 5}, {@code 5s}) or milliseconds ({@code 500ms}). */
  java.time.Duration timeout() {
    return duration(value("--timeout").orElse("10"));
  }

  /** Returns {@code --timeout} as fetch reads it: the proxy handshake's bound, default 30 s. */
  java.time.Duration handshakeTimeout() {
    return duration(value("--timeout").orElse("30"));
  }

  private static java.time.Duration duration(String text) {
    long n = Long.parseLong(text.replaceAll("(ms|s)$", ""));
    return text.endsWith("ms") ? java.time.Duration.ofMillis(n) : java.time.Duration.ofSeconds(n);
  }

  private static String canonical(String name) {
    return switch (name) {
      case "-v" -> "--verbose";
      case "-h" -> "--help";
      default -> name;
    };
  }

  private static void check(Command command, String name, String arg) throws UsageException {
    if (!command.options.contains(name)) {
      throw usage(command, "expected one of " + (command.options.isEmpty() ? "--help"
          : String.join(", ", new java.util.TreeSet<>(command.options))) + " but saw '"
          + (arg.contains("=") ? name : arg) + "'");
    }
    if (!Command.WITH_VALUE.contains(name) && arg.contains("=")) {
      throw usage(command, "expected " + name + " without a value but saw '" + name + "=...'");
    }
  }

  private static Optional<String> url(Command command, List<String> positional)
      throws UsageException {
    int max = command == Command.DEMO || command == Command.SERVE ? 0 : 1;
    if (positional.size() > max) {
      throw usage(command, "expected " + (max == 0 ? "no arguments" : "one URL") + " but saw "
          + positional.size() + " arguments: " + String.join(" ",
          positional.stream().map(Urls::redacted).toList()));
    }
    if (command == Command.FETCH && positional.isEmpty()) {
      throw usage(command, "expected a URL to fetch but saw none");
    }
    return positional.stream().findFirst();
  }

  private void validate() throws UsageException {
    for (Map.Entry<String, String> e : values.entrySet()) {
      checkValue(command, e.getKey(), e.getValue());
    }
    exclusive("--password-env", "--password-file");
    exclusive("--insecure", "--cacert");
    exclusive("--keytab", "--ccache");
    together("--keytab", "--principal");
    together("--local-user", "--local-password-file");
    together("--local-password-file", "--local-user");
  }

  /** Checks one option's value on its own; combinations are checked by {@link #validate()}. */
  static void checkValue(Command command, String name, String value) throws UsageException {
    switch (name) {
      case "--scheme" -> oneOf(command, name, value, SCHEMES);
      case "--client" -> oneOf(command, name, value, CLIENTS);
      case "--timeout" -> checkTimeout(command, value);
      case "--pac-refresh" -> checkPacRefresh(command, value);
      case "--repeat" -> {
        if (!value.matches("[0-9]{1,4}") || Integer.parseInt(value) < 1) {
          throw usage(command, "expected --repeat to be a number from 1 to 9999 but saw '"
              + value + "'");
        }
      }
      case "--listen", "--admin" -> ListenAddress.parse(name, value, command.word);
      case "--allow" -> checkAllow(command, value);
      case "--health-url" -> {
        for (String url : value.split(",")) {
          Urls.parse(url.strip(), command.word);
        }
      }
      default -> { }
    }
  }

  private static void checkAllow(Command command, String value) throws UsageException {
    for (String entry : value.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      try {
        LocalProxy.checkAllowed(entry);
      } catch (IllegalArgumentException e) {
        throw usage(command, "expected --allow to be IP addresses or CIDR ranges (10.0.0.0/8,"
            + " 192.168.1.7, fd00::/8) but saw '" + entry.strip() + "'");
      }
    }
  }

  /** Returns {@code --pac-refresh}, when given: how often a PAC file or URL is checked. */
  Optional<java.time.Duration> pacRefresh() {
    return value("--pac-refresh").map(CommandLine::duration);
  }

  private static void checkPacRefresh(Command command, String value) throws UsageException {
    if (!value.matches("[0-9]{1,6}(ms|s)?") || duration(value).getSeconds() > 86_400) {
      throw usage(command, "expected --pac-refresh to be seconds (300, 300s) or milliseconds"
          + " (500ms), from 0 (check on every request) to 86400 s, but saw '" + value + "'");
    }
  }

  private static void checkTimeout(Command command, String timeout) throws UsageException {
    if (!timeout.matches("[0-9]{1,6}(ms|s)?") || duration(timeout).isZero()
        || duration(timeout).getSeconds() > 3600) {
      throw usage(command, "expected --timeout to be seconds (10, 10s) or milliseconds (500ms),"
          + " more than 0 and at most 3600 s, but saw '" + timeout + "'");
    }
  }

  private static void oneOf(Command command, String name, String value, Set<String> allowed)
      throws UsageException {
    if (!allowed.contains(value)) {
      throw usage(command, "expected " + name + " to be one of "
          + String.join("|", new java.util.TreeSet<>(allowed)) + " but saw '" + value + "'");
    }
  }

  private void together(String option, String required) throws UsageException {
    if (values.containsKey(option) && !values.containsKey(required)) {
      throw usage(command, "expected " + required + " with " + option + " but saw " + option
          + " alone");
    }
  }

  private void exclusive(String a, String b) throws UsageException {
    boolean hasA = values.containsKey(a) || flags.contains(a);
    boolean hasB = values.containsKey(b) || flags.contains(b);
    if (hasA && hasB) {
      throw usage(command, "expected either " + a + " or " + b + " but saw both");
    }
  }

  static UsageException usage(Command command, String message) {
    return new UsageException(command.word + ": " + message, command.word);
  }
}
