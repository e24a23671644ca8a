package dev.sharedsvc.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for Redis Enterprise, which accepts {@code SELECT n} and stays in database 0: a loopback relay to a
 * real Redis that rewrites every {@code SELECT n} a client sends into {@code SELECT 0}. Everything else, and every
 * reply, passes through unchanged. One client connection at a time is enough for the check. Close it to stop.
 */
final class SelectIgnoringRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final Thread acceptor;

    SelectIgnoringRelay(int redisPort) throws IOException {
        listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket client = listener.accept(); Socket server = new Socket(InetAddress.getLoopbackAddress(), redisPort)) {
                    Thread replies = new Thread(() -> copy(server, client), "relay-replies");
                    replies.start();
                    relayCommands(new BufferedInputStream(client.getInputStream()), server.getOutputStream());
                } catch (IOException e) {
                    // The client went away, or the relay was closed: wait for the next client.
                }
            }
        }, "select-ignoring-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Reads RESP arrays of bulk strings (what clients send) and forwards them, with SELECT's argument set to 0. */
    private static void relayCommands(InputStream in, OutputStream out) throws IOException {
        while (true) {
            int count = Integer.parseInt(line(in).substring(1));
            String[] parts = new String[count];
            for (int i = 0; i < count; i++) {
                int length = Integer.parseInt(line(in).substring(1));
                parts[i] = new String(in.readNBytes(length + 2), 0, length, StandardCharsets.UTF_8);
            }
            if (count == 2 && parts[0].equalsIgnoreCase("SELECT")) {
                parts[1] = "0";
            }
            StringBuilder command = new StringBuilder("*").append(count).append("\r\n");
            for (String part : parts) {
                command.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
            }
            out.write(command.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\r'; b = in.read()) {
            if (b < 0) {
                throw new IOException("client closed the connection");
            }
            line.write(b);
        }
        in.read();
        return line.toString(StandardCharsets.UTF_8);
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // One side closed; the other loop ends too.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
