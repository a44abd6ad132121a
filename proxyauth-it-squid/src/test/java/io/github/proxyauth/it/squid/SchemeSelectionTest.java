package io.github.proxyauth.it.squid;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthEvent;
import io.github.proxyauth.ProxyAuthenticator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The port that offers every scheme (Negotiate, Digest, NTLM, Basic, in that order): the engine
 * picks Negotiate when it has Kerberos credentials and NTLM otherwise, and its events say why.
 */
@ExtendWith(SquidExtension.class)
class SchemeSelectionTest {
  private final SquidLab lab;

  SchemeSelectionTest(SquidLab lab) {
    this.lab = lab;
  }

  @ParameterizedTest
  @EnumSource(Adapter.class)
  void picksNegotiateWhenKerberosCredentialsExist(Adapter adapter) throws Exception {
    RecordingListener events = new RecordingListener();

    List<AccessEntry> entries = fetchThroughAllSchemesPort(adapter,
        Engines.withKerberos(lab, SquidLab.PASSWORD, events));

    assertThat(events.events(AuthEvent.Type.SCHEME_SELECTED)).isNotEmpty()
        .allSatisfy(e -> assertThat(e.scheme()).contains("negotiate"))
        .allSatisfy(e -> assertThat(e.detail()).isNotBlank());
    assertThat(entries).filteredOn(e -> e.status() == 200).extracting(AccessEntry::user)
        .containsOnly(Optional.of(lab.principal()));
  }

  @ParameterizedTest
  @EnumSource(Adapter.class)
  void picksNtlmAndSaysWhyWithoutKerberosCredentials(Adapter adapter) throws Exception {
    RecordingListener events = new RecordingListener();

    List<AccessEntry> entries = fetchThroughAllSchemesPort(adapter,
        Engines.withoutKerberos(lab, SquidLab.PASSWORD, events));

    assertThat(events.events(AuthEvent.Type.SCHEME_UNAVAILABLE))
        .anySatisfy(e -> {
          assertThat(e.scheme()).contains("negotiate");
          assertThat(e.detail()).contains("no-ticket-here.cc");
        });
    assertThat(events.events(AuthEvent.Type.SCHEME_SELECTED)).isNotEmpty()
        .allSatisfy(e -> assertThat(e.scheme()).contains("ntlm"))
        .allSatisfy(e -> assertThat(e.detail()).isNotBlank());
    assertThat(entries).filteredOn(e -> e.status() == 200).extracting(AccessEntry::user)
        .containsOnly(Optional.of(SquidLab.USER));
  }

  private List<AccessEntry> fetchThroughAllSchemesPort(Adapter adapter,
      ProxyAuthenticator engine) throws Exception {
    RoundTripProbe probe = RoundTripProbe.start(lab, SquidPort.ALL, "http");
    try (Adapter.Client client = adapter.open(lab, SquidPort.ALL, engine)) {
      assertThat(client.get(probe.url("/selection/" + adapter)))
          .isEqualTo(new Adapter.Page(200, Origins.BODY));
    }
    List<AccessEntry> entries = probe.entries(1);
    assertThat(entries).filteredOn(e -> e.status() == 200).isNotEmpty();
    return entries;
  }
}
