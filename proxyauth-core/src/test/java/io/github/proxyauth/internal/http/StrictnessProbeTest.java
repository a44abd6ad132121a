package io.github.proxyauth.internal.http;

import static io.github.proxyauth.internal.http.Wire.failsWith;
import static io.github.proxyauth.internal.http.Wire.readMessage;

import io.github.proxyauth.internal.http.HttpProtocolException.Side;
import io.github.proxyauth.internal.http.HttpProtocolException.Violation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The probe table of issue 15: inputs on which the two former parsers (core's and the relay's)
 * disagreed, and more. Each row is the strict RFC 9112 answer of the one layer, for a response
 * from the proxy and for a request to the relay alike: the specific violation, not any
 * IOException.
 */
class StrictnessProbeTest {
  private static final String OK = "HTTP/1.1 407 Proxy Authentication Required\r\n";
  private static final String POST = "POST http://o.test/ HTTP/1.1\r\nHost: o.test\r\n";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      bare CR in a value                 | X-A: a\\rInjected: 1\\r\\n                       | BARE_CR
      bare CR before the line end        | X-A: a\\r\\r\\n                                  | BARE_CR
      NUL in a name                      | X-\\0A: 1\\r\\n                                  | CONTROL_CHARACTER
      NUL in a value                     | X-A: a\\0b\\r\\n                                 | CONTROL_CHARACTER
      DEL in a value                     | X-A: a\\u007fb\\r\\n                             | CONTROL_CHARACTER
      vertical tab in a name             | Content\\u000bLength: 0\\r\\n                    | CONTROL_CHARACTER
      obs-fold                           | X-A: a\\r\\n  b\\r\\n                            | OBSOLETE_LINE_FOLDING
      space before the colon             | Content-Length : 0\\r\\n                         | MALFORMED_FIELD
      tab before the colon               | Transfer-Encoding\\t: chunked\\r\\n              | MALFORMED_FIELD
      no colon                           | garbage\\r\\n                                    | MALFORMED_FIELD
      separator in a name                | X(y): 1\\r\\n                                    | MALFORMED_FIELD
      equal lengths as a list            | Content-Length: 5, 5\\r\\n                       | MULTIPLE_CONTENT_LENGTH
      equal lengths in two fields        | Content-Length: 5\\r\\nContent-Length: 5\\r\\n   | MULTIPLE_CONTENT_LENGTH
      differing lengths                  | Content-Length: 5\\r\\nContent-Length: 6\\r\\n   | MULTIPLE_CONTENT_LENGTH
      signed length                      | Content-Length: +5\\r\\n                         | INVALID_CONTENT_LENGTH
      hex length                         | Content-Length: 0x5\\r\\n                        | INVALID_CONTENT_LENGTH
      empty length                       | Content-Length: \\r\\n                           | INVALID_CONTENT_LENGTH
      19-digit length                    | Content-Length: 9999999999999999999\\r\\n        | INVALID_CONTENT_LENGTH
      chunked then gzip                  | Transfer-Encoding: chunked, gzip\\r\\n           | UNSUPPORTED_TRANSFER_CODING
      gzip then chunked                  | Transfer-Encoding: gzip, chunked\\r\\n           | UNSUPPORTED_TRANSFER_CODING
      chunked twice                      | Transfer-Encoding: chunked\\r\\nTransfer-Encoding: chunked\\r\\n | UNSUPPORTED_TRANSFER_CODING
      identity                           | Transfer-Encoding: identity\\r\\n                | UNSUPPORTED_TRANSFER_CODING
      length and chunked                 | Content-Length: 5\\r\\nTransfer-Encoding: chunked\\r\\n | CONTENT_LENGTH_WITH_TRANSFER_ENCODING
      """)
  void rejectsInAResponseAndARequest(String row, String fields, Violation violation) {
    String unescaped = unescape(fields);

    failsWith(() -> readMessage(OK + unescaped + "\r\n", Side.RESPONSE), Side.RESPONSE,
        violation);
    failsWith(() -> readMessage(POST + unescaped + "\r\n", Side.REQUEST), Side.REQUEST,
        violation);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      HTTP/2 status line          | HTTP/2 200 OK\\r\\n\\r\\n                          | MALFORMED_START_LINE
      two-digit status            | HTTP/1.1 20 OK\\r\\n\\r\\n                         | MALFORMED_START_LINE
      status 099                  | HTTP/1.1 099 x\\r\\n\\r\\n                         | MALFORMED_START_LINE
      empty head                  | \\r\\n\\r\\n                                       | MALFORMED_START_LINE
      whitespace after the status | HTTP/1.1 200 OK\\r\\n X: 1\\r\\n\\r\\n             | OBSOLETE_LINE_FOLDING
      TE in HTTP/1.0              | HTTP/1.0 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | TRANSFER_ENCODING_IN_HTTP10
      chunk size not hex          | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n | MALFORMED_CHUNK
      bare CR in a chunk extension | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n5;a=\\rX\\r\\nhello\\r\\n0\\r\\n\\r\\n | BARE_CR
      chunk data without CRLF     | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n1\\r\\nab\\r\\n | MALFORMED_CHUNK
      16 hex digits of size       | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n1000000000000000\\r\\n | MALFORMED_CHUNK
      trailer without colon       | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\nnot a field\\r\\n\\r\\n | MALFORMED_FIELD
      short body                  | HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\n\\r\\nabc | TRUNCATED
      cut head                    | HTTP/1.1 200 OK\\r\\nX-A: 1 | TRUNCATED
      """)
  void rejectsInAResponse(String row, String message, Violation violation) {
    failsWith(() -> readMessage(unescape(message), Side.RESPONSE), Side.RESPONSE, violation);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      HTTP/0.9 request line     | GET http://o.test/\\r\\n\\r\\n                     | MALFORMED_START_LINE
      two spaces                | GET  http://o.test/ HTTP/1.1\\r\\n\\r\\n           | MALFORMED_START_LINE
      bare CR in the target     | GET http://o.test/\\rX HTTP/1.1\\r\\n\\r\\n        | BARE_CR
      method not a token        | G(T http://o.test/ HTTP/1.1\\r\\n\\r\\n            | MALFORMED_START_LINE
      TE in HTTP/1.0            | POST http://o.test/ HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | TRANSFER_ENCODING_IN_HTTP10
      """)
  void rejectsInARequest(String row, String message, Violation violation) {
    failsWith(() -> readMessage(unescape(message), Side.REQUEST), Side.REQUEST, violation);
  }

  /** Turns the table's {@code \r \n \t \0 \\u00XX} escapes into characters. */
  static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char next = s.charAt(++i);
      switch (next) {
        case 'r' -> out.append('\r');
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case '0' -> out.append('\0');
        case 'u' -> {
          out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(next);
      }
    }
    return out.toString();
  }
}
