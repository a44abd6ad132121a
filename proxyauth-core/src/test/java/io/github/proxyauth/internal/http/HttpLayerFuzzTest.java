package io.github.proxyauth.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.fuzz.FuzzBudget;
import io.github.proxyauth.fuzz.FuzzCorpus;
import io.github.proxyauth.fuzz.FuzzMutator;
import io.github.proxyauth.internal.http.HttpProtocolException.Side;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
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
 * Mutation fuzzing of the one HTTP/1.1 layer, both ways it reads: responses from a proxy (head,
 * interim responses, framing, the capped 407 drain and the relay's copy) and requests to the
 * relay (head, request line, framing, body copy). Every byte sequence yields a message or an
 * {@link HttpProtocolException} (nothing else: no runtime exception, no untyped IOException), and
 * the bytes read stay within the documented limits even when the peer never stops sending
 * (counted, not timed). Seeds: {@code fuzz/http-head} and {@code fuzz/http-request}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HttpLayerFuzzTest {
  static final String RESPONSES = "http-head";
  static final String REQUESTS = "http-request";
  static final List<byte[]> RESPONSE_SEEDS = FuzzCorpus.load(RESPONSES);
  static final List<byte[]> REQUEST_SEEDS = FuzzCorpus.load(REQUESTS);
  static final FuzzMutator RESPONSE_MUTATOR = new FuzzMutator(RESPONSE_SEEDS, List.of("\r\n",
      "\n", "\r", "\r\n\r\n", "HTTP/1.1 ", "HTTP/1.0 407 ", "Content-Length: ",
      "Transfer-Encoding: chunked\r\n", "Connection: close\r\n", "7fffffffffffffff\r\n",
      "ffffffffffffffff", "-1", ";x=y", "\r\n0\r\n\r\n", " : ", "\u0085", "\u0000", ", 5",
      "chunked, gzip", " \t"), 140_000);
  static final FuzzMutator REQUEST_MUTATOR = new FuzzMutator(REQUEST_SEEDS, List.of("\r\n", "\n",
      "\r", "\r\n\r\n", " ", "HTTP/1.1", "Content-Length: 99999\r\n",
      "Transfer-Encoding: chunked\r\n", "Content-Length: 1, 2\r\n", "Expect: 100-continue\r\n",
      "CONNECT ", "http://", ":0", "[::1]:80", "\u0000", "Proxy-Relay-Token: \r\n",
      "Connection: close\r\n", "ffffffffffffffff\r\n"), 70_000);
  /** Nine heads (interim responses), the drain cap, and slack for chunk and trailer lines. */
  static final long WORK_BOUND = HeadReader.MAX_HEAD_BYTES * (ProxyHandshake.MAX_INTERIM + 2L)
      + ProxyHandshake.DRAIN_CAP + 2L * HeadReader.MAX_HEAD_BYTES;

  @AfterContainer
  static void report() {
    FuzzBudget.report();
  }

  @Provide
  Arbitrary<byte[]> responses() {
    return FuzzCorpus.seeds(RESPONSES);
  }

  @Provide
  Arbitrary<byte[]> requests() {
    return FuzzCorpus.seeds(REQUESTS);
  }

  @Property(tries = 2000, seed = FuzzBudget.SEED)
  void mutatedResponsesYieldAMessageOrAProtocolException(@ForAll("responses") byte[] seed,
      @ForAll long salt) {
    for (int i = 0; i < FuzzBudget.scale(); i++) {
      byte[] input = RESPONSE_MUTATOR.mutate(seed, new SplittableRandom(FuzzBudget.salt(salt, i)));
      readResponse(new CountingStream(input, null), true);
      readResponse(new CountingStream(input, null), false);
      FuzzBudget.count(RESPONSES);
    }
  }

  /** The same inputs followed by an endless stream: reading must stop within the limits. */
  @Property(tries = 500, seed = FuzzBudget.SEED)
  void aProxyThatNeverStopsSendingIsReadOnlyUpToTheLimits(@ForAll("responses") byte[] seed,
      @ForAll long salt) {
    for (int i = 0; i < FuzzBudget.scale(); i++) {
      SplittableRandom random = new SplittableRandom(FuzzBudget.salt(salt, i));
      byte[] input = RESPONSE_MUTATOR.mutate(seed, random);
      byte[] filler = RESPONSE_MUTATOR.mutate(RESPONSE_SEEDS.get(random.nextInt(
          RESPONSE_SEEDS.size())), random);
      readResponse(new CountingStream(input, filler), true);
      FuzzBudget.count(RESPONSES + "-endless");
    }
  }

  @Property(tries = 2000, seed = FuzzBudget.SEED)
  void mutatedRequestsYieldAMessageOrAProtocolException(@ForAll("requests") byte[] seed,
      @ForAll long salt) {
    for (int i = 0; i < FuzzBudget.scale(); i++) {
      SplittableRandom random = new SplittableRandom(FuzzBudget.salt(salt, i));
      byte[] input = REQUEST_MUTATOR.mutate(seed, random);
      readRequest(new CountingStream(input, null), true);
      byte[] filler = REQUEST_MUTATOR.mutate(REQUEST_SEEDS.get(random.nextInt(
          REQUEST_SEEDS.size())), random);
      readRequest(new CountingStream(input, filler), false);
      FuzzBudget.count(REQUESTS);
    }
  }

  @Test
  void aChunkSizeThatOverflowsTheRunningTotalStopsAtTheDrainCap() {
    readResponse(new CountingStream(latin1("HTTP/1.1 407 x\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n1\r\nA\r\n7fffffffffffff\r\n"), latin1("a")), true);
  }

  @Test
  void endlessTrailerFieldsStopAtALimit() {
    readResponse(new CountingStream(latin1("HTTP/1.1 407 x\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n0\r\n"), latin1("X-Trailer: y\r\n")), true);
  }

  @Test
  void endlessInterimResponsesStopAtALimit() {
    readResponse(new CountingStream(new byte[0], latin1("HTTP/1.1 103 Early\r\n\r\n")), true);
  }

  /**
   * Reads interim heads and a final head as the handshake does, then drains (the 407 path) or
   * copies (the relay's forward path) its body: only protocol exceptions may end it.
   */
  static void readResponse(CountingStream in, boolean drain) {
    try {
      Optional<Head> head = HeadReader.read(in, Side.RESPONSE);
      for (int interim = 0; head.isPresent() && head.get().status() / 100 == 1
          && interim < ProxyHandshake.MAX_INTERIM; interim++) {
        head = HeadReader.read(in, Side.RESPONSE);
      }
      if (head.isEmpty()) {
        return;
      }
      StatusLine status = StatusLine.parse(head.get().startLine());
      assertThat(status.code()).isBetween(100, 999);
      assertThat(status.version()).isIn("HTTP/1.1", "HTTP/1.0");
      head.get().keepAlive();
      Framing framing = Framing.ofResponse(head.get(), "GET", status.code());
      if (drain) {
        Bodies.drain(in, framing, ProxyHandshake.DRAIN_CAP);
      } else {
        Bodies.copy(in, OutputStream.nullOutputStream(), framing);
      }
    } catch (HttpProtocolException e) {
      assertThat(e.getMessage()).startsWith("Expected ");
      assertThat(e.side()).isEqualTo(Side.RESPONSE);
    } catch (IOException e) {
      throw new AssertionError("an untyped IOException", e);
    } catch (WorkBoundExceeded e) {
      throw new AssertionError("read " + in.count + " bytes from a proxy that never stops: no"
          + " limit ended the read", e);
    }
  }

  /** Reads a request head and its framing, and copies the body of a finite input. */
  static void readRequest(CountingStream in, boolean copyBody) {
    try {
      Optional<Head> head = HeadReader.read(in, Side.REQUEST);
      if (head.isEmpty()) {
        return;
      }
      RequestLine line = RequestLine.parse(head.get().startLine());
      assertThat(line.version()).isIn("HTTP/1.1", "HTTP/1.0");
      head.get().keepAlive();
      Framing framing = Framing.ofRequest(head.get());
      if (copyBody) {
        Bodies.copy(in, OutputStream.nullOutputStream(), framing);
      }
    } catch (HttpProtocolException e) {
      assertThat(e.getMessage()).startsWith("Expected ");
      assertThat(e.side()).isEqualTo(Side.REQUEST);
    } catch (IOException e) {
      throw new AssertionError("an untyped IOException", e);
    } catch (WorkBoundExceeded e) {
      throw new AssertionError("read " + in.count + " bytes of a request: no limit ended it", e);
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

    @Override
    public int available() {
      return count < input.length ? (int) (input.length - count) : 0;
    }
  }
}
