package dev.jtune.kernel.shell;

import dev.jtune.kernel.channel.Heartbeat;
import dev.jtune.kernel.channel.IopubChannel;
import dev.jtune.kernel.channel.RouterChannel;
import dev.jtune.kernel.display.Display;
import dev.jtune.kernel.display.Notebook;
import dev.jtune.kernel.display.RendererRegistry;
import dev.jtune.kernel.interpreter.JShellInterpreter;
import dev.jtune.kernel.io.NotebookInputStream;
import dev.jtune.kernel.protocol.ConnectionInfo;
import dev.jtune.kernel.protocol.MessageSigner;
import dev.jtune.kernel.protocol.Session;
import dev.jtune.kernel.protocol.WireCodec;
import org.zeromq.ZContext;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Wires the sockets, the execution thread, JShell, displays and magics together, and runs until shutdown. */
public final class Kernel {
    private final ConnectionInfo connection;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public Kernel(ConnectionInfo connection) {
        this.connection = connection;
    }

    /** Runs the kernel; returns when a shutdown_request was answered. */
    public void run() throws InterruptedException {
        WireCodec codec = new WireCodec(new MessageSigner(connection.key(), connection.signatureScheme()));
        Session session = new Session(System.getProperty("user.name", "kernel"));
        // The context is never closed: after shutdown the process exits, and closing sockets under
        // threads that still own them is what ZeroMQ forbids.
        ZContext context = new ZContext();
        {
            IopubChannel iopubChannel = new IopubChannel(context, connection.address(connection.iopubPort()), codec);
            Iopub iopub = new Iopub(iopubChannel, session);
            RendererRegistry renderers = new RendererRegistry();
            Display display = new Display(renderers, iopub);
            Notebook.bind(display);
            StdinBridge stdin = new StdinBridge(session, () -> iopub.streams().flush());
            System.setOut(iopub.streams().out());
            System.setErr(iopub.streams().err());
            System.setIn(new NotebookInputStream(stdin));

            History history = new History();
            Path cwd = Path.of("").toAbsolutePath();
            ExecutionLoop execution = new ExecutionLoop(session, iopub, stdin, history,
                    () -> new JShellInterpreter(display, iopub.streams(), cwd, Kernel.class.getClassLoader()));
            // Exits other than a shutdown_request (the parent died, SIGTERM) stop running jobs with a checkpoint too.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> execution.stopWork(ShellHandler.SHUTDOWN_GRACE),
                    "jtune-stop-work"));
            ShellHandler shellHandler = new ShellHandler(session, iopub, execution, history, stopped::countDown);
            ShellHandler controlHandler = new ShellHandler(session, iopub, execution, history, stopped::countDown);
            RouterChannel shell = new RouterChannel("shell", context, connection.address(connection.shellPort()),
                    codec, shellHandler, shellHandler::unreadable);
            RouterChannel control = new RouterChannel("control", context,
                    connection.address(connection.controlPort()), codec, controlHandler);
            RouterChannel stdinChannel = new RouterChannel("stdin", context,
                    connection.address(connection.stdinPort()), codec, stdin::handle);
            shellHandler.attach(shell);
            controlHandler.attach(control);
            execution.attach(shell);
            stdin.attach(stdinChannel);
            Heartbeat heartbeat = new Heartbeat(context, connection.address(connection.hbPort()));

            start("jtune-iopub", iopubChannel);
            start("jtune-heartbeat", heartbeat);
            start("jtune-stdin", stdinChannel);
            start("jtune-execution", execution);
            start("jtune-control", control);
            start("jtune-shell", shell);

            stopped.await();
            iopub.streams().flush();
            Thread.sleep(200); // let the shutdown_reply and last iopub messages leave
            iopubChannel.drain(1000);
        }
    }

    private static void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }
}
