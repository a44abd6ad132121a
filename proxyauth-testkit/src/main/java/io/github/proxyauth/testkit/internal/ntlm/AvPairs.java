package io.github.proxyauth.testkit.internal.ntlm;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** AV_PAIR lists (MS-NLMP §2.2.2.1): the target info of a CHALLENGE and an NTLMv2 blob. */
final class AvPairs {
  public static final int EOL = 0;
  public static final int NB_COMPUTER_NAME = 1;
  public static final int NB_DOMAIN_NAME = 2;
  public static final int DNS_COMPUTER_NAME = 3;
  public static final int DNS_DOMAIN_NAME = 4;
  public static final int FLAGS = 6;
  public static final int TIMESTAMP = 7;
  /** MsvAvFlags bit: the AUTHENTICATE message carries a MIC. */
  public static final int FLAG_MIC_PRESENT = 0x2;

  private AvPairs() {}

  /** One attribute-value pair; {@code value} is raw bytes (names are UTF-16LE). */
  public record AvPair(int id, byte[] value) {}

  /** Returns the encoding of {@code pairs} followed by MsvAvEOL. */
  public static byte[] encode(List<AvPair> pairs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (AvPair pair : pairs) {
      writeU16(out, pair.id());
      writeU16(out, pair.value().length);
      out.writeBytes(pair.value());
    }
    writeU16(out, EOL);
    writeU16(out, 0);
    return out.toByteArray();
  }

  /**
   * Returns the pairs in {@code data[start..]} up to MsvAvEOL (excluded).
   *
   * @throws MalformedNtlmException when a pair runs past the end or MsvAvEOL is missing
   */
  public static List<AvPair> parse(byte[] data, int start) throws MalformedNtlmException {
    List<AvPair> pairs = new ArrayList<>();
    int at = start;
    while (true) {
      if (at + 4 > data.length) {
        throw new MalformedNtlmException(
            "Expected an AV_PAIR header at offset " + at + " but the list ends at " + data.length
                + " without MsvAvEOL");
      }
      int id = u16(data, at);
      int length = u16(data, at + 2);
      if (id == EOL) {
        return pairs;
      }
      if (at + 4 + length > data.length) {
        throw new MalformedNtlmException(
            "Expected AV_PAIR " + id + " of " + length + " bytes at offset " + at
                + " inside the " + data.length + "-byte list, but it runs past the end");
      }
      pairs.add(new AvPair(id, Arrays.copyOfRange(data, at + 4, at + 4 + length)));
      at += 4 + length;
    }
  }

  /** Returns the value of the first pair with {@code id}, or empty when there is none. */
  public static Optional<byte[]> find(List<AvPair> pairs, int id) {
    return pairs.stream().filter(p -> p.id() == id).map(AvPair::value).findFirst();
  }

  /** Returns the MsvAvFlags value, or 0 when absent or not 4 bytes long. */
  public static int flags(List<AvPair> pairs) {
    return find(pairs, FLAGS).filter(v -> v.length == 4).map(v -> u16(v, 0) | u16(v, 2) << 16)
        .orElse(0);
  }

  static int u16(byte[] data, int at) {
    return (data[at] & 0xff) | (data[at + 1] & 0xff) << 8;
  }

  static void writeU16(ByteArrayOutputStream out, int value) {
    out.write(value & 0xff);
    out.write((value >>> 8) & 0xff);
  }
}
