package io.github.proxyauth.benchmarks;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.benchmarks.support.Fixtures;
import io.github.proxyauth.benchmarks.support.NtlmFixture;
import io.github.proxyauth.benchmarks.support.SharedKdc;
import io.github.proxyauth.benchmarks.support.SharedKdc.Kdc;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.auth.AuthChallenge;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.ChallengeType;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.auth.NTCredentials;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.AuthChallengeParser;
import org.apache.hc.client5.http.impl.auth.BasicScheme;
import org.apache.hc.client5.http.impl.auth.CredentialsProviderBuilder;
import org.apache.hc.client5.http.impl.auth.DigestScheme;
import org.apache.hc.client5.http.impl.auth.NTLMScheme;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.message.ParserCursor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one {@code Proxy-Authorization} value per scheme, through proxyauth's public API
 * (a new session answering a fixed, pre-parsed challenge: what each new connection pays) and the
 * whole engine ({@code AuthExchange.respond} on the raw header: parse, select, answer, events),
 * against Apache HttpClient 5's schemes and OkHttp's {@code Credentials.basic}. NTLM is Type 1
 * plus Type 3 against a real Type 2 from the test kit; Negotiate is one SPNEGO token with the
 * service ticket already in the logged-in Subject.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = Kdc.EXPORTS)
public class HeaderComputationBenchmark {
  static final String BASIC = "Basic realm=\"" + Fixtures.REALM + "\"";
  static final String DIGEST = "Digest realm=\"" + Fixtures.REALM + "\", qop=\"auth\","
      + " algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\","
      + " opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

  private ProxyAuthenticator basicEngine;
  private ProxyAuthenticator digestEngine;
  private AuthContext basicContext;
  private AuthContext digestContext;
  private AuthContext ntlmContext;
  private AuthContext negotiateContext;
  private Challenge basicChallenge;
  private Challenge digestChallenge;
  private Challenge type2Challenge;
  private AuthScheme ntlm;
  private AuthScheme negotiate;
  private String type2;
  private AuthChallenge hcBasic;
  private AuthChallenge hcDigest;
  private AuthChallenge hcNtlm;
  private AuthChallenge hcType2;
  private CredentialsProvider hcCredentials;
  private HttpHost hcProxy;
  private HttpRequest hcRequest;

  /** Prepares contexts, parsed challenges and a real Type 2; no KDC unless Negotiate runs. */
  @Setup
  public void setUp() throws Exception {
    basicEngine = ProxyAuthenticator.builder().credentials(Fixtures.credentials())
        .schemes(AuthScheme.basic()).build();
    digestEngine = ProxyAuthenticator.builder().credentials(Fixtures.credentials())
        .schemes(AuthScheme.digest()).build();
    basicContext = Fixtures.context("Basic");
    digestContext = Fixtures.context("Digest");
    ntlmContext = Fixtures.context("NTLM");
    basicChallenge = io.github.proxyauth.spi.Challenge.parse(BASIC).get(0);
    digestChallenge = io.github.proxyauth.spi.Challenge.parse(DIGEST).get(0);
    ntlm = AuthScheme.ntlm();
    type2 = new NtlmFixture().type2();
    type2Challenge = Challenge.ofToken68("NTLM", type2);
    setUpHttpClient5();
  }

  private void setUpHttpClient5() throws Exception {
    hcBasic = hcParse(BASIC);
    hcDigest = hcParse(DIGEST);
    hcNtlm = hcParse("NTLM");
    hcType2 = hcParse("NTLM " + type2);
    hcProxy = new HttpHost("http", Fixtures.PROXY_HOST, Fixtures.PROXY_PORT);
    AuthScope scope = new AuthScope(hcProxy);
    char[] pw = Fixtures.PASSWORD.toCharArray();
    hcCredentials = CredentialsProviderBuilder.create()
        .add(new AuthScope(hcProxy, Fixtures.REALM, null),
            new UsernamePasswordCredentials(Fixtures.USER, pw))
        .add(new AuthScope(hcProxy, null, "NTLM"),
            new NTCredentials(Fixtures.USER, pw, "WORKSTATION", Fixtures.DOMAIN))
        .add(scope, new UsernamePasswordCredentials(Fixtures.USER, pw)).build();
    hcRequest = new BasicHttpRequest("GET", "http://origin.bench.test/index.html");
  }

