package io.github.proxyauth.internal.negotiate;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the first principal of an MIT keytab (format 0x0502), the way MIT Kerberos picks the
 * client of {@code KRB5_CLIENT_KTNAME}. The JDK's public {@code KeyTab} API cannot list
 * principals.
 */
public final class Keytabs {
  private static final int MAX_BYTES = 1 << 20;

  private Keytabs() {}

  /**
   * Returns the first principal in {@code file}, as {@code name/instance@REALM}.
   *
   * @throws IllegalArgumentException when the file cannot be read or is not a v2 keytab
   */
  public static String firstPrincipal(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw bad(file, "larger than " + MAX_BYTES + " bytes");
      }
      ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
      if (in.remaining() < 2 || in.get() != 5 || in.get() != 2) {
        throw bad(file, "not an MIT keytab of version 0x0502");
      }
      return firstEntry(in, file);
    } catch (IOException e) {
      throw new IllegalArgumentException("KRB5_CLIENT_KTNAME keytab " + file
          + " cannot be read: " + e.getMessage(), e);
    } catch (BufferUnderflowException e) {
      throw bad(file, "truncated entry");
    }
  }

  private static String firstEntry(ByteBuffer in, Path file) {
    while (in.remaining() >= 4) {
      int size = in.getInt();
      if (size < 0) {
        in.position(Math.addExact(in.position(), -size)); // a hole left by a deleted entry
        continue;
      }
      if (size == 0) {
        break;
      }
      int components = in.getShort() & 0xffff;
      String realm = counted(in);
      List<String> names = new ArrayList<>();
      for (int i = 0; i < components; i++) {
        names.add(counted(in));
      }
      return String.join("/", names) + "@" + realm;
    }
    throw bad(file, "holds no entry");
  }

  private static String counted(ByteBuffer in) {
    byte[] bytes = new byte[in.getShort() & 0xffff];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException bad(Path file, String what) {
    return new IllegalArgumentException("KRB5_CLIENT_KTNAME keytab " + file + " is " + what);
  }
}
