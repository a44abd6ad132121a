/** JMH benchmarks of proxyauth against its peers (Apache HttpClient 5, OkHttp, the JDK). */
@NullMarked
package io.github.proxyauth.benchmarks;

import org.jspecify.annotations.NullMarked;
