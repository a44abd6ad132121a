package io.github.proxyauth.it.squid;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One line of the lab's Squid access log ({@code logformat lab} in squid.conf.in).
 *
 * @param proxyPort the Squid port the client connected to
 * @param clientPort the client's source port: one value per client connection
 * @param result Squid's result code, for example {@code TCP_DENIED} or {@code TCP_TUNNEL}
 * @param status the HTTP status Squid sent
 * @param method the request method ({@code GET}, {@code CONNECT})
 * @param url the request URL ({@code host:port} for CONNECT)
 * @param user the authenticated (or attempted) user; empty for {@code -}
 */
record AccessEntry(int proxyPort, int clientPort, String result, int status, String method,
    String url, Optional<String> user) {

  /**
   * Returns the parsed line.
   *
   * @throws IllegalArgumentException when the line does not have the lab's eight fields
   */
  static AccessEntry parse(String line) {
    String[] f = line.trim().split("\\s+");
    if (f.length != 8 || f[4].indexOf('/') < 0) {
      throw new IllegalArgumentException("Expected 8 fields 'time localport client clientport "
          + "result/status method url user' in the access log but got: " + line);
    }
    String[] result = f[4].split("/", 2);
    return new AccessEntry(Integer.parseInt(f[1]), Integer.parseInt(f[3]), result[0],
        Integer.parseInt(result[1]), f[5], f[6],
        "-".equals(f[7]) ? Optional.empty() : Optional.of(decode(f[7])));
  }

  /** Returns whether Squid asked for proxy authentication. */
  boolean challenged() {
    return status == 407;
  }

  private static String decode(String user) {
    // Squid URL-encodes odd characters in %un (for example '@' stays, '\' becomes %5C).
    return URLDecoder.decode(user, StandardCharsets.UTF_8);
  }
}
