package dev.jtune.kernel.exec;

import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.util.Map;

/** Hands JShell our execution control (JShell asks for a provider, not an instance). */
final class InterruptibleExecutionProvider implements ExecutionControlProvider {
    private final InterruptibleExecutionControl control;

    InterruptibleExecutionProvider(InterruptibleExecutionControl control) {
        this.control = control;
    }

    @Override
    public String name() {
        return "jtune";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        return control;
    }
}
