package io.github.proxyauth.it.squid;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.TestKdc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The benchmarks' door into proxyauth-it-squid's lab (its test jar): one real Squid 5 with a port
 * per scheme and one without authentication, Squid's NTLMv2-checking helper, the Kerby KDC, the
 * origins, the access-log round-trip counting and the reference clients (curl, HttpURLConnection,
 * HttpClient 5 with its own schemes). It lives in the lab's package because the lab is
 * package-private test code; it adds no behaviour of its own.
 */
public final class SquidBench implements AutoCloseable {
  /** The lab user. */
  public static final String USER = SquidLab.USER;
  /** Her password (a lab value, not a secret). */
  public static final String PASSWORD = SquidLab.PASSWORD;
  /** The NTLM domain Squid's helper expects. */
  public static final String DOMAIN = SquidLab.NTLM_DOMAIN;
  /** Requests per round-trip row. */
  public static final int REQUESTS = RoundTrips.REQUESTS;

  private final SquidLab lab;

  private SquidBench(SquidLab lab) {
    this.lab = lab;
  }

  /** Returns a started lab; {@code logsCopy} receives Squid's logs when it closes. */
  public static SquidBench start(Path squid, Path logsCopy) throws IOException {
    return new SquidBench(SquidLab.start(squid, logsCopy));
  }

  /** Returns the address of Squid's port for {@code scheme} (basic ... negotiate, all, open). */
  public InetSocketAddress proxy(String scheme) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), lab.port(port(scheme)));
  }

  /** Returns a URL of the plain HTTP origin. */
  public String httpUrl(String path) {
    return lab.origins().httpUrl(path);
  }

  /** Returns a URL of the HTTPS origin (its certificate: {@link #originTls()}). */
  public String httpsUrl(String path) {
    return lab.origins().httpsUrl(path);
  }

  /** Returns a socket factory trusting the HTTPS origin's certificate. */
  public javax.net.ssl.SSLSocketFactory originTls() {
    return lab.origins().clientTrust().sslSocketFactory();
  }

  /** Returns the port of the plain HTTP origin. */
  public int httpOriginPort() {
    return URI.create(httpUrl("/")).getPort();
  }

  /** Returns the lab's KDC (one per JVM). */
  public TestKdc kdc() {
    return lab.kdc();
  }

  /** Returns alice's Kerberos principal. */
  public String principal() {
    return lab.principal();
  }

  /** Returns the krb5.conf of the lab's KDC. */
  public Path krb5Conf() {
    return lab.krb5Conf();
  }

  /** Returns the lab directory (world-traversable; for generated configs such as cntlm's). */
  public Path dir() {
    return lab.dir();
  }

  /**
   * Returns an engine for Squid's {@code scheme} port, every scheme enabled: a Kerberos password
   * login for negotiate, alice's password and no Kerberos otherwise (as the adapter tests use).
   */
  public ProxyAuthenticator engine(String scheme) {
    return Engines.forPort(lab, port(scheme), PASSWORD, new RecordingListener());
  }

  /** What Squid's access log shows for one client's requests on one port. */
  public record Counts(int ok, int challenges, int connections) {}

  /** Runs requests that {@link #count} measures. */
  @FunctionalInterface
  public interface Requests {
    /** Sends the requests; returns how many succeeded as the client saw it. */
    int run(List<String> urls) throws Exception;
  }

  /**
   * Returns the access-log counts on Squid's {@code scheme} port of {@code requests} fetching
   * {@value RoundTrips#REQUESTS} URLs ({@code target} http: the plain origin, https: the TLS
   * origin), once the log shows them (bounded wait).
   */
  public Counts count(String scheme, String target, String tag, Requests requests)
      throws Exception {
    RoundTripProbe probe = RoundTripProbe.start(lab, port(scheme), target);
    int ok = requests.run(probe.urls("/bench/" + tag + "/" + scheme));
    RoundTrips.Row row = RoundTrips.row(tag, port(scheme), target, probe.entries(ok));
    return new Counts(row.logged(), row.challenges(), row.connections());
  }

  /** Returns the counts of curl {@code --proxy-anyauth} fetching the URLs in one run. */
  public Counts curl(String scheme, String target) throws Exception {
    return count(scheme, target, "curl", urls -> ok(Curl.fetch(lab, port(scheme),
        scheme.equals("negotiate") ? Curl.anyAuth("", "") : Curl.anyAuth(USER, PASSWORD), urls)
        .statuses()));
  }

  /** Returns the counts of the JDK's HttpURLConnection (child JVM, JDK's own schemes). */
  public Counts urlConnection(String scheme, String target) throws Exception {
    return count(scheme, target, "urlconnection", urls -> ok(UrlConnectionClient.run(lab,
        port(scheme), USER, PASSWORD, urls)));
  }

  /** Returns the counts of HttpClient 5 with its own schemes and one shared context. */
  public Counts httpClient5Own(String scheme, String target) throws Exception {
    return count(scheme, target, "hc5own", urls -> ok(HttpClient5Own.run(lab, port(scheme), urls,
        true)));
  }

  /** Returns the counts of proxyauth's adapter {@code adapter} (okhttp, jdkhttp, httpclient5). */
  public Counts adapter(String adapter, String scheme, String target) throws Exception {
    Adapter a = Adapter.valueOf(adapter.toUpperCase(Locale.ROOT));
    return count(scheme, target, adapter, urls -> {
      try (Adapter.Client client = a.open(lab, port(scheme), engine(scheme))) {
        int ok = 0;
        for (String url : urls) {
          ok += client.get(url).status() == 200 ? 1 : 0;
        }
        return ok;
      }
    });
  }

  private static int ok(List<Integer> statuses) {
    return (int) statuses.stream().filter(s -> s == 200).count();
  }

  private static SquidPort port(String scheme) {
    return SquidPort.valueOf(scheme.toUpperCase(Locale.ROOT));
  }

  @Override
  public void close() throws IOException {
    lab.close();
  }
}
