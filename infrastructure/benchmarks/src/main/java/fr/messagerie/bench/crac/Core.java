package fr.messagerie.bench.crac;

import java.util.ArrayList;
import java.util.List;

/**
 * The smallest CRaC implementation org.crac can delegate to, for the cold-start benchmark's JVMs: started with
 * {@code -Dorg.crac.Core.Compat=fr.messagerie.bench.crac}, the hooks a function registers through
 * org.crac land here, and {@link #checkpointRestore} runs them as Lambda does around a SnapStart snapshot (before
 * the checkpoint in reverse order of registration, after the restore in order), without taking any snapshot.
 * Lambda's runtime plugs its own implementation into org.crac the same way.
 */
public final class Core {
    private static final GlobalContext GLOBAL = new GlobalContext();

    private Core() {
    }

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    public static void checkpointRestore() throws CheckpointException, RestoreException {
        List<Resource> hooks = GLOBAL.hooks();
        for (int i = hooks.size() - 1; i >= 0; i--) {
            try {
                hooks.get(i).beforeCheckpoint(GLOBAL);
            } catch (Exception e) {
                throw new CheckpointException(e);
            }
        }
        for (Resource hook : hooks) {
            try {
                hook.afterRestore(GLOBAL);
            } catch (Exception e) {
                throw new RestoreException(e);
            }
        }
    }

    /** Holds its hooks strongly: the benchmark's JVM lives for one request. */
    static final class GlobalContext extends Context<Resource> {
        private final List<Resource> hooks = new ArrayList<>();

        @Override
        public synchronized void register(Resource resource) {
            hooks.add(resource);
        }

        synchronized List<Resource> hooks() {
            return List.copyOf(hooks);
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
        }
    }
}
