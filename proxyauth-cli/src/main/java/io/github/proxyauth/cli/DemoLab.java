package io.github.proxyauth.cli;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.KerberosLogin;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.TestKdc;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * Everything the demo runs in this process: an origin on 127.0.0.1 over http and https (a fresh
 * self-signed certificate), one {@link TestProxy} per scheme, and a {@link TestKdc} for
 * Negotiate. Passwords are random per run. Closes all of it.
 */
final class DemoLab implements AutoCloseable {
  static final String USER = "alice";
  static final String DOMAIN = "CORP";

  /** One scheme's proxy and an engine that can authenticate to it. */
  record Target(String scheme, TestProxy proxy, ProxyAuthenticator engine) {
    ProxySelector selector() {
      // By name: Negotiate asks for a ticket to HTTP/localhost, the proxy's principal.
      return ProxySelector.of(InetSocketAddress.createUnresolved("localhost", proxy.port()));
    }
  }

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final List<Target> targets = new ArrayList<>();
  private final String password = randomPassword();
  private Optional<String> negotiateProblem = Optional.empty();
  private Tls clientTls = Tls.DEFAULT;
  private URI http = URI.create("http://127.0.0.1/");
  private URI https = URI.create("https://127.0.0.1/");

  private DemoLab() {}

  static DemoLab start() throws IOException {
    DemoLab lab = new DemoLab();
    try {
      lab.startOrigins();
      lab.startProxies();
      return lab;
    } catch (IOException | RuntimeException e) {
      lab.close();
      throw e;
    }
  }

  List<Target> targets() {
    return List.copyOf(targets);
  }

  /** Returns why Negotiate could not be set up; empty when it was. */
  Optional<String> negotiateProblem() {
    return negotiateProblem;
  }

  Tls clientTls() {
    return clientTls;
  }

  URI http() {
    return http;
  }

  URI https() {
    return https;
  }

  private void startOrigins() throws IOException {
    HeldCertificate certificate = new HeldCertificate.Builder().commonName("proxyauth demo")
        .addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName("localhost").build();
    HandshakeCertificates server = new HandshakeCertificates.Builder()
        .heldCertificate(certificate).build();
    HandshakeCertificates client = new HandshakeCertificates.Builder()
        .addTrustedCertificate(certificate.certificate()).build();
    clientTls = new Tls(Optional.of(client.sslContext()), Optional.of(client.trustManager()),
        false);
    DemoOrigin plain = keep(DemoOrigin.http());
    DemoOrigin secure = keep(DemoOrigin.https(server.sslContext()));
    http = plain.url();
    https = secure.url();
  }

  private void startProxies() throws IOException {
    add("basic", TestProxy.builder().user(USER, password).basic("demo"), AuthScheme.basic(),
        USER);
    add("digest", TestProxy.builder().user(USER, password).digest("demo")
        .digestAlgorithms("SHA-256", "MD5"), AuthScheme.digest(), USER);
    add("ntlm", TestProxy.builder().user(USER, password).ntlm(DOMAIN), AuthScheme.ntlm(),
        DOMAIN + "\\" + USER);
    try {
      startNegotiate();
    } catch (IOException | RuntimeException e) {
      negotiateProblem = Optional.of("could not start the Kerberos KDC: " + e.getMessage());
    }
  }

  private void startNegotiate() throws IOException {
    TestKdc kdc = keep(TestKdc.start());
    kdc.useAsJvmDefault();
    String alice = kdc.addPrincipal(USER, password);
    String service = kdc.principal("HTTP/localhost");
    TestProxy proxy = keep(TestProxy.builder()
        .negotiate(kdc.createServicePrincipal("HTTP/localhost"), service).build());
    targets.add(new Target("negotiate", proxy, ProxyAuthenticator.builder()
        .schemes(AuthScheme.negotiate(KerberosLogin.password(alice, password.toCharArray())))
        .build()));
  }

  private void add(String name, TestProxy.Builder builder, AuthScheme scheme, String user)
      throws IOException {
    TestProxy proxy = keep(builder.build());
    targets.add(new Target(name, proxy, ProxyAuthenticator.builder().schemes(scheme)
        .credentials(Credentials.of(user, password.toCharArray())).build()));
  }

  private <T extends AutoCloseable> T keep(T resource) {
    resources.add(0, resource);
    return resource;
  }

  private static String randomPassword() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return "demo-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Closes proxies, the KDC and the origins, newest first. */
  @Override
  public void close() {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        // Closing a demo resource failed; the process ends soon anyway.
      }
    }
    resources.clear();
  }
}
