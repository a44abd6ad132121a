/**
 * Digest (RFC 7616), split into parsing the challenge ({@code DigestChallenge}), computing the
 * response as a pure function ({@code DigestCompute}) and formatting the header
 * ({@code DigestHeader}); not API.
 */
@NullMarked
package io.github.proxyauth.internal.digest;

import org.jspecify.annotations.NullMarked;
