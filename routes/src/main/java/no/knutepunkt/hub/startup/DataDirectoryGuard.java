package no.knutepunkt.hub.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import no.knutepunkt.hub.config.KnutepunktProperties;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Locks the data directory first thing at start, as soon as the configuration is known and before any bean (the
 * embedded broker and database among them) opens a file in it; lets go when the hub stops or fails to start.
 * Registered in {@code META-INF/spring.factories}.
 */
public class DataDirectoryGuard implements ApplicationListener<ApplicationEvent> {
    private DataDirectoryLock lock;

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            Path dataDir = Binder.get(prepared.getEnvironment()).bind("knutepunkt.data-dir", Path.class)
                    .orElseGet(() -> new KnutepunktProperties().getDataDir());
            lock = DataDirectoryLock.acquire(dataDir);
        } else if (event instanceof ApplicationFailedEvent
                || event instanceof ContextClosedEvent closed && closed.getApplicationContext().getParent() == null) {
            release();
        }
    }

    private void release() {
        if (lock != null) {
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
