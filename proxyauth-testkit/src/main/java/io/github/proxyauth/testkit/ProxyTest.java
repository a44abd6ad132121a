package io.github.proxyauth.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Returns, as a JUnit 5 annotation, a test class or method whose {@link TestProxy} and {@link
 * TestKdc} parameters are started for it and closed after it by {@link ProxyTestExtension}. On a
 * method it overrides the class's settings.
 *
 * <pre>{@code
 * @ProxyTest(schemes = ProxyTest.Scheme.DIGEST, users = "alice:secret")
 * void digestThroughProxy(TestProxy proxy) throws Exception { ... }
 * }</pre>
 *
 * <p>Needs junit-jupiter-api on the test class path (the test kit declares it optional).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(ProxyTestExtension.class)
public @interface ProxyTest {

  /** Returns the schemes the proxy requires, in challenge order; empty means no authentication. */
  Scheme[] schemes() default {};

  /** Returns the Basic and Digest realm. */
  String realm() default "proxyauth-test";

  /** Returns the NTLM domain. */
  String ntlmDomain() default "TESTDOMAIN";

  /**
   * Returns the accepted users as {@code user:password}; with {@link Scheme#NEGOTIATE} each also
   * becomes a principal of the injected {@link TestKdc}.
   */
  String[] users() default {};

  /** Returns the Digest algorithms, one challenge each, in order. */
  String[] digestAlgorithms() default {"MD5"};

  /** Returns the Negotiate service principal, without realm; the KDC makes its keytab. */
  String servicePrincipal() default "HTTP/localhost";

  /** Returns the faults injected from the start. */
  Fault[] faults() default {};

  /** Returns, as a constant, one authentication scheme the proxy can require. */
  enum Scheme { BASIC, DIGEST, NTLM, NEGOTIATE }
}
