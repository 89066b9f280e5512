package dev.jtune.kernel.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.IOException;
import java.nio.file.Path;

/** The connection file Jupyter writes for the kernel: where to bind and how to sign. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectionInfo(
        @JsonProperty("transport") String transport,
        @JsonProperty("ip") String ip,
        @JsonProperty("shell_port") int shellPort,
        @JsonProperty("iopub_port") int iopubPort,
        @JsonProperty("stdin_port") int stdinPort,
        @JsonProperty("control_port") int controlPort,
        @JsonProperty("hb_port") int hbPort,
        @JsonProperty("key") String key,
        @JsonProperty("signature_scheme") String signatureScheme) {

    public static ConnectionInfo read(Path file) throws IOException {
        return Json.MAPPER.readValue(file.toFile(), ConnectionInfo.class);
    }

    /** ZeroMQ address for one port; binds only to the IP of the connection file. */
    public String address(int port) {
        String t = transport == null ? "tcp" : transport;
        if ("ipc".equals(t)) {
            return "ipc://" + ip + "-" + port;
        }
        return t + "://" + ip + ":" + port;
    }
}
