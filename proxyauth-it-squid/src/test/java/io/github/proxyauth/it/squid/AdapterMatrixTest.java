package io.github.proxyauth.it.squid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.proxyauth.AuthEvent;
import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.ProxyAuthException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each scheme × adapter × {http, https}: the right password gets 200 through Squid and Squid's
 * access log names the user; a wrong one fails with a diagnosed {@link ProxyAuthException}, and
 * Squid never let a request through.
 */
@ExtendWith(SquidExtension.class)
class AdapterMatrixTest {
  private final SquidLab lab;

  AdapterMatrixTest(SquidLab lab) {
    this.lab = lab;
  }

  static Stream<Arguments> cases() {
    return Stream.of(Adapter.values()).flatMap(adapter -> Stream.of(SquidPort.BASIC,
            SquidPort.DIGEST, SquidPort.NTLM, SquidPort.NEGOTIATE)
        .flatMap(port -> Stream.of("http", "https")
            .map(target -> Arguments.of(adapter, port, target))));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void rightPasswordGetsThroughAndSquidLogsTheUser(Adapter adapter, SquidPort port, String target)
      throws Exception {
    RoundTripProbe probe = RoundTripProbe.start(lab, port, target);
    RecordingListener events = new RecordingListener();
    Adapter.Page page;
    try (Adapter.Client client = adapter.open(lab, port,
        Engines.forPort(lab, port, SquidLab.PASSWORD, events))) {
      page = client.get(probe.url("/matrix/" + adapter + "/" + port.label() + "/right"));
    }

    assertThat(page).isEqualTo(new Adapter.Page(200, Origins.BODY));
    List<AccessEntry> entries = probe.entries(1);
    assertThat(entries).filteredOn(e -> e.status() == 200).isNotEmpty()
        .extracting(AccessEntry::user).containsOnly(Optional.of(lab.loggedUser(port)));
    assertThat(entries).allMatch(e -> e.status() == 200 || e.challenged());
    assertThat(events.events()).extracting(e -> e.scheme().orElse(""))
        .contains(port.label());
    assertThat(events.events()).extracting(AuthEvent::detail)
        .noneMatch(detail -> detail.contains(SquidLab.PASSWORD));
    assertThat(lab.origins().leaks()).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void wrongPasswordFailsWithADiagnosisAndNothingPasses(Adapter adapter, SquidPort port,
      String target) throws Exception {
    RoundTripProbe probe = RoundTripProbe.start(lab, port, target);
    ProxyAuthException failure;
    try (Adapter.Client client = adapter.open(lab, port,
        Engines.forPort(lab, port, SquidLab.WRONG_PASSWORD, new RecordingListener()))) {
      failure = catchThrowableOfType(ProxyAuthException.class,
          () -> client.get(probe.url("/matrix/" + adapter + "/" + port.label() + "/wrong")));
    }

    assertThat(failure).as("a ProxyAuthException").isNotNull();
    assertThat(failure.getMessage()).doesNotContain(SquidLab.WRONG_PASSWORD);
    assertThat(failure.diagnosis()).get().extracting(Diagnosis::reason)
        .isEqualTo(port.wrongPasswordReason());
    Diagnosis diagnosis = failure.diagnosis().get();
    assertThat(diagnosis.offered()).containsExactly(port.label());
    if (port == SquidPort.NEGOTIATE) {
      // Negotiate is never chosen: its login fails while the engine checks what it can use.
      assertThat(diagnosis.detail()).contains("KDC rejected the password", lab.principal());
    } else {
      assertThat(diagnosis.chosen()).contains(port.label());
    }
    assertThat(probe.entries(0)).noneMatch(e -> e.status() == 200);
  }
}
