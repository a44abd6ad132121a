package io.github.proxyauth.benchmarks.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * Runs several operations interleaved in one JVM, one of each per round in an order shuffled
 * anew each round (seeded, so runs repeat), and times every operation. Whatever the machine does
 * meanwhile (other builds, JIT, GC, CPU frequency) falls on all of them alike, so their ratios
 * hold where separate runs drift apart. Shuffled rather than rotated (A B C, B C A, ...): in a
 * rotation each operation always follows the same one, so the work one leaves behind after it
 * returns (cntlm closing its connections, Squid's helper) always fell on the same neighbour,
 * which once made proxyauth-jdkhttp look 66% slower than the relay it wraps (+18% when it came
 * before cntlm instead). One thread; warm-up rounds are not recorded.
 */
final class Interleaved {
  /** One operation. */
  @FunctionalInterface
  interface Operation {
    /** Runs once; throws when the result is wrong. */
    void run() throws Exception;
  }

  /**
   * The timings of one operation.
   *
   * @param nanos every recorded operation's duration, sorted
   */
  record Timings(long[] nanos) {
    double meanMicros() {
      return Arrays.stream(nanos).average().orElse(Double.NaN) / 1e3;
    }

    double percentileMicros(double p) {
      return nanos.length == 0 ? Double.NaN
          : nanos[Math.min(nanos.length - 1, (int) Math.ceil(p / 100 * nanos.length) - 1)] / 1e3;
    }

    /** Writes {@code prefix.n, .mean.us, .p50.us, .p99.us}. */
    void store(Properties out, String prefix) {
      out.setProperty(prefix + ".n", Integer.toString(nanos.length));
      out.setProperty(prefix + ".mean.us", fmt(meanMicros()));
      out.setProperty(prefix + ".p50.us", fmt(percentileMicros(50)));
      out.setProperty(prefix + ".p99.us", fmt(percentileMicros(99)));
    }
  }

  /** The shuffle's seed: the same orders in every run. */
  private static final long SEED = 17;

  private Interleaved() {}

  /**
   * Returns the timings of each operation (in the map's order) after {@code warmup} then {@code
   * measure} of wall time, both spent in whole rounds.
   */
  static Map<String, Timings> forDuration(Map<String, Operation> ops, Duration warmup,
      Duration measure) throws Exception {
    rounds(ops, warmup, Integer.MAX_VALUE, false);
    return rounds(ops, measure, Integer.MAX_VALUE, true);
  }

  /** Returns the timings of {@code rounds} rounds after {@code warmupRounds} unrecorded ones. */
  static Map<String, Timings> forRounds(Map<String, Operation> ops, int warmupRounds, int rounds)
      throws Exception {
    rounds(ops, Duration.ofDays(1), warmupRounds, false);
    return rounds(ops, Duration.ofDays(1), rounds, true);
  }

  private static Map<String, Timings> rounds(Map<String, Operation> ops, Duration budget,
      int maxRounds, boolean record) throws Exception {
    List<String> names = new ArrayList<>(ops.keySet());
    List<List<Long>> times = new ArrayList<>();
    names.forEach(n -> times.add(new ArrayList<>()));
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < names.size(); k++) {
      order.add(k);
    }
    Random random = new Random(SEED);
    long end = System.nanoTime() + budget.toNanos();
    for (int round = 0; round < maxRounds && System.nanoTime() < end; round++) {
      Collections.shuffle(order, random);
      for (int k : order) {
        long t0 = System.nanoTime();
        try {
          ops.get(names.get(k)).run();
        } catch (Exception e) {
          throw new IllegalStateException("Operation '" + names.get(k) + "' failed in round "
              + round, e);
        }
        times.get(k).add(System.nanoTime() - t0);
      }
    }
    Map<String, Timings> result = new LinkedHashMap<>();
    for (int k = 0; k < names.size(); k++) {
      result.put(names.get(k), new Timings(record
          ? times.get(k).stream().mapToLong(Long::longValue).sorted().toArray() : new long[0]));
    }
    return result;
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
