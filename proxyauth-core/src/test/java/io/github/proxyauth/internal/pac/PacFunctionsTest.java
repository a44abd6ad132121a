package io.github.proxyauth.internal.pac;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The PAC helpers, without a script engine. Now is Monday 2026-01-05 09:30 in Berlin (08:30 UTC). */
class PacFunctionsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-05T08:30:00Z"), ZoneId.of("Europe/Berlin"));

  private final PacFunctions functions = new PacFunctions(PacFunctionsTest::resolve,
      () -> address("192.168.1.20"), CLOCK);

  private static List<InetAddress> resolve(String host) {
    return switch (host) {
      case "build.example" -> List.of(address("10.1.2.3"));
      case "v6only.example" -> List.of(address("fd00::1"));
      default -> List.of();
    };
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal); // literals only: no DNS
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private Object call(String name, Object... args) {
    return functions.call(name, args);
  }

  @Test
  void nameHelpers() {
    assertThat(call("isPlainHostName", "www")).isEqualTo(true);
    assertThat(call("isPlainHostName", "www.example")).isEqualTo(false);
    assertThat(call("dnsDomainIs", "www.Example.com", ".example.com")).isEqualTo(true);
    assertThat(call("dnsDomainIs", "www.example.org", ".example.com")).isEqualTo(false);
    assertThat(call("localHostOrDomainIs", "www", "www.example.com")).isEqualTo(true);
    assertThat(call("localHostOrDomainIs", "www.example.com", "www.example.com")).isEqualTo(true);
    assertThat(call("localHostOrDomainIs", "www.other.com", "www.example.com")).isEqualTo(false);
    assertThat(call("dnsDomainLevels", "www.example.com")).isEqualTo(2.0);
    assertThat(call("dnsDomainLevels", "www")).isEqualTo(0.0);
  }

  @Test
  void dnsHelpersUseTheInjectedResolverAndIpv4Only() {
    assertThat(call("dnsResolve", "build.example")).isEqualTo("10.1.2.3");
    assertThat(call("dnsResolve", "v6only.example")).isNull();
    assertThat(call("dnsResolve", "10.9.9.9")).isEqualTo("10.9.9.9");
    assertThat(call("isResolvable", "build.example")).isEqualTo(true);
    assertThat(call("isResolvable", "nowhere.example")).isEqualTo(false);
    assertThat(call("myIpAddress")).isEqualTo("192.168.1.20");
  }

  @ParameterizedTest
  @CsvSource({
      "build.example, 10.0.0.0, 255.0.0.0, true",
      "build.example, 10.1.0.0, 255.255.0.0, true",
      "build.example, 10.2.0.0, 255.255.0.0, false",
      "192.168.1.5, 192.168.0.0, 255.255.0.0, true",
      "nowhere.example, 0.0.0.0, 0.0.0.0, false",
      "build.example, not-an-ip, 255.0.0.0, false"})
  void isInNetMasksTheResolvedAddress(String host, String pattern, String mask, boolean expected) {
    assertThat(call("isInNet", host, pattern, mask)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
      "www.example.com, *.example.com, true",
      "http://x.example/a/b, */a/*, true",
      "abc, a?c, true",
      "abc, a?d, false",
      "a.b, a.b, true",
      "axb, a.b, false",           // '.' is literal, not a regex dot
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab, *a*a*a*a*a*a*a*c, false",
      "'', *, true"})
  void shExpMatchIsAShellGlob(String text, String pattern, boolean expected) {
    assertThat(call("shExpMatch", text, pattern)).isEqualTo(expected);
  }

  @Test
  void convertAddrGivesTheUnsignedNumber() {
    assertThat(call("convertAddr", "192.168.1.1")).isEqualTo(3232235777.0);
    assertThat(call("convertAddr", "nonsense")).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "MON|true", "TUE|false", "MON,FRI|true", "SAT,SUN|false", "FRI,MON|true", "SUN,MON,GMT|true",
      "XYZ|false", "MON,TUE,WED|false"})
  void weekdayRange(String args, boolean expected) {
    assertThat(call("weekdayRange", (Object[]) args.split(","))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "9|true", "8,GMT|true", "9,GMT|false", "8,17|true", "10,17|false", "22,10|true",
      "9,30,10,0|true", "9,31,10,0|false", "9,30,0,9,30,0|true", "9,30,1,9,30,59|false",
      "24|false", "1,2,3|false"})
  void timeRange(String args, boolean expected) {
    Object[] numbers = java.util.Arrays.stream(args.split(","))
        .map(a -> a.equals("GMT") ? a : (Object) Double.valueOf(a)).toArray();
    assertThat(call("timeRange", numbers)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "5|true", "6|false", "JAN|true", "FEB|false", "2026|true", "2025|false",
      "1,10|true", "DEC,FEB|true", "FEB,NOV|false", "1,JAN,5,JAN|true", "6,JAN,1,FEB|false",
      "JAN,2026,MAR,2026|true", "1,JAN,2026,31,DEC,2026|true", "1,JAN,2025,31,DEC,2025|false",
      "1,JAN,MAR|false", "JAN,2026|false"})
  void dateRange(String args, boolean expected) {
    assertThat(call("dateRange", (Object[]) args.split(","))).isEqualTo(expected);
  }
}
