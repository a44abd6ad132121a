package io.github.proxyauth.cli;

/** The help texts; lines stay under 80 columns. */
final class Usage {
  static final String MAIN = """
      Usage: proxyauth <command> [options]

      Gets HTTP clients through authenticating proxies (Negotiate, NTLM,
      Digest, Basic), and tells you why when it cannot.

      Commands:
        demo     run every scheme through both clients against local test
                 proxies (no setup needed)
        fetch    fetch a URL through the proxy, like curl
        doctor   check the route to a URL: proxy, challenges, credentials
        serve    a local proxy on 127.0.0.1:3128 that authenticates upstream,
                 for every tool (curl, Maven, Gradle, npm, pip, git)

      Run 'proxyauth <command> --help' for its options.
      Exit codes: 0 ok, 1 request failed, 2 usage, 3 proxy unreachable,
      4 authentication failed, 5 no usable scheme, 6 configuration error,
      7 tunnel failed (proxy let us in, origin unreachable or refused),
      8 no proxy configured (doctor).
      """;

  private static final String OPTIONS = """
      Proxy and credentials:
        --proxy URL            http://[user[:password]@]host[:port]; default:
                               https_proxy, http_proxy, no_proxy and the
                               JVM's http(s).proxyHost properties; an
                               https:// proxy is spoken to over TLS
        --proxy-ca FILE        trust the PEM certificates in FILE (and the
                               JDK's CAs) for https:// proxies
        --pac FILE|URL         PAC script, used when no proxy above applies
                               (default: PROXYAUTH_PAC); re-read on change
        --user USER            user, also DOMAIN\\user or user@domain (NTLM)
        --password-env VAR     read the password from environment variable VAR
        --password-file FILE   read the password from the first line of FILE
                               (there is no --password: keep it off the
                               command line; the proxy URL's userinfo and
                               the proxy variables also work)
        --credentials-file F   host[:port] user password per line (see the
                               README), consulted after --user
        --scheme S             any|basic|digest|ntlm|negotiate (default any:
                               the strongest the proxy offers)
      Kerberos (Negotiate; default: KRB5CCNAME or the default ticket cache):
        --principal P          client principal, with --keytab or a password
        --keytab FILE          client keytab for --principal
        --ccache FILE          ticket cache written by kinit
        --krb5-conf FILE       krb5.conf (sets java.security.krb5.conf)
      Output:
        -v, --verbose          show each exchange on stderr, secrets masked
        --json                 print a JSON summary instead of text
        -h, --help             show this help
      """;

  static final String FETCH = """
      Usage: proxyauth fetch URL [options]

      Fetches URL through the proxy and prints the body (like curl).
      Exit 0 when a response arrived, whatever its status.

      Client and TLS:
        --client C             okhttp|jdk (default okhttp, jdk for an https://
                               proxy; jdk is java.net.http through
                               proxyauth's local relay)
        --insecure             trust any origin certificate (testing only)
        --cacert FILE          trust the PEM certificates in FILE
        --repeat N             send the request N times on the same client
        --timeout T            bound each proxy handshake (connect, every 407
                               leg, the tunnel's answer): seconds (30, 30s)
                               or milliseconds (500ms); default 30s
      """ + OPTIONS + """

      --json prints: url, client, status, scheme, attempts (Proxy-Authorization
      values sent), challenges (407s received), proxyRequests and
      proxyConnections (as the client saw them; see the README), results.
      """;

  static final String DOCTOR = """
      Usage: proxyauth doctor [URL] [options]

      Checks the route to URL (default https://example.com/): which proxy and
      why, whether it is reachable, what it asks for, which scheme your
      credentials can answer, and one authenticated request to the proxy (it
      never reaches the origin). Checks every proxy of a PAC fail-over list.
      Prints what to fix when something fails. Exit 0 when the route works,
      else 3 unreachable, 4 authentication failed, 5 no usable scheme,
      6 configuration error (also a failing PAC script), 7 tunnel failed
      after authentication, 8 no proxy configured.

        --timeout T            bound each network step: seconds (10, 10s) or
                               milliseconds (500ms); default 10s
      """ + OPTIONS + """

      --json prints one object, schemaVersion 1: see docs/doctor-json.md.
      """;

  static final String SERVE = """
      Usage: proxyauth serve [options]

      Runs a local proxy that authenticates to the upstream proxy for every
      client: export https_proxy=http://127.0.0.1:3128 http_proxy=$https_proxy
      Runs until SIGTERM (drains in-flight requests, exit 0); SIGHUP re-reads
      the config file. See docs/SERVE.md.

      Serving:
        --listen HOST:PORT     where to listen (default 127.0.0.1:3128; port 0
                               picks a free one); a non-loopback address needs
                               --allow
        --allow CIDR[,CIDR]    let clients from these networks in (gateway
                               mode; loopback is always allowed); repeatable
        --local-user U         require Basic credentials from clients, with
        --local-password-file F  the password on the first line of F
        --access-log FILE|-|none  one line per request (default -: stderr)
        --admin HOST:PORT      loopback admin endpoint: /healthz, /metrics,
                               /explain?url=URL
        --health-url URL       what /healthz checks the route to (default
                               https://example.com/); repeatable
        --pac-refresh T        check the PAC file or URL for changes every T
                               (default 5s for a file, 300s for a URL; 0:
                               every request)
        --config FILE          settings as Java properties, keys named like
                               the options (listen=..., allow=a,b); options
                               given here override the file
      """ + OPTIONS.replaceFirst("(?s)Output:.*", """
      Output:
        -v, --verbose          show each engine event on stderr, secrets masked
        -h, --help             show this help
      """);

  static final String DEMO = """
      Usage: proxyauth demo

      Starts local test proxies (Basic, Digest, NTLM, and Negotiate with an
      in-process Kerberos KDC) and a local web server (http and https), then
      fetches through every proxy with both clients (OkHttp, java.net.http)
      and prints a table. Exit 0 when every cell passes. Needs no network.
      """;

  private Usage() {}
}
