package io.github.proxyauth.cli;

import static io.github.proxyauth.cli.Cli.PASSWORD;
import static io.github.proxyauth.cli.Cli.WRONG;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.github.proxyauth.testkit.TestProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validates real {@code doctor --json} output, one run per outcome, against the JSON Schema block
 * of {@code docs/doctor-json.md}: the documented contract, not a copy of it.
 */
class DoctorJsonSchemaTest {
  static final Map<String, String> ENV = Map.of("PW", PASSWORD, "BAD", WRONG);
  static final ObjectMapper MAPPER = new ObjectMapper();
  static DemoOrigin origin;
  static Schema schema;
  @TempDir Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    origin = Cli.httpsOrigin();
    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(documentedSchema());
  }

  @AfterAll
  static void tearDown() {
    origin.close();
  }

  /** Returns the {@code json} code block under "## Schema" in docs/doctor-json.md. */
  static String documentedSchema() throws Exception {
    Path doc = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/doctor-json.md");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("## Schema.*?```json\\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertThat(m.find()).as("a ```json block under ## Schema in " + doc).isTrue();
    return m.group(1);
  }

  @Test
  void everyOutcomeMatchesTheDocumentedSchema() throws Exception {
    List<Integer> exits = new ArrayList<>();
    String target = origin.url().toString();
    try (TestProxy digest = Cli.proxy("digest"); TestProxy ntlm = Cli.proxy("ntlm");
        TestProxy open = TestProxy.builder().build()) {
      String d = digest.url().toString();
      exits.add(check("--proxy", d, "--user", "alice", "--password-env", "PW", target));
      exits.add(check("--proxy", "http://127.0.0.1:" + Cli.closedPort(), target));
      exits.add(check("--proxy", d, "--user", "alice", "--password-env", "BAD", target));
      exits.add(check("--proxy", ntlm.url().toString(), "--scheme", "basic", "--user", "alice",
          "--password-env", "PW", target));
      exits.add(check("--proxy", "socks5://127.0.0.1:1080", target));
      exits.add(check("--proxy", open.url().toString(),
          "http://127.0.0.1:" + Cli.closedPort() + "/"));
      exits.add(check(target));
      Path pac = Files.writeString(dir.resolve("p.pac"), "function FindProxyForURL(u, h) {"
          + " return 'PROXY 127.0.0.1:" + Cli.closedPort() + "; PROXY 127.0.0.1:" + digest.port()
          + "; DIRECT'; }");
      exits.add(check("--pac", pac.toString(), "--user", "alice", "--password-env", "PW",
          target));
      Path bad = Files.writeString(dir.resolve("bad.pac"), "function FindProxyForURL(u, h) {"
          + " return 42; }");
      exits.add(check("--pac", bad.toString(), target));
    }
    assertThat(exits).containsExactly(0, 3, 4, 5, 6, 7, 8, 0, 6);
  }

  /** Runs doctor with {@code args} and --json, validates the output and returns the exit code. */
  int check(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("doctor", "--json"));
    all.addAll(List.of(args));
    Cli.Result result = Cli.run(ENV, all.toArray(String[]::new));
    JsonNode json = MAPPER.readTree(result.out());
    List<Error> errors = schema.validate(json);
    assertThat(errors).as("schema errors for %s in %s", all, result.out()).isEmpty();
    assertThat(json.get("exitCode").asInt()).isEqualTo(result.exit());
    Set<String> names = new HashSet<>();
    long sum = 0;
    for (JsonNode step : json.get("steps")) {
      assertThat(names.add(step.get("name").asText())).as("unique name in %s", result.out())
          .isTrue();
      sum += step.get("millis").asLong();
    }
    assertThat(sum).as("step millis sum within total in %s", result.out())
        .isLessThanOrEqualTo(json.get("totalMillis").asLong());
    assertThat(result.all()).doesNotContain(PASSWORD).doesNotContain(WRONG);
    return result.exit();
  }
}
