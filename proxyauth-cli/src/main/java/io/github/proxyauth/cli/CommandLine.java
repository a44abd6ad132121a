package io.github.proxyauth.cli;

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
        values.put(name, arg.substring(arg.indexOf('=') + 1));
      } else if (i + 1 < args.length) {
        values.put(name, args[++i]);
      } else {
        throw usage(command, "expected a value after " + name + " but saw the end of the line");
      }
    }
    CommandLine line = new CommandLine(command, url(command, positional), values, flags, false);
    line.validate();
    return line;
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
    String text = value("--timeout").orElse("10");
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
    int max = command == Command.DEMO ? 0 : 1;
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
    oneOf("--scheme", SCHEMES);
    oneOf("--client", CLIENTS);
    exclusive("--password-env", "--password-file");
    exclusive("--insecure", "--cacert");
    exclusive("--keytab", "--ccache");
    if (values.containsKey("--keytab") && !values.containsKey("--principal")) {
      throw usage(command, "expected --principal with --keytab but saw --keytab alone");
    }
    String timeout = values.getOrDefault("--timeout", "10");
    if (!timeout.matches("[0-9]{1,6}(ms|s)?") || timeout().isZero()
        || timeout().getSeconds() > 3600) {
      throw usage(command, "expected --timeout to be seconds (10, 10s) or milliseconds (500ms),"
          + " more than 0 and at most 3600 s, but saw '" + timeout + "'");
    }
    String repeat = values.getOrDefault("--repeat", "1");
    if (!repeat.matches("[0-9]{1,4}") || Integer.parseInt(repeat) < 1) {
      throw usage(command, "expected --repeat to be a number from 1 to 9999 but saw '" + repeat
          + "'");
    }
  }

  private void oneOf(String name, Set<String> allowed) throws UsageException {
    String value = values.get(name);
    if (value != null && !allowed.contains(value)) {
      throw usage(command, "expected " + name + " to be one of "
          + String.join("|", new java.util.TreeSet<>(allowed)) + " but saw '" + value + "'");
    }
  }

  private void exclusive(String a, String b) throws UsageException {
    boolean hasA = values.containsKey(a) || flags.contains(a);
    boolean hasB = values.containsKey(b) || flags.contains(b);
    if (hasA && hasB) {
      throw usage(command, "expected either " + a + " or " + b + " but saw both");
    }
  }

  private static UsageException usage(Command command, String message) {
    return new UsageException(command.word + ": " + message, command.word);
  }
}
