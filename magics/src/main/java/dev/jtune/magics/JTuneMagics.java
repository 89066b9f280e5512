package dev.jtune.magics;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.jtune.kernel.magic.ExtensionContext;
import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.kernel.magic.MagicExtension;
import dev.jtune.magics.magic.ChatMagic;
import dev.jtune.magics.magic.ClusterMagic;
import dev.jtune.magics.magic.DatasetMagic;
import dev.jtune.magics.magic.EvalMagic;
import dev.jtune.magics.magic.FinetuneMagic;
import dev.jtune.magics.magic.JobsMagic;
import dev.jtune.magics.magic.LossMagic;
import dev.jtune.magics.magic.ModelsMagic;
import dev.jtune.magics.magic.PublishMagic;
import dev.jtune.magics.magic.TrainerRenderers;
import dev.jtune.magics.session.KernelSession;

/**
 * The fine-tuning magics as one set: one {@link KernelSession} per kernel shared by the magics, the renderers
 * (registered once) and the {@code JTune} variable of Java cells; on shutdown, running jobs stop with a checkpoint.
 */
public final class JTuneMagics implements MagicExtension {
    private static final Logger LOG = Logger.getLogger(JTuneMagics.class.getName());

    private KernelSession session;

    @Override
    public List<Magic> onLoaded(ExtensionContext kernel) {
        session = new KernelSession(kernel.workingDirectory());
        TrainerRenderers.register(kernel.renderers(), session);
        try {
            // A variable named like the class: JTune.job("x") in a cell reads this kernel's session.
            kernel.bind("JTune", JTune.class, new JTune(session));
        } catch (MagicException | RuntimeException e) {
            LOG.log(Level.WARNING, "Java cells will not see the JTune variable", e);
        }
        return List.of(new DatasetMagic(session), new FinetuneMagic(session), new LossMagic(session),
                new JobsMagic(session), new PublishMagic(session), new ModelsMagic(session), new ChatMagic(session),
                new EvalMagic(session), new ClusterMagic(session));
    }

    @Override
    public void onShutdown(Duration grace) {
        if (session != null) {
            session.shutdown(grace);
        }
    }
}
