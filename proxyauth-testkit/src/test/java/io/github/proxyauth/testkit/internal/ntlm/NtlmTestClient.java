package io.github.proxyauth.testkit.internal.ntlm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An NTLMv2 client written for the tests only: it lays out its own messages and reads the Type 2
 * itself, sharing nothing with the server code but the vector-pinned {@link Md4}. Fixed client
 * challenge and session key make its output deterministic.
 */
public final class NtlmTestClient {
  /** Flags like a modern client: Unicode, NTLM, signing, extended security, 128, key exchange. */
  public static final int MODERN = 0x00000001 | 0x00000004 | 0x00000010 | 0x00000200
      | 0x00008000 | 0x00080000 | 0x20000000 | 0x40000000 | 0x80000000;
  /** Flags like the JDK's HttpURLConnection: no signing, no key exchange. */
  public static final int PLAIN = 0x00000001 | 0x00000004 | 0x00000200 | 0x00080000;

  private final int flags;
  private final boolean sendMic;
  private final byte[] clientChallenge = hex("aaaaaaaaaaaaaaaa");
  private final byte[] randomSessionKey = hex("55555555555555555555555555555555");

  /** Creates a client with {@code flags} in its Type 1, sending a MIC when {@code sendMic}. */
  public NtlmTestClient(int flags, boolean sendMic) {
    this.flags = flags;
    this.sendMic = sendMic;
  }

  /** Returns a 32-byte NEGOTIATE_MESSAGE with empty domain and workstation fields. */
  public byte[] type1() {
    ByteBuffer out = le(32);
    out.put("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(flags);
    out.putShort((short) 0).putShort((short) 0).putInt(32);
    out.putShort((short) 0).putShort((short) 0).putInt(32);
    return out.array();
  }

  /** Returns the AUTHENTICATE_MESSAGE answering {@code type2} for these credentials. */
  public byte[] type3(byte[] type1, byte[] type2, String domain, String user, String password) {
    ByteBuffer challenge = ByteBuffer.wrap(type2).order(ByteOrder.LITTLE_ENDIAN);
    int negotiated = flags & challenge.getInt(20);
    byte[] serverChallenge = Arrays.copyOfRange(type2, 24, 32);
    int infoLength = challenge.getShort(40) & 0xffff;
    int infoOffset = challenge.getInt(44);
    byte[] info = Arrays.copyOfRange(type2, infoOffset, infoOffset + infoLength);
    byte[] temp = temp(info);
    byte[] key = hmac(Md4.digest(utf16(password)), utf16(user.toUpperCase(Locale.ROOT) + domain));
    byte[] proof = hmac(key, serverChallenge, temp);
    byte[] sessionBaseKey = hmac(key, proof);
    boolean keyExchange = (negotiated & 0x40000000) != 0;
    byte[] exported = keyExchange ? randomSessionKey : sessionBaseKey;
    byte[] encryptedKey = keyExchange ? rc4(sessionBaseKey, randomSessionKey) : new byte[0];
    byte[] message = layout(negotiated, domain, user, concat(proof, temp), encryptedKey);
    if (sendMic) {
      byte[] mic = hmac(exported, type1, type2, message);
      System.arraycopy(mic, 0, message, 72, 16);
    }
    return message;
  }

  /** NTLMv2 blob: the server's AV pairs (timestamp kept), plus MsvAvFlags=2 for a MIC. */
  private byte[] temp(byte[] serverInfo) {
    byte[] timestamp = new byte[8];
    int at = 0;
    ByteArrayOutputStream pairs = new ByteArrayOutputStream();
    while (true) {
      int id = (serverInfo[at] & 0xff) | (serverInfo[at + 1] & 0xff) << 8;
      int len = (serverInfo[at + 2] & 0xff) | (serverInfo[at + 3] & 0xff) << 8;
      if (id == 0) {
        break;
      }
      if (id == 7) {
        timestamp = Arrays.copyOfRange(serverInfo, at + 4, at + 12);
      }
      pairs.write(serverInfo, at, 4 + len);
      at += 4 + len;
    }
    if (sendMic) {
      pairs.writeBytes(hex("0600040002000000"));
    }
    pairs.writeBytes(new byte[4]);
    return concat(hex("0101000000000000"), timestamp, clientChallenge, new byte[4],
        pairs.toByteArray(), new byte[4]);
  }

  private byte[] layout(int negotiated, String domain, String user, byte[] nt, byte[] key) {
    byte[][] payload = {utf16(domain), utf16(user), utf16("WORKSTATION"), new byte[24], nt, key};
    int[] fieldOrder = {28, 36, 44, 12, 20, 52};
    int header = sendMic ? 88 : 72;
    int total = header + Arrays.stream(payload).mapToInt(p -> p.length).sum();
    ByteBuffer out = le(total);
    out.put("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII)).putInt(3);
    out.putInt(60, negotiated);
    out.put(64, hex("0a00614a0000000f"));
    int offset = header;
    for (int i = 0; i < payload.length; i++) {
      out.putShort(fieldOrder[i], (short) payload[i].length);
      out.putShort(fieldOrder[i] + 2, (short) payload[i].length);
      out.putInt(fieldOrder[i] + 4, offset);
      out.put(offset, payload[i]);
      offset += payload[i].length;
    }
    return out.array();
  }

  static byte[] hmac(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacMD5");
      mac.init(new SecretKeySpec(key, "HmacMD5"));
      Arrays.stream(parts).forEach(mac::update);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] rc4(byte[] key, byte[] data) {
    try {
      Cipher cipher = Cipher.getInstance("ARCFOUR");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
      return cipher.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Arrays.stream(parts).forEach(out::writeBytes);
    return out.toByteArray();
  }

  static byte[] utf16(String s) {
    return s.getBytes(StandardCharsets.UTF_16LE);
  }

  static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
