package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs curl through the lab Squid: one invocation, several URLs on one connection where curl can
 * reuse it, {@code --proxy-anyauth} (curl probes, then picks the strongest offered scheme).
 */
final class Curl {
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String MARK = "CURL-STATUS ";

  private Curl() {}

  /** What one curl run printed: the final status of each URL, and stderr. */
  record Result(List<Integer> statuses, String stderr) {}

  /** Returns whether curl is installed. */
  static boolean available() {
    return Files.isExecutable(Path.of("/usr/bin/curl"));
  }

  /** Returns curl options for {@code --proxy-anyauth} as {@code user}; ":" alone means Kerberos. */
  static List<String> anyAuth(String user, String password) {
    return List.of("--proxy-anyauth", "-U", user + ":" + password);
  }

  /**
   * Returns the result of fetching {@code urls} through Squid's {@code port} with the proxy
   * options {@code auth}. Kerberos uses the lab's ccache for alice.
   */
  static Result fetch(SquidLab lab, SquidPort port, List<String> auth, List<String> urls)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("/usr/bin/curl", "-s", "-S",
        "--max-time", "30", "-x", "http://127.0.0.1:" + lab.port(port),
        "--cacert", lab.caPem().toString(), "-w", "\\n" + MARK + "%{http_code} %{http_connect}\\n"));
    command.addAll(auth);
    command.addAll(urls);
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.toLowerCase(Locale.ROOT).endsWith("_proxy"));
    env.put("KRB5_CONFIG", lab.krb5Conf().toString());
    env.put("KRB5CCNAME", "FILE:" + lab.aliceCcache());
    return run(builder);
  }

  /** A failed CONNECT leaves http_code at 000: then the CONNECT's status is the answer. */
  private static int status(String line) {
    String[] codes = line.substring(MARK.length()).trim().split(" ");
    int code = Integer.parseInt(codes[0]);
    return code != 0 || codes.length < 2 ? code : Integer.parseInt(codes[1]);
  }

  private static Result run(ProcessBuilder builder) throws IOException, InterruptedException {
    Path err = Files.createTempFile("curl-", ".err");
    try {
      Process process = builder.redirectError(err.toFile()).start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("curl did not finish within " + TIMEOUT);
      }
      List<Integer> statuses = out.lines().filter(l -> l.startsWith(MARK))
          .map(Curl::status)
          .collect(Collectors.toList());
      return new Result(statuses, Files.readString(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
