package dev.jtune.magics.magic;

import java.util.ArrayList;
import java.util.List;

import dev.jtune.kernel.magic.PathCompletion;
import dev.jtune.magics.cli.CommandCompleter;
import dev.jtune.magics.session.KernelSession;
import dev.jtune.magics.session.Session;
import dev.jtune.trainer.data.CatalogEntry;
import dev.jtune.trainer.job.Job;

/**
 * What completion offers by name: the session's datasets, jobs and models, and the notebook folder's files. Only
 * a session already open is asked: opening one starts the engine, which would hold a completion for seconds.
 */
final class NotebookNames implements CommandCompleter.Names {
    private final KernelSession sessions;

    NotebookNames(KernelSession sessions) {
        this.sessions = sessions;
    }

    private Session session() {
        return sessions.ifOpen().orElse(null);
    }

    @Override
    public List<String> datasets() {
        Session session = session();
        return session == null ? List.of() : session.datasets().list().stream().map(CatalogEntry::name).toList();
    }

    @Override
    public List<String> jobs() {
        Session session = session();
        return session == null ? List.of() : session.workspace().jobs().stream().map(Job::name).toList();
    }

    @Override
    public List<String> models() {
        List<String> models = new ArrayList<>();
        models.add(DatasetMagic.DEFAULT_MODEL);
        Session session = session();
        if (session != null) {
            models.addAll(session.workspace().publishedModels());
            models.addAll(jobs());
        }
        return models;
    }

    @Override
    public List<String> paths(String typed) {
        return PathCompletion.candidates(sessions.workingDirectory(), typed);
    }
}
