package dev.taskbridge.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on loopback with a self-signed certificate no client trusts: every handshake fails,
 * so no request ever reaches it. The certificate is made once per JVM with the JDK's keytool.
 */
final class UntrustedTlsServer implements AutoCloseable {

  private static final char[] PASSWORD = "changeit".toCharArray();
  private static @org.jspecify.annotations.Nullable SSLContext context;

  private final SSLServerSocket server;

  UntrustedTlsServer() {
    try {
      server =
          (SSLServerSocket)
              context()
                  .getServerSocketFactory()
                  .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread t = new Thread(this::acceptLoop, "untrusted-tls");
    t.setDaemon(true);
    t.start();
  }

  URI endpoint() {
    return URI.create("https://127.0.0.1:" + server.getLocalPort());
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        ((SSLSocket) s).startHandshake();
        InputStream in = s.getInputStream();
        in.read(); // never reached: the client refuses the certificate
      } catch (IOException e) {
        // the handshake failed, as intended; serve the next connection
      }
    }
  }

  private static synchronized SSLContext context() {
    SSLContext c = context;
    if (c != null) {
      return c;
    }
    try {
      Path dir = Files.createTempDirectory("untrusted-tls");
      Path store = dir.resolve("server.p12");
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                  "-genkeypair",
                  "-alias",
                  "server",
                  "-keyalg",
                  "EC",
                  "-dname",
                  "CN=127.0.0.1",
                  "-validity",
                  "2",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  store.toString(),
                  "-storepass",
                  new String(PASSWORD))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed");
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, PASSWORD);
      }
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASSWORD);
      c = SSLContext.getInstance("TLS");
      c.init(kmf.getKeyManagers(), null, null);
      context = c;
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
