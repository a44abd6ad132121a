package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * curl, wget and Python's urllib, each POSTing its payload to the origin's echo through the local
 * proxy, configured only by their own options (no proxy variables, no rc files).
 */
final class CommandLineClients {
  static final Path CURL = Path.of("/usr/bin/curl");
  static final Path WGET = Path.of("/usr/bin/wget");
  // The system interpreter: a pyenv shim on PATH would need the real HOME.
  static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Pattern HTTP_STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3})");
  private static final Pattern PYTHON_STATUS = Pattern.compile(
      "(?m)^(?:STATUS |ERROR Tunnel connection failed: )(\\d{3})");
  private static final String WGET_TUNNEL_407 =
      "Proxy tunneling failed: Proxy Authentication Required";

  private CommandLineClients() {}

  /**
   * curl {@code -x}: {@code -q} first (no .curlrc), {@code --fail-with-body} (an HTTP error is
   * exit 22, as in scripts), the heads of every response (CONNECT's too) in a file.
   */
  static ClientOutcome curl(ClientTrip trip) throws IOException, InterruptedException {
    Path headers = trip.work().resolve("curl.headers");
    Path body = trip.work().resolve("curl.body");
    ToolProcess.Result result = ToolProcess.run(List.of(CURL.toString(), "-q", "-sS",
        "--fail-with-body",
        "--max-time", "30", "-x", trip.proxyUrl(), "--cacert", trip.caPem().toString(),
        "-D", headers.toString(), "-o", body.toString(),
        "--data-binary", trip.payload(RealClient.CURL), trip.url("/echo")),
        trip.work(), trip.home(), Map.of());
    String head = readIfThere(headers);
    return new ClientOutcome(result.exit() == 0, ClientOutcome.firstStatus(HTTP_STATUS, head),
        readIfThere(body), ClientOutcome.diagnosisIn(head),
        result.transcript() + "\n--- headers\n" + head);
  }

  /** wget {@code -e use_proxy=yes -e http(s)_proxy=...}, {@code --no-config}, {@code -S}. */
  static ClientOutcome wget(ClientTrip trip) throws IOException, InterruptedException {
    Path body = trip.work().resolve("wget.body");
    ToolProcess.Result result = ToolProcess.run(List.of(WGET.toString(), "--no-config", "-S",
        "-nv", "--tries=1", "--timeout=30", "-e", "use_proxy=yes",
        "-e", "http_proxy=" + trip.proxyUrl(), "-e", "https_proxy=" + trip.proxyUrl(),
        "--ca-certificate=" + trip.caPem(), "-O", body.toString(),
        "--post-data=" + trip.payload(RealClient.WGET), trip.url("/echo")),
        trip.work(), trip.home(), Map.of());
    // wget prints response heads with -S; a refused CONNECT only as its reason phrase.
    OptionalInt status = ClientOutcome.firstStatus(HTTP_STATUS, result.err());
    if (status.isEmpty() && result.err().contains(WGET_TUNNEL_407)) {
      status = OptionalInt.of(407);
    }
    return new ClientOutcome(result.exit() == 0, status, readIfThere(body),
        ClientOutcome.diagnosisIn(result.err()), result.transcript());
  }

  /** Python 3 {@code urllib} with an explicit ProxyHandler, isolated mode ({@code -I}). */
  static ClientOutcome python(ClientTrip trip) throws IOException, InterruptedException {
    Path script = trip.work().resolve("urllib_post.py");
    try (InputStream in = Objects.requireNonNull(
        CommandLineClients.class.getResourceAsStream("urllib_post.py"), "urllib_post.py")) {
      Files.write(script, in.readAllBytes());
    }
    ToolProcess.Result result = ToolProcess.run(List.of(PYTHON.toString(), "-I",
        script.toString(), trip.proxyUrl(), trip.url("/echo"), trip.caPem().toString(),
        trip.payload(RealClient.PYTHON)), trip.work(), trip.home(), Map.of());
    return new ClientOutcome(result.exit() == 0,
        ClientOutcome.firstStatus(PYTHON_STATUS, result.out()), after("BODY ", result.out()),
        ClientOutcome.diagnosisIn(result.out()).filter(d -> !d.isEmpty()), result.transcript());
  }

  private static String after(String prefix, String out) {
    return out.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
        .findFirst().orElse("");
  }

  static String readIfThere(Path file) throws IOException {
    return Files.exists(file)
        ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
  }
}
