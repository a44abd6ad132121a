package io.github.proxyauth.spi;

/**
 * A cursor over one field value with the RFC 9110 §5.6 character classes. Every method moves
 * forward only, so the parser built on it runs in linear time without recursion.
 */
final class ChallengeReader {
  private static final int EXCERPT = 40;

  private final String value;
  private int pos;
  private int challengeStart;
  /** What the value is, for error messages: "challenge" or "field value". */
  private final String what;

  ChallengeReader(String value) {
    this(value, "challenge");
  }

  ChallengeReader(String value, String what) {
    this.value = value;
    this.what = what;
  }

  int pos() {
    return pos;
  }

  boolean atEnd() {
    return pos >= value.length();
  }

  char peek() {
    return value.charAt(pos);
  }

  char charAt(int index) {
    return value.charAt(index);
  }

  boolean at(char c) {
    return pos < value.length() && value.charAt(pos) == c;
  }

  /** Marks where the current challenge starts, for the excerpt in error messages. */
  void markChallenge() {
    challengeStart = pos;
  }

  /** Skips OWS: SP and HTAB. */
  void skipOws() {
    pos = skipWhitespace(pos);
  }

  /** Skips empty list elements: OWS and commas (RFC 9110 §5.6.1 lets a recipient see them). */
  void skipEmptyElements() {
    while (pos < value.length() && (isWhitespace(value.charAt(pos)) || value.charAt(pos) == ',')) {
      pos++;
    }
  }

  /** Returns the index of the first non-SP/HTAB character at or after {@code from}. */
  int skipWhitespace(int from) {
    int i = from;
    while (i < value.length() && isWhitespace(value.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Returns true when the next element reads {@code token BWS "="}: an auth-param. */
  boolean paramAhead() {
    int end = tokenEnd(pos);
    if (end == pos) {
      return false;
    }
    int next = skipWhitespace(end);
    return next < value.length() && value.charAt(next) == '=';
  }

  /**
   * Returns true when a token68 follows: token68 characters, optional {@code =} padding, then OWS
   * and the end of the element. Anything else after the scheme must be an auth-param list.
   */
  boolean token68Ahead() {
    int i = pos;
    while (i < value.length() && isToken68Char(value.charAt(i))) {
      i++;
    }
    if (i == pos) {
      return false;
    }
    while (i < value.length() && value.charAt(i) == '=') {
      i++;
    }
    i = skipWhitespace(i);
    return i == value.length() || value.charAt(i) == ',';
  }

  /** Returns the token at the cursor, or an empty string (cursor unmoved) when there is none. */
  String optionalToken() {
    int end = tokenEnd(pos);
    String token = value.substring(pos, end);
    pos = end;
    return token;
  }

  void skip(int n) {
    pos += n;
  }

  String token(String what) throws MalformedChallengeException {
    int end = tokenEnd(pos);
    if (end == pos) {
      throw fail(what + " (a token)");
    }
    String token = value.substring(pos, end);
    pos = end;
    return token;
  }

  String token68() {
    int start = pos;
    while (pos < value.length() && isToken68Char(value.charAt(pos))) {
      pos++;
    }
    while (pos < value.length() && value.charAt(pos) == '=') {
      pos++;
    }
    return value.substring(start, pos);
  }

  void expect(char c, String what) throws MalformedChallengeException {
    if (!at(c)) {
      throw fail(what);
    }
    pos++;
  }

  /** Reads a quoted-string and returns it with quoted-pairs resolved (RFC 9110 §5.6.4). */
  String quotedString() throws MalformedChallengeException {
    expect('"', "'\"' opening a quoted-string");
    int start = pos;
    while (pos < value.length() && isQdText(value.charAt(pos))) {
      pos++; // the common case: no quoted-pair, so the value is a plain substring
    }
    if (pos < value.length() && value.charAt(pos) == '"') {
      return value.substring(start, pos++);
    }
    StringBuilder out = new StringBuilder(value.length() - start).append(value, start, pos);
    while (true) {
      if (atEnd()) {
        throw fail("'\"' closing the quoted-string");
      }
      char c = value.charAt(pos);
      if (c == '"') {
        pos++;
        return out.toString();
      }
      if (c == '\\') {
        pos++;
        if (atEnd() || !isQuotedPairChar(value.charAt(pos))) {
          throw fail("HTAB, SP, VCHAR or obs-text after '\\' in a quoted-pair");
        }
        out.append(value.charAt(pos++));
      } else if (!isQdText(c)) {
        throw fail("qdtext (HTAB, SP, visible ASCII or obs-text) in a quoted-string");
      }
      int run = pos;
      while (pos < value.length() && isQdText(value.charAt(pos))) {
        pos++;
      }
      out.append(value, run, pos); // copy plain runs in one go
    }
  }

  /** Returns an exception for a problem at the current position. */
  MalformedChallengeException fail(String expected) {
    return failAt(expected, pos, found(pos));
  }

  MalformedChallengeException failAt(String expected, int index, String found) {
    return new MalformedChallengeException("Expected " + expected + " at index " + index
        + " but found " + found + " in " + what + " " + excerpt(index), index);
  }

  private String found(int index) {
    if (index >= value.length()) {
      return "end of input";
    }
    char c = value.charAt(index);
    String code = String.format("U+%04X", (int) c);
    return printable(c) ? "'" + c + "' (" + code + ")" : code;
  }

  /** Returns at most 40 characters around {@code index}, controls replaced, so logs stay safe. */
  private String excerpt(int index) {
    int from = Math.max(challengeStart, index - EXCERPT / 2);
    from = Math.min(from, value.length());
    int to = Math.min(value.length(), from + EXCERPT);
    StringBuilder out = new StringBuilder("'");
    if (from > 0) {
      out.append("...");
    }
    for (int i = from; i < to; i++) {
      char c = value.charAt(i);
      out.append(printable(c) ? c : '?');
    }
    return out.append(to < value.length() ? "...'" : "'").toString();
  }

  private int tokenEnd(int from) {
    int i = from;
    while (i < value.length() && isTchar(value.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean printable(char c) {
    return (c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0xFF);
  }

  static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }

  /** RFC 9110 §5.6.2: tchar. */
  static boolean isTchar(char c) {
    return c < 128 && TCHAR[c];
  }

  /** RFC 9110 §11.2: token68 characters before the padding. */
  static boolean isToken68Char(char c) {
    return c < 128 && TOKEN68[c];
  }

  private static final boolean[] TCHAR = table("!#$%&'*+-.^_`|~");
  private static final boolean[] TOKEN68 = table("-._~+/");

  private static boolean[] table(String symbols) {
    boolean[] table = new boolean[128];
    for (char c = 0; c < 128; c++) {
      table[c] = isAlphaNum(c) || symbols.indexOf(c) >= 0;
    }
    return table;
  }

  /**
   * RFC 9110 §5.6.4: qdtext, obs-text included. Above U+00FF too: a client that decodes header
   * bytes as UTF-8 (OkHttp) turns obs-text octets into such characters ('€', CJK, emoji).
   */
  static boolean isQdText(char c) {
    return c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B)
        || (c >= 0x5D && c <= 0x7E) || c >= 0x80;
  }

  /** RFC 9110 §5.6.4: the character after a backslash in a quoted-pair (obs-text as above). */
  static boolean isQuotedPairChar(char c) {
    return c == '\t' || (c >= 0x20 && c <= 0x7E) || c >= 0x80;
  }

  private static boolean isAlphaNum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
