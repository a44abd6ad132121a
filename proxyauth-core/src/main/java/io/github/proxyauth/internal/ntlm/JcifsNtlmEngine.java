package io.github.proxyauth.internal.ntlm;

import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jcifs.CIFSContext;
import jcifs.CIFSException;
import jcifs.Configuration;
import jcifs.config.DelegatingConfiguration;
import jcifs.config.PropertyConfiguration;
import jcifs.context.CIFSContextWrapper;
import jcifs.ntlmssp.NtlmFlags;
import jcifs.ntlmssp.Type1Message;
import jcifs.ntlmssp.Type2Message;
import jcifs.ntlmssp.Type3Message;

/**
 * {@link NtlmEngine} over jcifs-ng's NTLMSSP message classes. Those classes read nothing from their
 * {@link CIFSContext} but its {@link Configuration}, so each handshake gets a thin context holding
 * the one shared, network-free configuration with the handshake's own randomness; no jcifs
 * {@code BaseContext} (name service, transport pool) is ever built. The password never becomes a
 * {@code String}: jcifs gets the NT hash, computed here with {@link Md4}.
 */
final class JcifsNtlmEngine implements NtlmEngine {
  static final JcifsNtlmEngine INSTANCE = new JcifsNtlmEngine();

  /** NtlmContext's flags (§2.2.2.5): Unicode, request target, NTLM, sign, ESS, 128-bit, key exchange. */
  private static final int TYPE1_FLAGS = NtlmFlags.NTLMSSP_REQUEST_TARGET
      | NtlmFlags.NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NtlmFlags.NTLMSSP_NEGOTIATE_128
      | NtlmFlags.NTLMSSP_NEGOTIATE_SIGN | NtlmFlags.NTLMSSP_NEGOTIATE_ALWAYS_SIGN
      | NtlmFlags.NTLMSSP_NEGOTIATE_KEY_EXCH;

  private JcifsNtlmEngine() {}

  @Override
  public byte[] negotiate() throws ProxyAuthException {
    try {
      return new Type1Message(context(SharedConfig.get()), TYPE1_FLAGS, null, null)
          .toByteArray();
    } catch (RuntimeException e) {
      throw new ProxyAuthException("NTLM: could not build the Type 1 message: " + e, e);
    }
  }

  @Override
  public byte[] authenticate(byte[] negotiate, NtlmChallenge challenge, Credentials credentials,
      String targetName, Optional<String> workstation, RandomGenerator random)
      throws ProxyAuthException {
    byte[] ntHash = ntHash(credentials.password());
    try {
      return type3(negotiate, challenge, credentials, ntHash, targetName, workstation, random);
    } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
      throw new ProxyAuthException("NTLM: could not answer the challenge of the proxy for user '"
          + credentials.user() + "': " + e.getClass().getSimpleName(), e);
    } finally {
      Arrays.fill(ntHash, (byte) 0);
    }
  }

  private static byte[] type3(byte[] negotiate, NtlmChallenge challenge, Credentials credentials,
      byte[] ntHash, String targetName, Optional<String> workstation, RandomGenerator random)
      throws GeneralSecurityException, java.io.IOException, CIFSException {
    Type2Message type2 = new Type2Message(context(SharedConfig.get()), challenge.flags(),
        challenge.serverChallenge(), null);
    challenge.targetInfo().ifPresent(type2::setTargetInformation);
    String domain = credentials.domain().orElse("");
    // jcifs upper-cases the user with the default locale (wrong under tr-TR): hand it a ROOT one.
    String hashUser = credentials.account().toUpperCase(Locale.ROOT);
    Type3Message type3 = new Type3Message(context(withRandom(random)), type2, targetName,
        ntHash, null, domain, hashUser, workstation.orElse(null), TYPE1_FLAGS & challenge.flags(),
        true);
    if (challenge.unicode()) {
      type3.setUser(credentials.account()); // as typed on the wire; the hash ignores case
    }
    if (!challenge.hasTimestamp()) {
      type3.setLMResponse(lmv2(ntHash, hashUser, domain, challenge, random));
    }
    if (type3.isMICRequired()) {
      type3.setupMIC(negotiate, challenge.raw());
    }
    return type3.toByteArray();
  }

  /**
   * LMv2 (MS-NLMP §3.3.2) as the spec defines it: jcifs upper-cases the domain (and with the
   * default locale), which the spec does not.
   */
  static byte[] lmv2(byte[] ntHash, String user, String domain, NtlmChallenge challenge,
      RandomGenerator random) throws GeneralSecurityException {
    byte[] key = hmacMd5(ntHash, utf16(user + domain));
    byte[] clientChallenge = new byte[8];
    random.nextBytes(clientChallenge);
    byte[] proof = hmacMd5(key, concat(challenge.serverChallenge(), clientChallenge));
    Arrays.fill(key, (byte) 0);
    return concat(proof, clientChallenge);
  }

  /** Returns MD4(UTF-16LE(password)) and clears the password and its encoding. */
  static byte[] ntHash(char[] password) {
    var buffer = StandardCharsets.UTF_16LE.encode(CharBuffer.wrap(password));
    byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
    Arrays.fill(buffer.array(), (byte) 0);
    Arrays.fill(password, '\0');
    try {
      return Md4.digest(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  static byte[] hmacMd5(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacMD5");
    mac.init(new SecretKeySpec(key, "HmacMD5"));
    return mac.doFinal(data);
  }

  private static byte[] utf16(String s) {
    return s.getBytes(StandardCharsets.UTF_16LE);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A context exposing only {@code config}: all that the NTLMSSP message classes read. */
  private static CIFSContext context(Configuration config) {
    return new CIFSContextWrapper(null) {
      @Override
      public Configuration getConfig() {
        return config;
      }
    };
  }

  /** The shared configuration with {@code random} as the source of challenges and keys. */
  private static Configuration withRandom(RandomGenerator random) {
    SecureRandom secureRandom = new InjectedRandom(random);
    return new DelegatingConfiguration(SharedConfig.get()) {
      @Override
      public SecureRandom getRandom() {
        return secureRandom;
      }
    };
  }

  /** A SecureRandom whose bytes come from the engine's injected generator. */
  private static final class InjectedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    InjectedRandom(RandomGenerator random) {
      super(new SecureRandomSpi() {
        private static final long serialVersionUID = 1L;

        @Override
        protected void engineSetSeed(byte[] seed) {}

        @Override
        protected void engineNextBytes(byte[] bytes) {
          random.nextBytes(bytes);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
          byte[] seed = new byte[numBytes];
          random.nextBytes(seed);
          return seed;
        }
      }, null);
    }
  }

  /** The one shared configuration, built on first use: no network, no local-host lookup. */
  private static final class SharedConfig {
    private static final Configuration CONFIG = build();

    static Configuration get() {
      return CONFIG;
    }

    private static Configuration build() {
      Properties p = new Properties();
      p.setProperty("jcifs.smb.lmCompatibility", "3"); // LMv2 + NTLMv2 only
      p.setProperty("jcifs.netbios.laddr", "127.0.0.1");
      p.setProperty("jcifs.netbios.hostname", "PROXYAUTH");
      try {
        return new PropertyConfiguration(p);
      } catch (CIFSException e) {
        throw new IllegalStateException("jcifs-ng rejected its fixed configuration", e);
      }
    }
  }
}
