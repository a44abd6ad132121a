package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The real, non-proxyauth clients pointed at the local proxy: what each runs, what the origin
 * must have received from it, and whether it shows the proxy's response headers to its user.
 */
enum RealClient {
  CURL("curl", CommandLineClients.CURL, "curl") {
    @Override
    ClientOutcome run(ClientTrip trip) throws IOException, InterruptedException {
      return CommandLineClients.curl(trip);
    }
  },
  WGET("wget", CommandLineClients.WGET, "wget") {
    @Override
    ClientOutcome run(ClientTrip trip) throws IOException, InterruptedException {
      return CommandLineClients.wget(trip);
    }

    @Override
    boolean showsProxyHeaders(String target) {
      return target.equals("http"); // a refused CONNECT: only its reason phrase
    }
  },
  PYTHON("python3 urllib", CommandLineClients.PYTHON, "python3") {
    @Override
    ClientOutcome run(ClientTrip trip) throws IOException, InterruptedException {
      return CommandLineClients.python(trip);
    }

    @Override
    boolean showsProxyHeaders(String target) {
      return target.equals("http"); // http.client drops a refused CONNECT's headers
    }
  },
  GIT("git clone (dumb http)", GitClient.GIT, "git") {
    @Override
    ClientOutcome run(ClientTrip trip) throws IOException, InterruptedException {
      return GitClient.cloneRepository(trip);
    }

    @Override
    List<String> expectedHits(ClientTrip trip) {
      return List.of("GET /repo.git/info/refs", "GET /repo.git/HEAD");
    }

    @Override
    String expectedBody(ClientTrip trip) {
      return GitClient.README;
    }
  },
  MAVEN("mvn", MavenClient.MVN, "maven") {
    @Override
    ClientOutcome run(ClientTrip trip) throws IOException, InterruptedException {
      return MavenClient.resolve(trip);
    }

    @Override
    List<String> expectedHits(ClientTrip trip) {
      return List.of("GET " + MavenClient.ARTIFACT + ".pom", "GET " + MavenClient.ARTIFACT
          + ".jar");
    }

    @Override
    String expectedBody(ClientTrip trip) {
      return MavenClient.GREETING;
    }

    @Override
    boolean showsProxyHeaders(String target) {
      return false; // Maven reports a failed transfer's status, never its headers
    }

    @Override
    boolean showsSuccessStatus() {
      return false; // quiet on success; the resolved jar is the proof
    }
  },
  URL_CONNECTION("HttpURLConnection", Optional.empty()) {
    @Override
    ClientOutcome run(ClientTrip trip) throws IOException {
      return JdkClients.urlConnection(trip);
    }

    @Override
    boolean showsProxyHeaders(String target) {
      return target.equals("http"); // a refused CONNECT is an IOException with the status line
    }
  },
  JDK_HTTP_CLIENT("java.net.http HttpClient", Optional.empty()) {
    @Override
    ClientOutcome run(ClientTrip trip) throws IOException {
      return JdkClients.httpClient(trip);
    }
  },
  OKHTTP("OkHttp", Optional.empty()) {
    @Override
    ClientOutcome run(ClientTrip trip) {
      return JdkClients.okHttp(trip);
    }

    @Override
    boolean showsProxyHeaders(String target) {
      return target.equals("http"); // a refused CONNECT is an IOException without headers
    }
  };

  private final String label;
  private final Optional<Path> executable;
  private final String debianPackage;

  RealClient(String label, Path executable, String debianPackage) {
    this.label = label;
    this.executable = Optional.of(executable);
    this.debianPackage = debianPackage;
  }

  RealClient(String label, Optional<Path> inProcess) {
    this.label = label;
    this.executable = inProcess;
    this.debianPackage = "";
  }

  /** Returns the client's name in reports. */
  String label() {
    return label;
  }

  /** Fails or skips (see {@link ToolProcess#require}) when the tool is not installed. */
  void require() {
    executable.ifPresent(path -> ToolProcess.require(path, debianPackage));
  }

  /** Returns what the client reported after one request (or clone, or build) of {@code trip}. */
  abstract ClientOutcome run(ClientTrip trip) throws IOException, InterruptedException;

  /** Returns the "METHOD path [body]" lines the origin must have received. */
  List<String> expectedHits(ClientTrip trip) {
    return List.of("POST /echo " + trip.payload(this));
  }

  /** Returns what the client must have fetched. */
  String expectedBody(ClientTrip trip) {
    return "echo: " + trip.payload(this);
  }

  /** Returns whether the client shows the local proxy's 407 headers for {@code target}. */
  boolean showsProxyHeaders(String target) {
    return true;
  }

  /** Returns whether the client shows the status of a successful response. */
  boolean showsSuccessStatus() {
    return true;
  }

  @Override
  public String toString() {
    return label;
  }
}
