package io.github.proxyauth.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic byte-level mutations in the style of coverage-less fuzzers: bit flips, interesting
 * bytes, dictionary tokens, deletions, duplications (to grow hostile repetitions), truncation,
 * splicing with another seed and overwriting little-endian length/offset fields. The same seed and
 * random state always give the same output, so a jqwik failure report (seed index and salt)
 * reproduces the input.
 */
public final class FuzzMutator {
  private static final byte[] INTERESTING = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff, '\r', '\n',
      ' ', '\t', '"', ',', '=', '\\', ':', ';', '/', '[', ']', '%', '@', '*', '.'};
  private static final int[] INTERESTING_INTS = {0, 1, 2, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0x7fff,
      0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff};

  private final List<byte[]> seeds;
  private final List<byte[]> dictionary;
  private final int maxLength;

  /** Returns a mutator splicing among {@code seeds}, inserting {@code dictionary} tokens. */
  public FuzzMutator(List<byte[]> seeds, List<String> dictionary, int maxLength) {
    this.seeds = List.copyOf(seeds);
    this.dictionary = dictionary.stream().map(s -> s.getBytes(StandardCharsets.ISO_8859_1))
        .toList();
    this.maxLength = maxLength;
  }

  /** Returns {@code seed} after 1 to 8 mutations chosen by {@code random}. */
  public byte[] mutate(byte[] seed, SplittableRandom random) {
    byte[] data = seed.clone();
    int rounds = 1 + random.nextInt(8);
    for (int i = 0; i < rounds; i++) {
      data = once(data, random);
      if (data.length > maxLength) {
        data = Arrays.copyOf(data, maxLength);
      }
    }
    return data;
  }

  private byte[] once(byte[] data, SplittableRandom r) {
    if (data.length == 0) {
      return token(r);
    }
    int at = r.nextInt(data.length);
    switch (r.nextInt(10)) {
      case 0 -> data[at] ^= (byte) (1 << r.nextInt(8));
      case 1 -> data[at] = INTERESTING[r.nextInt(INTERESTING.length)];
      case 2 -> data = insert(data, at, token(r));
      case 3 -> data = delete(data, at, 1 + r.nextInt(Math.min(16, data.length - at)));
      case 4 -> data = duplicate(data, at, r);
      case 5 -> data = Arrays.copyOf(data, at);
      case 6 -> data = splice(data, at, r);
      case 7 -> data = overwriteInt(data, r);
      case 8 -> data[at] = (byte) r.nextInt(256);
      default -> data = insert(data, at, new byte[] {(byte) r.nextInt(256)});
    }
    return data;
  }

  private byte[] token(SplittableRandom r) {
    return dictionary.isEmpty() ? new byte[] {(byte) r.nextInt(256)}
        : dictionary.get(r.nextInt(dictionary.size()));
  }

  private static byte[] insert(byte[] data, int at, byte[] piece) {
    byte[] out = new byte[data.length + piece.length];
    System.arraycopy(data, 0, out, 0, at);
    System.arraycopy(piece, 0, out, at, piece.length);
    System.arraycopy(data, at, out, at + piece.length, data.length - at);
    return out;
  }

  private static byte[] delete(byte[] data, int at, int n) {
    byte[] out = new byte[data.length - n];
    System.arraycopy(data, 0, out, 0, at);
    System.arraycopy(data, at + n, out, at, data.length - at - n);
    return out;
  }

  /** Repeats a slice up to 1000 times: hostile repetitions find super-linear paths. */
  private byte[] duplicate(byte[] data, int at, SplittableRandom r) {
    int len = 1 + r.nextInt(Math.min(32, data.length - at));
    byte[] slice = Arrays.copyOfRange(data, at, at + len);
    int times = r.nextInt(4) == 0 ? 1 + r.nextInt(1000) : 1 + r.nextInt(4);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(data, 0, at);
    for (int i = 0; i < times && out.size() < maxLength; i++) {
      out.writeBytes(slice);
    }
    out.write(data, at, data.length - at);
    return out.toByteArray();
  }

  private byte[] splice(byte[] data, int at, SplittableRandom r) {
    byte[] other = seeds.get(r.nextInt(seeds.size()));
    int from = other.length == 0 ? 0 : r.nextInt(other.length);
    byte[] out = Arrays.copyOf(data, at + other.length - from);
    System.arraycopy(other, from, out, at, other.length - from);
    return out;
  }

  private static byte[] overwriteInt(byte[] data, SplittableRandom r) {
    int value = r.nextBoolean() ? INTERESTING_INTS[r.nextInt(INTERESTING_INTS.length)]
        : data.length + r.nextInt(9) - 4;
    int width = r.nextBoolean() ? 2 : 4;
    if (data.length < width) {
      return data;
    }
    int at = r.nextInt(data.length - width + 1);
    for (int i = 0; i < width; i++) {
      data[at + i] = (byte) (value >>> (8 * i));
    }
    return data;
  }
}
