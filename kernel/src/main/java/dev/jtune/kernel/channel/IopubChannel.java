package dev.jtune.kernel.channel;

import dev.jtune.kernel.protocol.Message;
import dev.jtune.kernel.protocol.WireCodec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The PUB socket, owned by one thread that drains a queue: cells, magics and training threads all publish
 * by queueing, in the order they call {@link #publish}.
 */
public final class IopubChannel implements Runnable {
    private static final Logger LOG = Logger.getLogger(IopubChannel.class.getName());

    private final ZContext context;
    private final String address;
    private final WireCodec codec;
    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    private volatile boolean running = true;

    public IopubChannel(ZContext context, String address, WireCodec codec) {
        this.context = context;
        this.address = address;
        this.codec = codec;
    }

    public void publish(Message message) {
        queue.add(message);
    }

    public void stop() {
        running = false;
    }

    /** Waits until everything queued so far has been handed to ZeroMQ (used before exit). */
    public void drain(long timeoutMillis) {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (!queue.isEmpty() && System.currentTimeMillis() < end) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void run() {
        try (ZMQ.Socket socket = context.createSocket(SocketType.PUB)) {
            socket.setLinger(1000);
            socket.bind(address);
            while (running) {
                Message message = queue.poll(500, TimeUnit.MILLISECONDS);
                if (message == null) {
                    continue;
                }
                List<byte[]> frames = codec.encode(message);
                for (int i = 0; i < frames.size(); i++) {
                    socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                LOG.log(Level.SEVERE, "iopub channel failed", e);
            }
        }
    }
}
