package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Maven itself (the {@code mvn} on PATH) resolving {@code org.example:greeting:1.0} for a
 * one-dependency project from the origin's Maven repository, with a settings.xml whose proxy is
 * the local one and whose mirror of everything else is that repository. Offline-safe: the local
 * repository is a fresh directory, and the only plugin the run needs, maven-compiler-plugin (its
 * compile goal resolves the project's dependencies), comes from the build's own local repository
 * as a {@code file://} plugin repository, in the version this build uses.
 */
final class MavenClient {
  static final Path MVN = Path.of("/usr/bin/mvn");
  static final String ENTRY = "greeting.txt";
  static final String GREETING = "hello from a Maven repository through the local proxy\n";
  static final String ARTIFACT = "/maven/org/example/greeting/1.0/greeting-1.0";
  private static final String PLUGIN = "maven-compiler-plugin";
  private static final Pattern STATUS = Pattern.compile(
      "(?:status: |status code: |Return code is: )(\\d{3})");

  private MavenClient() {}

  /** Writes the artifact's pom, jar and their .sha1 files under the origin's root, once. */
  static synchronized void repository(Path root) throws IOException {
    Path base = root.resolve(ARTIFACT.substring(1));
    if (Files.exists(Path.of(base + ".jar.sha1"))) {
      return;
    }
    Files.createDirectories(base.getParent());
    byte[] pom = ("<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0"
        + "</modelVersion><groupId>org.example</groupId><artifactId>greeting</artifactId>"
        + "<version>1.0</version></project>\n").getBytes(StandardCharsets.UTF_8);
    Files.write(Path.of(base + ".pom"), pom);
    Files.writeString(Path.of(base + ".pom.sha1"), sha1(pom));
    Path jar = Path.of(base + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(ENTRY));
      out.write(GREETING.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    Files.writeString(Path.of(base + ".jar.sha1"), sha1(Files.readAllBytes(jar)));
  }

  /** Runs the build; the body is {@link #ENTRY} of the jar Maven stored in its local repository. */
  static ClientOutcome resolve(ClientTrip trip) throws IOException, InterruptedException {
    repository(trip.origins().root());
    Path project = Files.createDirectories(trip.work().resolve("project"));
    Path localRepo = trip.work().resolve("m2-repository");
    Files.writeString(project.resolve("pom.xml"), projectPom());
    Path settings = Files.writeString(trip.work().resolve("settings.xml"), settings(trip));
    Path global = Files.writeString(trip.work().resolve("global-settings.xml"), "<settings/>\n");
    ToolProcess.Result result = ToolProcess.run(List.of(MVN.toString(), "-B", "-q", "-s",
        settings.toString(), "-gs", global.toString(), "-Dmaven.repo.local=" + localRepo,
        "org.apache.maven.plugins:" + PLUGIN + ":" + pluginVersion() + ":compile"),
        project, trip.home(), Map.of("JAVA_HOME", System.getProperty("java.home"),
            "MAVEN_SKIP_RC", "1",
            "MAVEN_OPTS", "-Xshare:auto -XX:TieredStopAtLevel=1"
            + " -Djavax.net.ssl.trustStore=" + trip.truststore()
            + " -Djavax.net.ssl.trustStoreType=PKCS12"
            + " -Djavax.net.ssl.trustStorePassword=" + OriginServers.TRUSTSTORE_PASSWORD));
    Path jar = localRepo.resolve(ARTIFACT.substring("/maven/".length()) + ".jar");
    String output = result.out() + result.err();
    return new ClientOutcome(result.exit() == 0, ClientOutcome.firstStatus(STATUS, output), entry(jar),
        ClientOutcome.diagnosisIn(output), result.transcript());
  }

  private static String projectPom() {
    return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0"
        + "</modelVersion><groupId>org.example</groupId><artifactId>uses-greeting</artifactId>"
        + "<version>1</version><dependencies><dependency><groupId>org.example</groupId>"
        + "<artifactId>greeting</artifactId><version>1.0</version></dependency></dependencies>"
        + "</project>\n";
  }

  private static String settings(ClientTrip trip) throws IOException {
    return "<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\">\n"
        + "  <offline>false</offline>\n"
        + "  <proxies><proxy><id>local</id><active>true</active><protocol>http</protocol>"
        + "<host>127.0.0.1</host><port>" + trip.proxyAddress().getPort() + "</port>"
        + "</proxy></proxies>\n"
        + "  <mirrors><mirror><id>lab</id><mirrorOf>*,!cached-plugins</mirrorOf><url>"
        + trip.url("/maven") + "</url></mirror></mirrors>\n"
        + "  <profiles><profile><id>plugins</id><pluginRepositories><pluginRepository>"
        + "<id>cached-plugins</id><url>" + buildRepository().toUri() + "</url>"
        + "</pluginRepository></pluginRepositories></profile></profiles>\n"
        + "  <activeProfiles><activeProfile>plugins</activeProfile></activeProfiles>\n"
        + "</settings>\n";
  }

  /** Returns the local repository this build resolved its test classpath from. */
  static Path buildRepository() throws IOException {
    try {
      // .../repository/org/junit/jupiter/junit-jupiter-api/<version>/<jar>
      Path jar = Path.of(org.junit.jupiter.api.Test.class.getProtectionDomain().getCodeSource()
          .getLocation().toURI());
      Path repository = jar;
      for (int i = 0; i < 6; i++) {
        repository = repository.getParent();
      }
      if (!Files.isDirectory(repository.resolve("org/apache/maven/plugins/" + PLUGIN))) {
        throw new IOException("Expected the build's local repository (with " + PLUGIN + ") six"
            + " levels above " + jar + " but " + repository + " has no " + PLUGIN);
      }
      return repository;
    } catch (URISyntaxException e) {
      throw new IOException("The JUnit jar's location is not a file URI", e);
    }
  }

  /** Returns the maven-compiler-plugin version of the parent pom's pluginManagement. */
  static String pluginVersion() throws IOException {
    Path pom = Path.of(System.getProperty("user.dir")).resolveSibling("pom.xml");
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      NodeList plugins = factory.newDocumentBuilder().parse(pom.toFile())
          .getElementsByTagName("plugin");
      for (int i = 0; i < plugins.getLength(); i++) {
        Element plugin = (Element) plugins.item(i);
        if (PLUGIN.equals(text(plugin, "artifactId")) && !text(plugin, "version").isEmpty()) {
          return text(plugin, "version");
        }
      }
      throw new IOException("Expected a " + PLUGIN + " with a version in " + pom);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("Could not read " + pom, e);
    }
  }

  private static String text(Element parent, String child) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(child)) {
        return element.getTextContent().trim();
      }
    }
    return "";
  }

  private static String entry(Path jar) throws IOException {
    if (!Files.exists(jar)) {
      return "";
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      JarEntry entry = file.getJarEntry(ENTRY);
      return entry == null ? "" : new String(file.getInputStream(entry).readAllBytes(),
          StandardCharsets.UTF_8);
    }
  }

  private static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-1", e);
    }
  }
}
