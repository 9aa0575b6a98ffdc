package no.knutepunkt.hub.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import no.knutepunkt.hub.config.HubProperties;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

/**
 * Locks the data directory first thing at start, as soon as the configuration is known and before any bean (the
 * embedded broker and database among them) opens a file in it, and makes it owner-only ({@link OwnerOnly}). The application context lets go of the lock when it
 * closes, after every bean it made: registered before any of them, it is destroyed last. Registered in
 * {@code META-INF/spring.factories}.
 */
public class DataDirectoryGuard implements ApplicationListener<ApplicationEvent> {
    private DataDirectoryLock lock;

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            Path dataDir = Binder.get(prepared.getEnvironment()).bindOrCreate("knutepunkt", HubProperties.class)
                    .dataDir();
            lock = DataDirectoryLock.acquire(dataDir);
            List<String> open = OwnerOnly.restrict(dataDir.toAbsolutePath().normalize());
            if (!open.isEmpty()) {
                LoggerFactory.getLogger(DataDirectoryGuard.class).warn("Could not make these parts of the data"
                        + " directory owner-only; other local users may read them: {}", String.join(", ", open));
            }
        } else if (event instanceof ApplicationPreparedEvent prepared && lock != null
                && prepared.getApplicationContext().getBeanFactory() instanceof DefaultSingletonBeanRegistry beans) {
            DataDirectoryLock held = lock;
            lock = null;
            beans.registerDisposableBean(DataDirectoryLock.class.getName(), held::close);
        } else if (event instanceof ApplicationFailedEvent && lock != null) {
            // the start failed before there was a context to hand the lock to
            try {
                lock.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                lock = null;
            }
        }
    }
}
