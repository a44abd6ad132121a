package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The JDK's own {@link HttpURLConnection} as a reference client, run in a child JVM so its
 * JVM-wide settings ({@code jdk.http.auth.tunneling.disabledSchemes}, the default {@link
 * Authenticator}, Kerberos properties) never touch the test JVM. {@code main} fetches each URL in
 * turn through the proxy and prints {@code STATUS <code>} per URL.
 */
final class UrlConnectionClient {
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String MARK = "STATUS ";

  private UrlConnectionClient() {}

  /** Arguments: proxy port, user, password, then URLs. */
  public static void main(String[] args) throws IOException {
    int proxyPort = Integer.parseInt(args[0]);
    char[] password = args[2].toCharArray();
    Authenticator.setDefault(new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return getRequestorType() == RequestorType.PROXY
            ? new PasswordAuthentication(args[1], password) : null;
      }
    });
    Proxy proxy = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxyPort));
    for (int i = 3; i < args.length; i++) {
      System.out.println(MARK + fetch(URI.create(args[i]), proxy));
    }
  }

  private static int fetch(URI uri, Proxy proxy) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(proxy);
    connection.setConnectTimeout(10_000);
    connection.setReadTimeout(20_000);
    int status;
    try {
      status = connection.getResponseCode();
    } catch (IOException e) {
      // A failed CONNECT surfaces as "Unable to tunnel through proxy ... 407".
      System.err.println(e);
      return e.getMessage() != null && e.getMessage().contains("407") ? 407 : -1;
    }
    try (InputStream body = status < 400 ? connection.getInputStream()
        : connection.getErrorStream()) {
      if (body != null) {
        body.readAllBytes();
      }
    }
    return status;
  }

  /**
   * Returns the statuses a child JVM got for {@code urls} through Squid's {@code port}; for
   * Negotiate it logs in from the lab's ccache for alice.
   */
  static List<Integer> run(SquidLab lab, SquidPort port, String user, String password,
      List<String> urls) throws IOException, InterruptedException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = Path.of(UrlConnectionClient.class.getProtectionDomain().getCodeSource()
        .getLocation().getPath()).toString();
    List<String> command = new ArrayList<>(List.of(javaBin, "-Xshare:auto",
        "-XX:TieredStopAtLevel=1", "-cp", classpath,
        "-Djdk.http.auth.tunneling.disabledSchemes=", "-Djdk.http.auth.proxying.disabledSchemes=",
        // Newer JDKs (25 here) refuse MD5 Digest, the only algorithm Squid's digest offers.
        "-Dhttp.auth.digest.reEnabledAlgorithms=MD5",
        "-Djavax.net.ssl.trustStore=" + lab.truststore(), "-Djavax.net.ssl.trustStoreType=PKCS12",
        "-Djavax.net.ssl.trustStorePassword=" + OriginServers.TRUSTSTORE_PASSWORD,
        "-Djava.security.krb5.conf=" + lab.krb5Conf(),
        "-Djavax.security.auth.useSubjectCredsOnly=false",
        UrlConnectionClient.class.getName(), Integer.toString(lab.port(port)), user, password));
    command.addAll(urls);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.toLowerCase(Locale.ROOT)
        .endsWith("_proxy"));
    builder.environment().put("KRB5CCNAME", "FILE:" + lab.aliceCcache());
    return statuses(builder);
  }

  private static List<Integer> statuses(ProcessBuilder builder)
      throws IOException, InterruptedException {
    Path err = Files.createTempFile("urlconnection-", ".err");
    try {
      Process process = builder.redirectError(err.toFile()).start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("The HttpURLConnection client did not finish within " + TIMEOUT);
      }
      List<Integer> statuses = out.lines().filter(l -> l.startsWith(MARK))
          .map(l -> Integer.parseInt(l.substring(MARK.length()).trim()))
          .collect(Collectors.toList());
      if (process.exitValue() != 0) {
        throw new IOException("The HttpURLConnection client exited with " + process.exitValue()
            + ":\n" + Files.readString(err));
      }
      return statuses;
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
