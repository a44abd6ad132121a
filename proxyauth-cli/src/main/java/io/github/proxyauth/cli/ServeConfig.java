package io.github.proxyauth.cli;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code serve --config FILE}: Java properties in UTF-8 ({@code key=value}, {@code #} and
 * {@code !} comments, {@code \} continues a line), one key per serve option, named like the flag
 * without its dashes ({@code listen=127.0.0.1:3128}). Flags override the file. Every error names
 * the file, the line and the key; values are checked as the flags are. The file holds no secret:
 * there is no {@code password} key and a proxy URL may not carry a password, so a config file
 * can be world-readable; passwords come from {@code password-file}, {@code password-env} or
 * {@code credentials-file}.
 */
final class ServeConfig {
  private static final Set<String> NOT_IN_FILE = Set.of("--config", "--help");

  private ServeConfig() {}

  /** Returns the serve line: {@code flags} over the settings of its {@code --config} file. */
  static CommandLine merge(CommandLine flags) throws ConfigException, UsageException {
    if (flags.value("--config").isEmpty()) {
      return flags;
    }
    Path file = Path.of(flags.value("--config").get());
    Map<String, String> values = new HashMap<>();
    Set<String> switches = new HashSet<>(flags.flags());
    read(file, values, switches);
    values.putAll(flags.values());
    return CommandLine.of(Command.SERVE, values, switches);
  }

  /** Reads {@code file} into option values and switched-on flags. */
  static void read(Path file, Map<String, String> values, Set<String> switches)
      throws ConfigException {
    List<String> lines = lines(file);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int start = i;
      StringBuilder logical = new StringBuilder(lines.get(i));
      while (continues(logical) && i + 1 < lines.size()) {
        logical.setLength(logical.length() - 1);
        logical.append(lines.get(++i).stripLeading());
      }
      String text = logical.toString().strip();
      if (text.isEmpty() || text.startsWith("#") || text.startsWith("!")) {
        continue;
      }
      Properties one = load(file, start + 1, text);
      for (String key : one.stringPropertyNames()) {
        String where = file + ":" + (start + 1) + ": " + key;
        Integer before = seen.putIfAbsent(key, start + 1);
        if (before != null) {
          throw new ConfigException(where + ": expected each key once but it was set on line "
              + before + " too");
        }
        apply(where, key, one.getProperty(key).strip(), values, switches);
      }
    }
  }

  private static void apply(String where, String key, String value, Map<String, String> values,
      Set<String> switches) throws ConfigException {
    String option = "--" + key;
    if (!Command.SERVE.options.contains(option) || NOT_IN_FILE.contains(option)) {
      throw new ConfigException(where + ": " + unknown(key));
    }
    if (!Command.WITH_VALUE.contains(option)) {
      if (!value.equals("true") && !value.equals("false")) {
        throw new ConfigException(where + ": expected true or false but saw '" + value + "'");
      }
      if (value.equals("true")) {
        switches.add(option);
      }
      return;
    }
    if (value.isEmpty()) {
      throw new ConfigException(where + ": expected a value but the key is empty");
    }
    if ((key.equals("proxy") || key.equals("pac")) && hasPassword(value)) {
      throw new ConfigException(where + ": expected a URL without a password (the file holds"
          + " no secret: use password-file, password-env or credentials-file) but its userinfo"
          + " has one (not shown)");
    }
    try {
      CommandLine.checkValue(Command.SERVE, option, value);
    } catch (UsageException e) {
      throw new ConfigException(where + ": " + e.getMessage()
          .replaceFirst("^" + Command.SERVE.word + ": ", "").replace(option, key));
    }
    values.put(option, value);
  }

  private static String unknown(String key) {
    return switch (key) {
      case "password", "local-password" -> "expected no password in the config file (value not"
          + " shown): use " + key + "-file=FILE" + (key.equals("password")
          ? ", password-env=VAR or credentials-file=FILE" : "");
      case "domain" -> "unknown key: put the NTLM domain in user (user=CORP\\alice or"
          + " user=alice@corp.example)";
      default -> "unknown key; expected one of " + String.join(", ", Command.SERVE.options
          .stream().filter(o -> !NOT_IN_FILE.contains(o)).map(o -> o.substring(2)).sorted()
          .toList());
    };
  }

  /** Returns whether a URL's userinfo (before the last '@' of its authority) has a ':'. */
  private static boolean hasPassword(String url) {
    int start = url.indexOf("//");
    int at = url.lastIndexOf('@');
    return start >= 0 && at > start && url.substring(start + 2, at).contains(":");
  }

  private static boolean continues(CharSequence line) {
    int backslashes = 0;
    for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  private static Properties load(Path file, int line, String text) throws ConfigException {
    for (int i = 0; i + 1 < text.length(); i++) {
      if (text.charAt(i) == '\\' && "\\tnrfu:=#! ".indexOf(text.charAt(++i)) < 0) {
        throw new ConfigException(file + ":" + line + ": expected '\\\\' for a backslash (the"
            + " properties format drops a single one before '" + text.charAt(i) + "'): write"
            + " user=CORP\\\\alice, or user=alice@corp.example");
      }
    }
    Properties one = new Properties();
    try {
      one.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(file + ":" + line + ": expected key=value but the line is"
          + " malformed (" + e.getMessage() + ")");
    }
    return one;
  }

  private static List<String> lines(Path file) throws ConfigException {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new ConfigException("--config " + file + ": expected UTF-8 text but it is not");
    } catch (IOException e) {
      throw new ConfigException("--config " + file + ": cannot read it ("
          + e.getClass().getSimpleName() + ")");
    }
  }
}
