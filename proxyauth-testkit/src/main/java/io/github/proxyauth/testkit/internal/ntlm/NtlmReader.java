package io.github.proxyauth.testkit.internal.ntlm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Bounds-checked little-endian reads from one NTLM message; every fault is a typed exception. */
final class NtlmReader {
  /** Largest NTLM message the proxy accepts; real ones are well under 2 KiB. */
  static final int MAX_MESSAGE = 16 * 1024;

  private static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);

  private final byte[] message;
  private final String kind;

  private NtlmReader(byte[] message, String kind) {
    this.message = message;
    this.kind = kind;
  }

  /** Checks signature, message type and minimum length, then returns a reader. */
  static NtlmReader open(byte[] message, int type, int minLength, String kind)
      throws MalformedNtlmException {
    if (message.length > MAX_MESSAGE) {
      throw new MalformedNtlmException(
          "Expected an " + kind + " of at most " + MAX_MESSAGE + " bytes but got "
              + message.length);
    }
    if (message.length < 12 || !Arrays.equals(message, 0, 8, SIGNATURE, 0, 8)) {
      throw new MalformedNtlmException(
          "Expected the signature 'NTLMSSP\\0' at offset 0 of the " + kind + " ("
              + message.length + " bytes)");
    }
    NtlmReader reader = new NtlmReader(message, kind);
    int actualType = reader.u32(8);
    if (actualType != type) {
      throw new MalformedNtlmException(
          "Expected message type " + type + " (" + kind + ") but got " + actualType);
    }
    reader.require(minLength, "the fixed header");
    return reader;
  }

  int length() {
    return message.length;
  }

  void require(int length, String what) throws MalformedNtlmException {
    if (message.length < length) {
      throw new MalformedNtlmException(
          "Expected at least " + length + " bytes for " + what + " of the " + kind
              + " but the message is truncated at " + message.length + " bytes");
    }
  }

  int u16(int offset) {
    return (message[offset] & 0xff) | (message[offset + 1] & 0xff) << 8;
  }

  int u32(int offset) {
    return u16(offset) | u16(offset + 2) << 16;
  }

  /** Returns the payload a security buffer (len, maxlen, offset) at {@code field} points to. */
  byte[] buffer(int field, String name) throws MalformedNtlmException {
    require(field + 8, "the " + name + " fields");
    int length = u16(field);
    long offset = u32(field + 4) & 0xffffffffL;
    if (length == 0) {
      return new byte[0];
    }
    if (offset + length > message.length) {
      throw new MalformedNtlmException(
          "Expected the " + name + " (" + length + " bytes at offset " + offset
              + ") inside the " + kind + " of " + message.length + " bytes, but it points outside");
    }
    return Arrays.copyOfRange(message, (int) offset, (int) offset + length);
  }

  /** Returns the offset of a non-empty security buffer, or the message length for an empty one. */
  int bufferStart(int field) {
    return u16(field) == 0 ? message.length : (int) Math.min(u32(field + 4) & 0xffffffffL,
        message.length);
  }
}
