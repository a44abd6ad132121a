package io.github.proxyauth.internal.pac;

import io.github.proxyauth.ProxyAuthException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Loads a PAC script from a file or a {@code file:}, {@code http:} or {@code https:} URL, with
 * a size cap and (for HTTP) a timeout. HTTP loads go direct, never through a proxy, and follow no
 * redirects to other schemes. Scripts are decoded as UTF-8.
 */
public final class PacLoader {
  /** The largest script accepted, in bytes. */
  public static final int MAX_BYTES = 1 << 20;

  private PacLoader() {}

  /** Returns the script in {@code file}. */
  public static String load(Path file) throws ProxyAuthException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, "file " + file);
    } catch (ProxyAuthException e) {
      throw e;
    } catch (IOException e) {
      throw new ProxyAuthException("Cannot read PAC file " + file + ": " + e, e);
    }
  }

  /** Returns the script at {@code url}, waiting at most {@code timeout} for each step. */
  public static String load(URI url, Duration timeout) throws ProxyAuthException {
    String scheme = String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      return load(Path.of(url));
    }
    return fetch(url, timeout);
  }

  private static void checkHttp(URI url) throws ProxyAuthException {
    String scheme = String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ProxyAuthException("Cannot load PAC script from " + display(url)
          + ": expected a file:, http: or https: URL but saw scheme '" + scheme + "'");
    }
  }

  private static String fetch(URI url, Duration timeout) throws ProxyAuthException {
    return fetch(url, timeout, Optional.empty(), Optional.empty()).text()
        .orElseThrow(() -> new ProxyAuthException("Cannot load PAC script from " + display(url)
            + ": expected HTTP status 200 but saw 304 to an unconditional request"));
  }

  /**
   * What a (conditional) GET of a PAC URL returned.
   *
   * @param text the script; empty when the server answered 304 Not Modified
   * @param etag the {@code ETag} validator, when the server sent one
   * @param lastModified the {@code Last-Modified} validator, when the server sent one
   */
  public record Fetched(Optional<String> text, Optional<String> etag,
      Optional<String> lastModified) {}

  /**
   * Returns the script at {@code url}, or no text when the server says it has not changed since
   * the validators {@code etag} / {@code lastModified} ({@code If-None-Match},
   * {@code If-Modified-Since}, RFC 9110 section 13.1).
   */
  public static Fetched fetch(URI url, Duration timeout, Optional<String> etag,
      Optional<String> lastModified) throws ProxyAuthException {
    checkHttp(url);
    HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).GET();
    etag.ifPresent(v -> request.header("If-None-Match", v));
    lastModified.ifPresent(v -> request.header("If-Modified-Since", v));
    try {
      HttpResponse<InputStream> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        Optional<String> newEtag = response.headers().firstValue("ETag");
        Optional<String> newModified = response.headers().firstValue("Last-Modified");
        if (response.statusCode() == 304 && (etag.isPresent() || lastModified.isPresent())) {
          return new Fetched(Optional.empty(), newEtag.or(() -> etag),
              newModified.or(() -> lastModified));
        }
        if (response.statusCode() != 200) {
          throw new ProxyAuthException("Cannot load PAC script from " + display(url)
              + ": expected HTTP status 200 but saw " + response.statusCode());
        }
        return new Fetched(Optional.of(read(in, display(url))), newEtag, newModified);
      }
    } catch (ProxyAuthException e) {
      throw e;
    } catch (IOException e) {
      throw new ProxyAuthException("Cannot load PAC script from " + display(url) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProxyAuthException("Interrupted while loading PAC script from " + display(url), e);
    }
  }

  private static String read(InputStream in, String where) throws IOException, ProxyAuthException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new ProxyAuthException("PAC script from " + where + " is larger than the limit of "
          + MAX_BYTES + " bytes");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Returns {@code url} without userinfo, query or fragment, for messages. */
  public static String display(URI url) {
    if (url.getHost() == null) {
      return String.valueOf(url.getScheme()) + ":" + (url.getPath() == null ? "" : url.getPath());
    }
    String port = url.getPort() < 0 ? "" : ":" + url.getPort();
    return url.getScheme() + "://" + url.getHost() + port + (url.getPath() == null ? "" : url.getPath());
  }
}
