/** Harnesses outside JMH (cold start across fresh JVMs, heap) and the report renderer. */
@NullMarked
package io.github.proxyauth.benchmarks.harness;

import org.jspecify.annotations.NullMarked;
