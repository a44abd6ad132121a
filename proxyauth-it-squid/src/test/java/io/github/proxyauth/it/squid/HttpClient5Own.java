package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.Credentials;
import org.apache.hc.client5.http.auth.NTCredentials;
import org.apache.hc.client5.http.auth.StandardAuthScheme;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.auth.BasicSchemeFactory;
import org.apache.hc.client5.http.impl.auth.DigestSchemeFactory;
import org.apache.hc.client5.http.impl.auth.NTLMSchemeFactory;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;

/**
 * Apache HttpClient 5 with its own Basic, Digest and (deprecated, off by default) NTLM schemes,
 * the reference for the HttpClient 5 adapter: credentials from a {@code CredentialsProvider},
 * and either one {@link HttpClientContext} for all requests (as HttpClient's documentation
 * advises for NTLM) or a new one per request (what {@code execute(request)} does).
 */
final class HttpClient5Own {
  private HttpClient5Own() {}

  @SuppressWarnings("deprecation") // NTLM: deprecated in HttpClient 5.3, the point of comparison
  static List<Integer> run(SquidLab lab, SquidPort port, List<String> urls, boolean shared)
      throws IOException {
    HttpHost proxy = HttpClient5Clients.proxy(lab, port);
    Credentials credentials = port == SquidPort.NTLM
        ? new NTCredentials(SquidLab.USER, SquidLab.PASSWORD.toCharArray(), null,
            SquidLab.NTLM_DOMAIN)
        : new UsernamePasswordCredentials(SquidLab.USER, SquidLab.PASSWORD.toCharArray());
    BasicCredentialsProvider provider = new BasicCredentialsProvider();
    provider.setCredentials(new AuthScope(proxy), credentials);
    CloseableHttpClient client = HttpClient5Clients.classicBuilder(lab).setProxy(proxy)
        .setDefaultCredentialsProvider(provider)
        .setDefaultAuthSchemeRegistry(RegistryBuilder.<AuthSchemeFactory>create()
            .register(StandardAuthScheme.BASIC, BasicSchemeFactory.INSTANCE)
            .register(StandardAuthScheme.DIGEST, DigestSchemeFactory.INSTANCE)
            .register(StandardAuthScheme.NTLM, NTLMSchemeFactory.INSTANCE).build())
        .setDefaultRequestConfig(RequestConfig.custom().setProxyPreferredAuthSchemes(List.of(
            StandardAuthScheme.NTLM, StandardAuthScheme.DIGEST, StandardAuthScheme.BASIC))
            .build())
        .build();
    HttpClientContext context = HttpClientContext.create();
    List<Integer> statuses = new ArrayList<>();
    try {
      for (String url : urls) {
        HttpClientContext used = shared ? context : HttpClientContext.create();
        statuses.add(client.execute(new HttpGet(url), used, response -> {
          EntityUtils.consume(response.getEntity());
          return response.getCode();
        }));
      }
    } finally {
      client.close(CloseMode.GRACEFUL);
    }
    return statuses;
  }
}
