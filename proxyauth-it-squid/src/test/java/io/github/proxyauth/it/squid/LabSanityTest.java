package io.github.proxyauth.it.squid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves the lab with an independent client (curl): each scheme port accepts the right password,
 * refuses a wrong one (the NTLM helper really checks NTLMv2), and names the user in the access log.
 */
@ExtendWith(SquidExtension.class)
class LabSanityTest {
  private final SquidLab lab;

  LabSanityTest(SquidLab lab) {
    this.lab = lab;
  }

  @BeforeEach
  void needsCurl() {
    Assumptions.assumeTrue(Curl.available(), "curl is not installed at /usr/bin/curl");
  }

  @Test
  void openPortForwardsWithoutCredentials() throws Exception {
    Curl.Result result = Curl.fetch(lab, SquidPort.OPEN, List.of(),
        List.of(lab.origins().httpUrl("/sanity/open"), lab.origins().httpsUrl("/sanity/open")));

    assertThat(result.statuses()).as(result.stderr()).containsExactly(200, 200);
  }

  @ParameterizedTest
  @EnumSource(value = SquidPort.class, names = {"BASIC", "DIGEST", "NTLM"})
  void passwordPortsAcceptTheRightPasswordAndLogTheUser(SquidPort port) throws Exception {
    int mark = lab.accessLog().mark();

    Curl.Result result = Curl.fetch(lab, port, Curl.anyAuth(SquidLab.USER, SquidLab.PASSWORD),
        List.of(lab.origins().httpUrl("/sanity/" + port.label())));

    assertThat(result.statuses()).as(result.stderr()).containsExactly(200);
    List<AccessEntry> entries = lab.accessLog().await(mark,
        e -> e.stream().anyMatch(x -> x.status() == 200), Curl.TIMEOUT);
    assertThat(entries).filteredOn(e -> e.status() == 200).extracting(AccessEntry::user)
        .containsExactly(Optional.of(SquidLab.USER));
  }

  @ParameterizedTest
  @EnumSource(value = SquidPort.class, names = {"BASIC", "DIGEST", "NTLM"})
  void passwordPortsRefuseAWrongPassword(SquidPort port) throws Exception {
    Curl.Result result = Curl.fetch(lab, port,
        Curl.anyAuth(SquidLab.USER, SquidLab.WRONG_PASSWORD),
        List.of(lab.origins().httpUrl("/sanity/wrong/" + port.label()),
            lab.origins().httpsUrl("/sanity/wrong/" + port.label())));

    assertThat(result.statuses()).as(result.stderr()).containsExactly(407, 407);
  }

  @Test
  void negotiatePortAcceptsAKerberosTicketAndLogsThePrincipal() throws Exception {
    int mark = lab.accessLog().mark();

    Curl.Result result = Curl.fetch(lab, SquidPort.NEGOTIATE, Curl.anyAuth("", ""),
        List.of(lab.origins().httpUrl("/sanity/negotiate")));

    assertThat(result.statuses()).as(result.stderr()).containsExactly(200);
    List<AccessEntry> entries = lab.accessLog().await(mark,
        e -> e.stream().anyMatch(x -> x.status() == 200), Curl.TIMEOUT);
    assertThat(entries).filteredOn(e -> e.status() == 200).extracting(AccessEntry::user)
        .containsExactly(Optional.of(lab.principal()));
  }

  @Test
  void singleSchemePortsForbidOtherSchemesCredentials() throws Exception {
    Curl.Result result = Curl.fetch(lab, SquidPort.DIGEST,
        List.of("--proxy-basic", "-U", SquidLab.USER + ":" + SquidLab.PASSWORD),
        List.of(lab.origins().httpUrl("/sanity/basic-on-digest")));

    assertThat(result.statuses()).as(result.stderr()).containsExactly(403);
  }
}
