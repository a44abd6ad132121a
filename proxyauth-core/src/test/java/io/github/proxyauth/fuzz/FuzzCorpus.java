package io.github.proxyauth.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * The seed corpus of one fuzz target: every file under {@code src/test/resources/fuzz/<target>/},
 * one seed per file, read as raw bytes. Files ending in {@code .b64} hold binary seeds as base64
 * text (NTLM messages); the loader decodes them.
 */
public final class FuzzCorpus {
  private FuzzCorpus() {}

  /** Returns the seeds of {@code target}, sorted by file name; fails when there are none. */
  public static List<byte[]> load(String target) {
    URL url = FuzzCorpus.class.getClassLoader().getResource("fuzz/" + target);
    if (url == null) {
      throw new IllegalStateException("no seed corpus at fuzz/" + target + " on the class path");
    }
    List<byte[]> seeds = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      for (Path file : files.sorted().toList()) {
        byte[] bytes = Files.readAllBytes(file);
        seeds.add(file.getFileName().toString().endsWith(".b64")
            ? java.util.Base64.getMimeDecoder().decode(bytes) : bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (seeds.isEmpty()) {
      throw new IllegalStateException("empty seed corpus at fuzz/" + target);
    }
    return List.copyOf(seeds);
  }

  /** Returns the seeds of {@code target} decoded as ISO-8859-1 text (one char per byte). */
  public static List<String> loadText(String target) {
    return load(target).stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
  }

  /** Returns an arbitrary that picks one seed of {@code target}. */
  public static Arbitrary<byte[]> seeds(String target) {
    return Arbitraries.of(load(target));
  }
}
