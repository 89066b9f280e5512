package dev.jtune.kernel.channel;

import dev.jtune.kernel.protocol.InvalidMessageException;
import dev.jtune.kernel.protocol.Message;
import dev.jtune.kernel.protocol.UnreadableContentException;
import dev.jtune.kernel.protocol.WireCodec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A ROUTER socket (shell, control or stdin) owned by one thread. ZeroMQ sockets are not thread-safe, so
 * other threads never touch the socket: {@link #send} queues the message and wakes the owner through a pipe
 * the poller also watches. Incoming messages are decoded, their signature checked, and handed to the handler
 * on the owner thread; a message with a bad signature is logged and dropped.
 */
public final class RouterChannel implements Runnable {
    private static final Logger LOG = Logger.getLogger(RouterChannel.class.getName());

    private final String name;
    private final ZContext context;
    private final String address;
    private final WireCodec codec;
    private final Consumer<Message> handler;
    private final Consumer<UnreadableContentException> unreadable;
    private final Queue<Message> outbound = new ConcurrentLinkedQueue<>();
    private final Pipe wakeup;
    private volatile boolean running = true;

    public RouterChannel(String name, ZContext context, String address, WireCodec codec, Consumer<Message> handler) {
        this(name, context, address, codec, handler, e -> LOG.warning(name + ": dropped a message whose content "
                + "could not be read: " + e.getMessage()));
    }

    /** @param unreadable gets signed messages whose content could not be read, so they can still be answered */
    public RouterChannel(String name, ZContext context, String address, WireCodec codec, Consumer<Message> handler,
                         Consumer<UnreadableContentException> unreadable) {
        this.name = name;
        this.unreadable = unreadable;
        this.context = context;
        this.address = address;
        this.codec = codec;
        this.handler = handler;
        try {
            this.wakeup = Pipe.open();
            wakeup.source().configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    /** Thread-safe: queue a message for the owner thread to send. */
    public void send(Message message) {
        outbound.add(message);
        wake();
    }

    private void wake() {
        try {
            wakeup.sink().write(ByteBuffer.wrap(new byte[]{1}));
        } catch (IOException e) {
            LOG.log(Level.WARNING, name + ": could not wake the socket thread", e);
        }
    }

    public void stop() {
        running = false;
        wake();
    }

    @Override
    public void run() {
        try (ZMQ.Socket socket = context.createSocket(SocketType.ROUTER);
             ZMQ.Poller poller = context.createPoller(2)) {
            socket.setLinger(1000);
            socket.bind(address);
            poller.register(socket, ZMQ.Poller.POLLIN);
            poller.register(wakeup.source(), ZMQ.Poller.POLLIN);
            ByteBuffer drain = ByteBuffer.allocate(256);
            while (running && !Thread.currentThread().isInterrupted()) {
                poller.poll(1000);
                if (poller.pollin(1)) {
                    drain.clear();
                    while (wakeup.source().read(drain) > 0) {
                        drain.clear();
                    }
                }
                Message out;
                while ((out = outbound.poll()) != null) {
                    sendNow(socket, out);
                }
                if (poller.pollin(0)) {
                    receiveAll(socket);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.SEVERE, name + " channel failed", e);
        } catch (RuntimeException e) {
            if (running) {
                LOG.log(Level.SEVERE, name + " channel failed", e);
            }
        }
    }

    private void receiveAll(ZMQ.Socket socket) {
        List<byte[]> frames;
        while ((frames = receiveFrames(socket)) != null) {
            Message message;
            try {
                message = codec.decode(frames);
            } catch (UnreadableContentException e) {
                try {
                    unreadable.accept(e);
                } catch (RuntimeException failure) {
                    LOG.log(Level.SEVERE, name + ": answering an unreadable message failed", failure);
                }
                continue;
            } catch (InvalidMessageException e) {
                LOG.warning(name + ": dropped a message that will not be executed: " + e.getMessage());
                continue;
            }
            try {
                handler.accept(message);
            } catch (RuntimeException | Error e) {
                // The socket's thread must outlive any request, or the kernel goes deaf while the heartbeat answers.
                LOG.log(Level.SEVERE, name + ": handling " + message.msgType() + " failed", e);
            }
        }
    }

    private static List<byte[]> receiveFrames(ZMQ.Socket socket) {
        byte[] first = socket.recv(ZMQ.DONTWAIT);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    private void sendNow(ZMQ.Socket socket, Message message) {
        List<byte[]> frames = codec.encode(message);
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }
}
