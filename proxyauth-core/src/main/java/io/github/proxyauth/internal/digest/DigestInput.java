package io.github.proxyauth.internal.digest;

import java.nio.charset.Charset;
import java.util.Optional;

/**
 * The non-secret inputs of one Digest response (RFC 7616 §3.4.1). The password is passed next to
 * it, never inside, so that no {@code toString()} can show it.
 *
 * @param charset encodes user, realm and password (A1); UTF-8 or ISO-8859-1
 * @param qop {@code auth}, {@code auth-int}, or empty for an RFC 2069 response
 * @param cnonce the client nonce; unused without qop
 * @param nc the nonce count as 8 hex digits; unused without qop
 * @param uri the digest-uri: the request-target exactly as sent
 */
record DigestInput(DigestAlgorithm algorithm, Charset charset, String user, String realm,
    String nonce, Optional<String> qop, String cnonce, String nc, String method, String uri) {}
