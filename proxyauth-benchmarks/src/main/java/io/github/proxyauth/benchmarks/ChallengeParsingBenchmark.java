package io.github.proxyauth.benchmarks;

import io.github.proxyauth.spi.Challenge;
import io.github.proxyauth.spi.MalformedChallengeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.internal.http.HttpHeaders;
import org.apache.hc.client5.http.auth.AuthChallenge;
import org.apache.hc.client5.http.auth.ChallengeType;
import org.apache.hc.client5.http.impl.auth.AuthChallengeParser;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.message.ParserCursor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parses the same {@code Proxy-Authenticate} field values with proxyauth's strict parser, Apache
 * HttpClient 5's {@code AuthChallengeParser} and OkHttp's {@code parseChallenges}. Each invocation
 * parses every field value of one 407; a malformed value counts as parsed (each parser reports it
 * its own way).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChallengeParsingBenchmark {

  @Param({"squidAllSchemes", "digest", "longToken68", "hostile4k"})
  public String headers;

  private List<String> values;
  private Headers okHeaders;

  @Setup
  public void setUp() {
    values = HeaderSets.get(headers);
    Headers.Builder builder = new Headers.Builder();
    values.forEach(v -> builder.add("Proxy-Authenticate", v));
    okHeaders = builder.build();
  }

  @Benchmark
  public int proxyauth() {
    int n = 0;
    for (String value : values) {
      try {
        n += Challenge.parse(value).size();
      } catch (MalformedChallengeException e) {
        n--;
      }
    }
    return n;
  }

  @Benchmark
  public int httpclient5() {
    int n = 0;
    for (String value : values) {
      try {
        List<AuthChallenge> parsed = AuthChallengeParser.INSTANCE.parse(ChallengeType.PROXY, value,
            new ParserCursor(0, value.length()));
        n += parsed.size();
      } catch (ParseException e) {
        n--;
      }
    }
    return n;
  }

  @Benchmark
  public int okhttp() {
    return HttpHeaders.parseChallenges(okHeaders, "Proxy-Authenticate").size();
  }

  /** The header sets, shared with the correctness check in {@link HeaderSets#main}. */
  static final class HeaderSets {
    static List<String> get(String name) {
      return switch (name) {
        case "squidAllSchemes" -> List.of("Negotiate", "NTLM",
            "Digest realm=\"Squid proxy-caching web server\", nonce=\"bc8a3e0d5f7e4c1aa0f3b9d2\","
                + " qop=\"auth\", stale=false",
            "Basic realm=\"Squid proxy-caching web server\"");
        case "digest" -> List.of(
            "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256,"
                + " nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\","
                + " opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"",
            "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5,"
                + " nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\","
                + " opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
        case "longToken68" -> List.of("NTLM " + token68(2048));
        case "hostile4k" -> List.of(hostile(4096));
        default -> throw new IllegalArgumentException("unknown header set " + name);
      };
    }

    private static String token68(int length) {
      StringBuilder b = new StringBuilder(length);
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      for (int i = 0; b.length() < length - 2; i++) {
        b.append(alphabet.charAt((i * 31 + 7) % alphabet.length()));
      }
      return b.append("==").toString();
    }

    /** Thousands of empty list elements and escapes, then an unterminated quoted-string. */
    private static String hostile(int length) {
      StringBuilder b = new StringBuilder("Basic realm=\"");
      while (b.length() < length / 2) {
        b.append("\\\"");
      }
      b.append("\", ");
      while (b.length() < length - 16) {
        b.append(", ");
      }
      return b.append("Digest a=\"x").toString();
    }

    public static void main(String[] args) {
      List<String> out = new ArrayList<>();
      for (String set : List.of("squidAllSchemes", "digest", "longToken68", "hostile4k")) {
        ChallengeParsingBenchmark b = new ChallengeParsingBenchmark();
        b.headers = set;
        b.setUp();
        out.add(set + ": proxyauth=" + b.proxyauth() + " httpclient5=" + b.httpclient5()
            + " okhttp=" + b.okhttp());
      }
      out.forEach(System.out::println);
    }
  }
}
