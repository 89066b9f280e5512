package dev.jtune.kernel.channel;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The heartbeat: a plain REP socket that echoes every frame it gets, on its own thread. */
public final class Heartbeat implements Runnable {
    private final ZContext context;
    private final String address;
    private volatile boolean running = true;

    public Heartbeat(ZContext context, String address) {
        this.context = context;
        this.address = address;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        try (ZMQ.Socket socket = context.createSocket(SocketType.REP)) {
            socket.setLinger(0);
            socket.setReceiveTimeOut(500);
            socket.bind(address);
            while (running) {
                byte[] ping = socket.recv(0);
                if (ping == null) {
                    continue;
                }
                boolean more = socket.hasReceiveMore();
                socket.send(ping, more ? ZMQ.SNDMORE : 0);
                while (more) {
                    byte[] part = socket.recv(0);
                    more = socket.hasReceiveMore();
                    socket.send(part, more ? ZMQ.SNDMORE : 0);
                }
            }
        } catch (RuntimeException e) {
            // context closed at shutdown
        }
    }
}
