package io.github.proxyauth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.benchmarks.harness.ColdStart;
import io.github.proxyauth.benchmarks.harness.MemoryHarness;
import io.github.proxyauth.benchmarks.support.Fixtures;
import io.github.proxyauth.benchmarks.support.NtlmFixture;
import io.github.proxyauth.benchmarks.support.SharedKdc;
import io.github.proxyauth.testkit.internal.NegotiateServerScheme;
import io.github.proxyauth.testkit.internal.ServerConnection;
import io.github.proxyauth.testkit.internal.ServerRequest;
import io.github.proxyauth.testkit.internal.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs every benchmark method once and checks that it computes what it claims to measure. */
class BenchmarksSmokeTest {

  @ParameterizedTest
  @CsvSource({"squidAllSchemes,4", "digest,2", "longToken68,1"})
  void everyParserReadsEveryChallengeOfRealisticHeaders(String set, int challenges) {
    ChallengeParsingBenchmark b = new ChallengeParsingBenchmark();
    b.headers = set;
    b.setUp();
    assertThat(b.proxyauth()).isEqualTo(challenges);
    assertThat(b.httpclient5()).isEqualTo(challenges);
    assertThat(b.okhttp()).isEqualTo(challenges);
  }

  @Test
  void proxyauthRejectsTheHostileHeader() {
    ChallengeParsingBenchmark b = new ChallengeParsingBenchmark();
    b.headers = "hostile4k";
    b.setUp();
    assertThat(b.proxyauth()).isEqualTo(-1);
    b.httpclient5();
    b.okhttp();
  }

  @Test
  void basicAndDigestBenchmarksProduceTheSameKindOfAnswerAsThePeers() throws Exception {
    HeaderComputationBenchmark b = new HeaderComputationBenchmark();
    b.setUp();
    String basic = "Basic " + Base64.getEncoder().encodeToString(
        (Fixtures.USER + ":" + Fixtures.PASSWORD).getBytes(StandardCharsets.UTF_8));
    assertThat(b.basicProxyauth()).isEqualTo(basic);
    assertThat(b.basicEngine()).isEqualTo(basic);
    assertThat(b.basicOkhttp()).isEqualTo(basic);
    assertThat(b.basicHttpclient5()).isEqualTo(basic);
    assertThat(b.digestProxyauth()).startsWith("Digest ").contains("SHA-256")
        .contains("username=\"alice\"");
    assertThat(b.digestEngine()).startsWith("Digest ").contains("SHA-256");
    assertThat(b.digestHttpclient5()).startsWith("Digest ").contains("SHA-256");
  }

  @Test
  void ntlmBenchmarksProduceAType3AndProxyauthsIsAccepted() throws Exception {
    HeaderComputationBenchmark b = new HeaderComputationBenchmark();
    b.setUp();
    assertThat(b.ntlmProxyauth()).contains("NTLM T");
    assertThat(b.ntlmHttpclient5()).contains("NTLM T");
    assertThat(new NtlmFixture().accepts(AuthScheme.ntlm().newSession(Fixtures.context("NTLM"))))
        .isTrue();
  }

  @Test
  void negotiateBenchmarkTokenIsAcceptedByTheServiceKeytab() throws Exception {
    HeaderComputationBenchmark b = new HeaderComputationBenchmark();
    b.prepareNegotiate();
    String token = b.negotiateProxyauth();
    SharedKdc kdc = SharedKdc.get();
    Verdict v = new NegotiateServerScheme(kdc.serviceKeytab(), kdc.service())
        .verify(token.substring("Negotiate ".length()), new ServerRequest("GET", "http://o/"),
            new ServerConnection(1));
    assertThat(v).isEqualTo(new Verdict.Accepted(kdc.client()));
  }

  @Test
  void coldStartChildrenMeasureBothHeaders() throws Exception {
    SharedKdc kdc = SharedKdc.get();
    String type2 = new NtlmFixture().type2();
    assertThat(ColdStart.child("ntlm", new String[] {type2})).hasSize(2).doesNotContain(0L);
    assertThat(ColdStart.child("ntlm-httpclient5", new String[] {type2})).hasSize(2)
        .doesNotContain(0L);
    assertThat(ColdStart.child("negotiate", new String[] {kdc.client(), kdc.service()}))
        .hasSize(2).doesNotContain(0L);
  }

  @Test
  void memoryHarnessReportsEveryEngineMeasurement() throws Exception {
    Properties p = MemoryHarness.runQuick();
    assertThat(p).containsKeys("authenticator.bytes", "exchange.ntlm.bytes",
        "exchange.basic.bytes", "growth.engine.at10.bytes", "growth.engine.end.bytes");
  }
}
