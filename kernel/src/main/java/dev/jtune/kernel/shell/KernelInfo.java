package dev.jtune.kernel.shell;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.kernel.protocol.Json;
import dev.jtune.kernel.protocol.Session;

/** The kernel_info_reply content. */
final class KernelInfo {
    private KernelInfo() {
    }

    static ObjectNode content() {
        ObjectNode c = Json.object();
        c.put("status", "ok");
        c.put("protocol_version", Session.PROTOCOL_VERSION);
        c.put("implementation", "jtune");
        String version = KernelInfo.class.getPackage().getImplementationVersion();
        c.put("implementation_version", version == null ? "0.1.0" : version);
        ObjectNode lang = c.putObject("language_info");
        lang.put("name", "java");
        lang.put("version", Runtime.version().toString());
        lang.put("mimetype", "text/x-java");
        lang.put("file_extension", ".jshell");
        lang.put("codemirror_mode", "text/x-java");
        lang.put("pygments_lexer", "java");
        c.put("banner", "JTune: Java " + Runtime.version() + " (JShell) with fine-tuning magics. %lsmagic lists them.");
        c.put("debugger", false);
        var links = c.putArray("help_links");
        links.addObject().put("text", "Java API").put("url",
                "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/");
        links.addObject().put("text", "JShell guide").put("url",
                "https://docs.oracle.com/en/java/javase/17/jshell/introduction-jshell.html");
        return c;
    }
}
