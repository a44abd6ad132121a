package io.github.proxyauth.testkit;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Returns, as a JUnit 5 extension, started {@link TestProxy} and {@link TestKdc} instances for
 * parameters of that type, configured by the nearest {@link ProxyTest} (method, then class), and
 * closes them afterwards. Parameters of test methods, {@code @BeforeEach} and {@code @AfterEach}
 * methods share one instance per test; parameters of {@code @BeforeAll} methods get one per class.
 * A proxy with {@link ProxyTest.Scheme#NEGOTIATE} uses the KDC of the same scope.
 *
 * <p>Thread-safe as JUnit requires: state lives in the {@link ExtensionContext} store.
 */
public final class ProxyTestExtension
    implements ParameterResolver, AfterEachCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ProxyTestExtension.class);

  /** Returns a new extension; JUnit creates it through {@link ProxyTest}. */
  public ProxyTestExtension() {}

  /** Returns whether the parameter is a {@link TestProxy} or a {@link TestKdc}. */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestProxy.class || type == TestKdc.class;
  }

  /** Returns this scope's proxy or KDC, starting it on first use. */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Scope scope = scope(context);
    try {
      return parameter.getParameter().getType() == TestKdc.class
          ? scope.kdc()
          : scope.proxy(settings(context));
    } catch (IOException e) {
      throw new ParameterResolutionException("Could not start " + parameter.getParameter(), e);
    }
  }

  /** Closes what this test's parameters started. */
  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    close(context);
  }

  /** Closes what this class's {@code @BeforeAll} parameters started. */
  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    close(context);
  }

  private static void close(ExtensionContext context) throws IOException {
    Scope scope = context.getStore(NAMESPACE).remove(context.getUniqueId(), Scope.class);
    if (scope != null) {
      scope.close();
    }
  }

  private static Scope scope(ExtensionContext context) {
    return context.getStore(NAMESPACE)
        .getOrComputeIfAbsent(context.getUniqueId(), id -> new Scope(), Scope.class);
  }

  private static ProxyTest settings(ExtensionContext context) {
    List<AnnotatedElement> elements = new ArrayList<>();
    context.getTestMethod().ifPresent(elements::add);
    context.getTestClass().ifPresent(elements::add);
    for (AnnotatedElement element : elements) {
      Optional<ProxyTest> found = AnnotationSupport.findAnnotation(element, ProxyTest.class);
      if (found.isPresent()) {
        return found.get();
      }
    }
    return Defaults.class.getAnnotation(ProxyTest.class);
  }

  @ProxyTest
  private static final class Defaults {}

  /** The proxy and KDC of one test or class. */
  private static final class Scope {
    private final List<AutoCloseable> started = new ArrayList<>();
    private Optional<TestProxy> proxy = Optional.empty();
    private Optional<TestKdc> kdc = Optional.empty();

    synchronized TestProxy proxy(ProxyTest settings) throws IOException {
      if (proxy.isEmpty()) {
        proxy = Optional.of(ProxyTestSetup.build(settings, this::kdc));
        started.add(proxy.get());
      }
      return proxy.get();
    }

    synchronized TestKdc kdc() throws IOException {
      if (kdc.isEmpty()) {
        kdc = Optional.of(TestKdc.start());
        started.add(kdc.get());
      }
      return kdc.get();
    }

    synchronized void close() throws IOException {
      IOException failure = null;
      for (int i = started.size() - 1; i >= 0; i--) {
        try {
          started.get(i).close();
        } catch (Exception e) {
          failure = failure == null ? new IOException("Could not close " + started.get(i)) : failure;
          failure.addSuppressed(e);
        }
      }
      started.clear();
      if (failure != null) {
        throw failure;
      }
    }
  }
}