  private static AuthChallenge hcParse(String value) throws Exception {
    return AuthChallengeParser.INSTANCE.parse(ChallengeType.PROXY, value,
        new ParserCursor(0, value.length())).get(0);
  }

  /** Starts the shared KDC and logs in once (Negotiate benchmarks only). */
  @Setup
  public void setUpKerberos(org.openjdk.jmh.infra.BenchmarkParams params) throws Exception {
    if (params.getBenchmark().endsWith("negotiateProxyauth")) {
      prepareNegotiate();
    }
  }

  /** Returns the first token, after which the login and the service ticket are cached. */
  public String prepareNegotiate() throws ProxyAuthException {
    negotiate = SharedKdc.get().negotiate();
    negotiateContext = Fixtures.context("Negotiate");
    return negotiateProxyauth();
  }

  /** Returns a Basic answer from a new proxyauth session. */
  @Benchmark
  public String basicProxyauth() throws ProxyAuthException {
    return AuthScheme.basic().newSession(basicContext).respond(basicChallenge);
  }

  /** Returns a Basic answer from the whole engine, starting from the raw header value. */
  @Benchmark
  public String basicEngine() throws ProxyAuthException {
    return basicEngine.newExchange(Fixtures.request()).respond(List.of(BASIC));
  }

  /** Returns a Basic answer from HttpClient 5's {@code BasicScheme}. */
  @Benchmark
  public String basicHttpclient5() throws Exception {
    BasicScheme scheme = new BasicScheme();
    HttpClientContext context = HttpClientContext.create();
    scheme.processChallenge(hcBasic, context);
    scheme.isResponseReady(hcProxy, hcCredentials, context);
    return scheme.generateAuthResponse(hcProxy, hcRequest, context);
  }

  /** Returns a Basic answer from OkHttp's {@code Credentials.basic}. */
  @Benchmark
  public String basicOkhttp() {
    return okhttp3.Credentials.basic(Fixtures.USER, Fixtures.PASSWORD);
  }

  /** Returns a Digest SHA-256 answer from a new proxyauth session. */
  @Benchmark
  public String digestProxyauth() throws ProxyAuthException {
    return AuthScheme.digest().newSession(digestContext).respond(digestChallenge);
  }

  /** Returns a Digest SHA-256 answer from the whole engine, starting from the raw header. */
  @Benchmark
  public String digestEngine() throws ProxyAuthException {
    return digestEngine.newExchange(Fixtures.request()).respond(List.of(DIGEST));
  }

  /** Returns a Digest SHA-256 answer from HttpClient 5's {@code DigestScheme}. */
  @Benchmark
  public String digestHttpclient5() throws Exception {
    DigestScheme scheme = new DigestScheme();
    HttpClientContext context = HttpClientContext.create();
    scheme.processChallenge(hcDigest, context);
    scheme.isResponseReady(hcProxy, hcCredentials, context);
    return scheme.generateAuthResponse(hcProxy, hcRequest, context);
  }

  /** Returns the Type 3 of a new proxyauth NTLM session (after its Type 1). */
  @Benchmark
  public String ntlmProxyauth() throws ProxyAuthException {
    AuthSession session = ntlm.newSession(ntlmContext);
    String type1 = session.respond(Challenge.of("NTLM"));
    return type1.length() + session.respond(type2Challenge);
  }

  /** Returns the Type 3 of HttpClient 5's deprecated {@code NTLMScheme} (after its Type 1). */
  @Benchmark
  @SuppressWarnings("deprecation")
  public String ntlmHttpclient5() throws Exception {
    NTLMScheme scheme = new NTLMScheme();
    HttpClientContext context = HttpClientContext.create();
    scheme.processChallenge(hcNtlm, context);
    scheme.isResponseReady(hcProxy, hcCredentials, context);
    String type1 = scheme.generateAuthResponse(hcProxy, hcRequest, context);
    scheme.processChallenge(hcType2, context);
    return type1.length() + scheme.generateAuthResponse(hcProxy, hcRequest, context);
  }

  /** Returns one SPNEGO token from a new Negotiate session (service ticket cached). */
  @Benchmark
  public String negotiateProxyauth() throws ProxyAuthException {
    return negotiate.newSession(negotiateContext).respond(Challenge.of("Negotiate"));
  }
}
