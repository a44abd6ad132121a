package io.github.proxyauth.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxyauth.fuzz.FuzzBudget;
import io.github.proxyauth.fuzz.FuzzCorpus;
import io.github.proxyauth.fuzz.FuzzMutator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutation fuzzing of proxy response heads and bodies ({@link HttpWire#readHead},
 * {@link HttpWire#drainBody}): every byte sequence yields a head or an {@link IOException}, and
 * the bytes read stay within the documented limits even when the proxy never stops sending
 * (counted, not timed).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpWireFuzzTest {
  static final String TARGET = "http-head";
  static final List<byte[]> SEEDS = FuzzCorpus.load(TARGET);
  static final FuzzMutator MUTATOR = new FuzzMutator(SEEDS, List.of("\r\n", "\n", "\r\n\r\n",
      "HTTP/1.1 ", "HTTP/1.0 407 ", "Content-Length: ", "Transfer-Encoding: chunked\r\n",
      "Connection: close\r\n", "7fffffffffffffff\r\n", "ffffffffffffffff", "-1", ";x=y",
      "\r\n0\r\n\r\n", " : ", "\u0085"), 140_000);
  /** Nine heads (interim responses), the drain limit, and slack for chunk lines. */
  static final long WORK_BOUND = HttpWire.MAX_HEAD * 9L + HttpWire.MAX_DRAIN + 64 * 1024;

  @AfterContainer
  static void report() {
    FuzzBudget.report();
  }

  @Provide
  Arbitrary<byte[]> seeds() {
    return FuzzCorpus.seeds(TARGET);
  }

  @Property(tries = 2000, seed = FuzzBudget.SEED)
  void mutatedResponsesYieldAHeadOrAnIoException(@ForAll("seeds") byte[] seed, @ForAll long salt) {
    for (int i = 0; i < FuzzBudget.scale(); i++) {
      byte[] input = MUTATOR.mutate(seed, new SplittableRandom(FuzzBudget.salt(salt, i)));
      readsWithinBounds(new CountingStream(input, null));
      FuzzBudget.count(TARGET);
    }
  }

  /** The same inputs followed by an endless stream: reading must stop within the limits. */
  @Property(tries = 500, seed = FuzzBudget.SEED)
  void aProxyThatNeverStopsSendingIsReadOnlyUpToTheLimits(@ForAll("seeds") byte[] seed,
      @ForAll long salt) {
    for (int i = 0; i < FuzzBudget.scale(); i++) {
      SplittableRandom random = new SplittableRandom(FuzzBudget.salt(salt, i));
      byte[] input = MUTATOR.mutate(seed, random);
      byte[] filler = MUTATOR.mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
      readsWithinBounds(new CountingStream(input, filler));
      FuzzBudget.count("http-head-endless");
    }
  }

  @Test
  void anEmptyHeadIsAProtocolErrorNotAnIndexOutOfBounds() {
    Throwable thrown = catchThrowable(() -> HttpWire.readHead(
        new ByteArrayInputStream(latin1("\r\n\r\n"))));

    assertThat(thrown).isInstanceOf(IOException.class);
  }

  @Test
  void aChunkSizeThatOverflowsTheRunningTotalStopsAtTheDrainLimit() {
    readsWithinBounds(new CountingStream(latin1("HTTP/1.1 407 x\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n1\r\nA\r\n7fffffffffffffff\r\n"), latin1("a")));
  }

  @Test
  void endlessTrailerFieldsStopAtALimit() {
    readsWithinBounds(new CountingStream(latin1("HTTP/1.1 407 x\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n0\r\n"), latin1("X-Trailer: y\r\n")));
  }

  /** Reads a head and drains its body: only IOExceptions may end it, within the work bound. */
  static void readsWithinBounds(CountingStream in) {
    try {
      ResponseHead head = HttpWire.readHead(in);
      assertThat(head.status()).isBetween(100, 999);
      assertThat(head.version()).isIn("HTTP/1.1", "HTTP/1.0");
      head.closesConnection();
      HttpWire.drainBody(head, in);
    } catch (IOException e) {
      assertThat(e.getMessage()).isNotBlank();
    } catch (WorkBoundExceeded e) {
      throw new AssertionError("read " + in.count + " bytes from a proxy that never stops: no"
          + " limit ended the read", e);
    }
  }

  static byte[] latin1(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Thrown (unchecked, so no IOException handler swallows it) when reading exceeds the bound. */
  static final class WorkBoundExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WorkBoundExceeded() {
      super("work bound of " + WORK_BOUND + " bytes exceeded");
    }
  }

  /** Counts bytes read; after the input, repeats {@code filler} forever (or ends when null). */
  static final class CountingStream extends InputStream {
    private final byte[] input;
    private final byte[] filler;
    private long count;

    CountingStream(byte[] input, byte[] filler) {
      this.input = input;
      this.filler = filler == null || filler.length == 0 ? null : filler;
    }

    @Override
    public int read() {
      int b;
      if (count < input.length) {
        b = input[(int) count] & 0xff;
      } else if (filler != null) {
        b = filler[(int) ((count - input.length) % filler.length)] & 0xff;
      } else {
        return -1;
      }
      if (++count > WORK_BOUND) {
        throw new WorkBoundExceeded();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) {
      int n = 0;
      for (; n < len; n++) {
        int b = read();
        if (b < 0) {
          return n == 0 ? -1 : n;
        }
        buffer[off + n] = (byte) b;
      }
      return n;
    }
  }
}
