package io.github.proxyauth.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.discovery.ProxyDiscovery;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** The README's "Apache HttpClient 5" section, compiled. */
class ReadmeExampleTest {
  @Test
  void readmeSnippetCompilesAndBuilds() throws Exception {
    char[] password = "example".toCharArray();
    ProxyAuthenticator engine = ProxyAuthenticator.builder()
        .credentials(Credentials.of("CORP\\alice", password))
        .build();

    // Classic (the async builder, HttpAsyncClients.custom(), takes the same call)
    CloseableHttpClient client = ProxyAuthHttpClient5.configure(HttpClients.custom(), engine,
        new HttpHost("proxy.corp", 3128)).build();

    // Or with a ProxySelector (an https proxy fails fast instead of getting credentials in clear)
    ProxyAuthHttpClient5.configure(HttpClients.custom(), engine, ProxyDiscovery.fromSystem());

    // Or into a builder whose proxy or route planner you set yourself
    ProxyAuthHttpClient5.of(engine).install(HttpClients.custom().setProxy(
        new HttpHost("proxy.corp", 3128)));

    // Spring: RestClient and RestTemplate on that client
    RestClient rest = RestClient.builder()
        .requestFactory(new HttpComponentsClientHttpRequestFactory(client)).build();

    assertThat(rest).isNotNull();
    client.close();
  }
}
