package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real-client case: the client goes through the local proxy at {@code proxyAddress} (a
 * {@link LocalProxyFixture} or {@code proxyauth serve}) to the {@code target} ("http" or "https")
 * origin, under URLs that start with {@code caseId}; {@code work} is a fresh directory for its
 * files (its {@code HOME} is {@code work/home}).
 */
record ClientTrip(String caseId, String target, InetSocketAddress proxyAddress,
    ToolOrigins origins, Path work) {

  /** Returns the URL of {@code path} on the target origin under this case. */
  String url(String path) {
    return origins.url(target, caseId, path);
  }

  /** Returns {@code http://127.0.0.1:<port>}, the local proxy's URL for command-line tools. */
  String proxyUrl() {
    return "http://127.0.0.1:" + proxyAddress.getPort();
  }

  /** Returns the request body a client sends to {@code POST /echo} in this case. */
  String payload(RealClient client) {
    return "hello from " + client.label() + " in " + caseId;
  }

  /** Returns the HOME directory for a tool (created empty). */
  Path home() throws IOException {
    return Files.createDirectories(work.resolve("home"));
  }

  /** Returns a PEM file with the HTTPS origin's certificate. */
  Path caPem() throws IOException {
    Path pem = work.resolve("origin-ca.pem");
    return Files.exists(pem) ? pem : origins.writeCaPem(pem);
  }

  /** Returns a PKCS12 truststore with the HTTPS origin's certificate. */
  Path truststore() throws IOException {
    Path store = work.resolve("origin-trust.p12");
    return Files.exists(store) ? store : origins.writeTruststore(store);
  }
}
