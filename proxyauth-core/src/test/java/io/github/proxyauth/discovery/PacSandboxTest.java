package io.github.proxyauth.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.internal.pac.PacEngine;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Scripts that try to leave the sandbox are refused. */
class PacSandboxTest {
  private static final URI TARGET = URI.create("https://x.example/");

  private static PacScript body(String body) throws ProxyAuthException {
    return PacScript.builder().resolver(host -> List.of())
        .source("hostile.pac", "function FindProxyForURL(url, host) { " + body + " }").build();
  }

  @Test
  void javaPackagesAreNotReachableFromAPacFile() throws Exception {
    PacScript script = PacScript.builder().file(PacScriptTest.resource("reads-java-system.pac")).build();

    assertThatThrownBy(() -> script.findProxyForUrl(TARGET))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("failed while evaluating FindProxyForURL for https://x.example/")
        .hasMessageContaining("\"java\" is not defined");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "return String(java.lang.System.getProperty('user.home'));",
      "return String(Packages.java.lang.System.getProperty('user.home'));",
      "importClass(java.io.File); return 'DIRECT';",
      "importPackage(java.io); return 'DIRECT';",
      "return String(JavaImporter);",
      "return String(new JavaAdapter(Object, {}));",
      "return String(Java.type('java.lang.System'));",
      "return String(getClass('x'));",
      "return String(''.getClass().getName());",
      "return String(org.mozilla.javascript.Context);",
      "return String(this.constructor.constructor('return java')().lang);",
      "return String(Function('return this')().java.lang);",
      "return String(eval('java.lang.Runtime'));",
      "load('/etc/passwd'); return 'DIRECT';",
      "return readFile('/etc/passwd');",
      "return readUrl('http://127.0.0.1:1/');",
      "runCommand('id'); return 'DIRECT';",
      "return String(sync(function() {}));",
      "return String(spawn(function() {}));",
      "print('x'); return 'DIRECT';",
      "quit(); return 'DIRECT';",
      "return String(dnsResolve.getClass());",
      "return String(XML('<a/>'));"})
  void escapeAttemptsFailInsteadOfRunning(String body) throws Exception {
    PacScript script = body(body);

    assertThatThrownBy(() -> script.findProxyForUrl(TARGET))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageStartingWith("PAC script hostile.pac failed while evaluating FindProxyForURL");
  }

  @Test
  void topLevelEscapeAttemptFailsTheBuild() {
    assertThatThrownBy(() -> PacScript.builder()
        .source("top.pac", "var f = java.io.File; function FindProxyForURL(u, h) { return 'DIRECT'; }")
        .build())
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("failed while loading");
  }

  @Test
  void helpersReturnPlainScriptValues() throws Exception {
    PacScript script = body("return [typeof dnsResolve('10.0.0.1'), typeof isPlainHostName(host),"
        + " typeof dnsDomainLevels(host), String(dnsResolve('nowhere.example'))].join(' ');");

    assertThat(script.findProxyForUrl(TARGET)).isEqualTo("string boolean number null");
  }

  @Test
  void standardObjectsAreSealed() throws Exception {
    PacScript script = body("Object.prototype.toString = function() { return 'x'; }; return 'DIRECT';");

    assertThatThrownBy(() -> script.findProxyForUrl(TARGET)).isInstanceOf(ProxyAuthException.class);
  }

  @Test
  void missingRhinoIsAClearError() {
    assertThatThrownBy(() -> PacEngine.requireClass("org.mozilla.javascript.NoSuchContext",
        getClass().getClassLoader()))
        .isInstanceOf(ProxyAuthException.class)
        .hasMessageContaining("PAC scripts need Mozilla Rhino")
        .hasMessageContaining("org.mozilla:rhino:1.8.0");
  }
}
