package io.adaptivepool.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 keep-alive connection to a server on loopback, as a plain client keeps it: a request
 * is written, its response read to the end of its {@code Content-Length} body, and the connection
 * stays open for the next one. Reads give up at a deadline shared by many connections.
 */
final class KeepAliveConnection implements AutoCloseable {
    static final String TIMED_OUT = "(timed out)";
    private final Socket socket;

    KeepAliveConnection(int port) throws IOException {
        this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
    }

    /** Writes {@code GET <path>} without waiting for the response. */
    void send(String path) throws IOException {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /**
     * The body of the next response, {@value #TIMED_OUT} once {@code deadline} (a
     * {@link System#nanoTime()}) has passed, or {@code (closed)} if the server closed the connection.
     */
    String receive(long deadline) throws IOException {
        try {
            String status = line(deadline);
            if (status == null) {
                return "(closed)";
            }
            int length = 0;
            for (String header; (header = line(deadline)) != null && !header.isEmpty();) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring("content-length:".length()).trim());
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int i = 0; i < length; i++) {
                int c = read(deadline);
                if (c < 0) {
                    return "(closed)";
                }
                body.write(c);
            }
            return new String(body.toByteArray(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException late) {
            return TIMED_OUT;
        }
    }

    /** A line without its CRLF, or null at the end of the stream. */
    private String line(long deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = read(deadline)) != '\n';) {
            if (c < 0) {
                return null;
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private int read(long deadline) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) left);
        InputStream in = socket.getInputStream();
        return in.read();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
