/**
 * For adapter and scheme authors: what an adapter drives ({@link io.github.proxyauth.spi.AuthExchange}),
 * what a scheme implements ({@link io.github.proxyauth.AuthScheme}, {@link io.github.proxyauth.spi.AuthSession})
 * and the values they see ({@link io.github.proxyauth.spi.AuthRequest},
 * {@link io.github.proxyauth.spi.AuthContext}, {@link io.github.proxyauth.spi.Challenge}). Applications
 * need none of it: they configure a {@link io.github.proxyauth.ProxyAuthenticator} and an adapter.
 *
 * <h2>Challenge parsing</h2>
 *
 * <p>{@link io.github.proxyauth.spi.Challenge#parse(String)} parses {@code Proxy-Authenticate} field values strictly, per RFC 9110 §11.6.1 and §11.7.1 with
 * the list, token and quoted-string rules of §5.6:
 *
 * <pre>
 * Proxy-Authenticate = #challenge
 * challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 * auth-param = token BWS "=" BWS ( token / quoted-string )
 * token68    = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
 * </pre>
 *
 * <p>Decisions where the RFC leaves room:
 * <ul>
 *   <li>Empty list elements ({@code ", ,"}) and OWS around commas are skipped (§5.6.1). A value
 *       with no challenge at all (empty, blanks, only commas) yields an empty list: the grammar is
 *       {@code #challenge}, zero or more.
 *   <li>After a comma, {@code token BWS "="} continues the parameters of the preceding challenge;
 *       any other token starts a new challenge. So {@code Basic realm="a", Digest realm="b"} is two
 *       challenges and {@code Digest realm="b", nonce="x"} is one. A parameter after a token68
 *       challenge, or before any scheme, is an error.
 *   <li>After the auth-scheme, a run of characters from the token68 alphabet, optional {@code =}
 *       padding and then the end of the element is a token68; so {@code Basic realm=} is a
 *       token68 {@code "realm="}, exactly as the grammar reads it.
 *   <li>The separator between the scheme and its token68 or parameters must be SP (the grammar's
 *       {@code 1*SP}); HTAB is accepted only where the grammar has OWS or BWS.
 *   <li>Quoted-strings accept obs-text: %x80-FF as a Latin-1 decoding client hands it over, and
 *       characters above U+00FF as a UTF-8 decoding one (OkHttp) does ({@code realm="Büro €"}).
 *       Tokens (schemes, parameter names and token values) stay ASCII, and ASCII controls except
 *       HTAB (CR, LF, NUL, DEL, ...) are rejected anywhere.
 *   <li>A {@code ','} right after the scheme ends that challenge: {@code Basic, realm="x"} is an
 *       error (an auth-param without a scheme), not Basic with a realm.
 *   <li>Scheme and parameter names are lower-cased (by {@link io.github.proxyauth.spi.Challenge}); values, the realm
 *       included, keep their case. A parameter name repeated in one challenge is rejected
 *       (§11.2), whatever its case.
 * </ul>
 *
 * <p>Limits, each reported with a {@link io.github.proxyauth.spi.MalformedChallengeException} and never by truncation:
 * 65,536 characters per field value, 64 parameters per challenge and 64 challenges per field
 * value. Parsing takes time linear in
 * the length of the value and uses no recursion or regular expressions.
 *
 */
@NullMarked
package io.github.proxyauth.spi;

import org.jspecify.annotations.NullMarked;
