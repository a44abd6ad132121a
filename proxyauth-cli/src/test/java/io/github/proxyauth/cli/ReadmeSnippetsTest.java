package io.github.proxyauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles every fenced {@code java} block of the project README, so the snippets a user copies
 * cannot drift from the API. This module's test classpath holds core, the adapters, the test kit,
 * OkHttp, HttpClient 5, Spring's web client and AssertJ: everything the snippets use. Each block becomes one class: its leading
 * {@code import} lines stay imports, the rest is a method body. The harness imports every package
 * on demand (OkHttp's {@code okhttp3.*} included, the way an application file often does), so a
 * name two packages share must be imported explicitly in the snippet, as a user must; the Apache
 * HttpClient 5 snippet gets that client's packages instead of the JDK's {@code java.net.http}. Free
 * variables the prose introduces ({@code engine}, {@code password}, {@code uri}, {@code origin})
 * are fields, which a snippet may shadow.
 */
class ReadmeSnippetsTest {
  private static final String PACKAGE = String.join("\n",
      "package readme;",
      "import static org.assertj.core.api.Assertions.assertThat;",
      "import io.github.proxyauth.*;",
      "import io.github.proxyauth.discovery.*;",
      "");
  /** The Apache HttpClient 5 snippet: its own imports (its HttpRequest is not the JDK's). */
  private static final String HTTPCLIENT5 = String.join("\n",
      "import io.github.proxyauth.httpclient5.*;",
      "import org.apache.hc.client5.http.impl.classic.*;",
      "import org.apache.hc.client5.http.impl.routing.*;",
      "import org.apache.hc.core5.http.HttpHost;",
      "import org.springframework.http.client.*;",
      "import org.springframework.web.client.*;",
      "");
  private static final String HEADER = String.join("\n",
      "import io.github.proxyauth.*;",
      "import io.github.proxyauth.discovery.*;",
      "import io.github.proxyauth.preflight.*;",
      "import io.github.proxyauth.okhttp.*;",
      "import io.github.proxyauth.jdkhttp.*;",
      "import io.github.proxyauth.testkit.*;",
      "import okhttp3.*;",
      "import java.io.*;",
      "import java.net.*;",
      "import java.net.http.*;",
      "import java.net.http.HttpResponse.BodyHandlers;",
      "import java.nio.file.*;",
      "import java.time.*;",
      "import java.util.*;",
      "");

  @Test
  void everyJavaSnippetOfTheReadmeCompiles(@TempDir Path out) throws IOException {
    List<String> snippets = snippets(Files.readString(readme()));
    assertThat(snippets).as("java blocks in README.md").hasSizeGreaterThanOrEqualTo(6);

    List<JavaFileObject> units = new ArrayList<>();
    for (int i = 0; i < snippets.size(); i++) {
      units.add(source("Snippet" + (i + 1), snippets.get(i)));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    boolean compiled = javac.getTask(diagnostics, null, null, List.of("-d", out.toString(),
        "-classpath", classpath(), "-Xlint:none", "-proc:none"), null, units).call();

    assertThat(compiled).as("README snippets compile:\n%s", diagnostics).isTrue();
  }

  /** Returns the body of each fenced block opened by a line of exactly {@code ```java}. */
  static List<String> snippets(String markdown) {
    List<String> blocks = new ArrayList<>();
    StringBuilder block = null;
    for (String line : markdown.split("\n", -1)) {
      if (block == null && line.strip().equals("```java")) {
        block = new StringBuilder();
      } else if (block != null && line.strip().equals("```")) {
        blocks.add(block.toString());
        block = null;
      } else if (block != null) {
        block.append(line).append('\n');
      }
    }
    return blocks;
  }

  private static JavaFileObject source(String name, String snippet) {
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : snippet.split("\n", -1)) {
      (line.startsWith("import ") ? imports : body).append(line).append('\n');
    }
    String header = PACKAGE + (snippet.contains("ProxyAuthHttpClient5") ? HTTPCLIENT5 : HEADER);
    String code = header + imports + "class " + name + " {\n"
        + "  ProxyAuthenticator engine;\n  char[] password;\n  java.net.URI uri;\n"
        + "  interface Origin { int getPort(); }\n  Origin origin;\n"
        + "  void run() throws Exception {\n" + body + "  }\n}\n";
    return new SimpleJavaFileObject(URI.create("string:///readme/" + name + ".java"),
        JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    };
  }

  private static Path readme() {
    Path here = Path.of("README.md").toAbsolutePath();
    Path parent = Path.of("..", "README.md").toAbsolutePath();
    return Files.exists(parent) ? parent : here;
  }

  private static String classpath() {
    // Surefire puts the test classpath here (java.class.path may be a manifest-only jar).
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }
}
