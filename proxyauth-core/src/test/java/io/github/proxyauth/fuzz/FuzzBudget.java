package io.github.proxyauth.fuzz;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How much each fuzz property runs, and how much it ran. Every jqwik try runs {@link #scale()}
 * inputs derived from its seed and salt: 1 in the normal build (a regression run), more with
 * {@code -Dproxyauth.fuzz.scale=N} for a long run. Executions are counted per target and printed
 * by {@link #report()}, which the fuzz classes call after their properties.
 */
public final class FuzzBudget {
  /**
   * The fixed jqwik seed of every fuzz property: the regression run replays the same inputs in
   * every build; {@code -Dproxyauth.fuzz.salt=N} explores others.
   */
  public static final String SEED = "20261128";

  private static final Map<String, AtomicLong> EXECUTIONS = new ConcurrentHashMap<>();

  private FuzzBudget() {}

  /** Returns the inputs per jqwik try: {@code proxyauth.fuzz.scale}, default 1. */
  public static int scale() {
    return Math.max(1, Integer.getInteger("proxyauth.fuzz.scale", 1));
  }

  /** Returns the mutation salt of input {@code i} of a try whose jqwik salt is {@code salt}. */
  public static long salt(long salt, int i) {
    return salt + i * 0x9E3779B97F4A7C15L + Long.getLong("proxyauth.fuzz.salt", 0L) * 31;
  }

  /** Counts one execution of {@code target}. */
  public static void count(String target) {
    EXECUTIONS.computeIfAbsent(target, t -> new AtomicLong()).incrementAndGet();
  }

  /** Returns the executions of {@code target} so far in this JVM. */
  public static long executions(String target) {
    AtomicLong n = EXECUTIONS.get(target);
    return n == null ? 0 : n.get();
  }

  /** Prints the execution counts so far (surefire keeps them in the test's output file). */
  public static void report() {
    Map<String, Long> sorted = new TreeMap<>();
    EXECUTIONS.forEach((k, v) -> sorted.put(k, v.get()));
    System.out.println("proxyauth fuzz executions (scale " + scale() + "): " + sorted);
  }
}
