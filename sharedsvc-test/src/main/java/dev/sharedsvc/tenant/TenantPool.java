package dev.sharedsvc.tenant;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sharedsvc.postgres.CopyStrategy;
import dev.sharedsvc.postgres.Secret;

/**
 * Hands out {@link Tenant tenants}, isolated databases with roles of their own, already migrated, each copied
 * from one template database per {@link TenantTemplate} and server. Background workers ({@link Builder#makers(int)
 * makers}) keep {@link Builder#size(int) size} of them ready, so that {@link #acquire()} costs a queue poll.
 *
 * <p>A released tenant whose test changed only data (rows, sequences) is reset to the template's state and handed
 * out again under a new password, which costs a fraction of a copy; one whose test changed its schema, grants,
 * settings or comments, left large objects or temporary tables, or whose sessions did not end, is dropped and
 * replaced by a copy. See {@link Builder#recycle(boolean)}.
 *
 * <pre>{@code
 * try (TenantPool pool = TenantPool.builder(adminUrl, "postgres", adminPassword)
 *         .template(TenantTemplate.builder().migrations("classpath:db/migration").build())
 *         .start();
 *      Tenant tenant = pool.acquire()) {
 *     try (Connection connection = tenant.dataSource().getConnection()) { ... }
 * }
 * }</pre>
 *
 * <p>Crash safety: every tenant is marked ({@code COMMENT ON DATABASE / ROLE}) with the id of the run that made
 * it, and each pool is a run that holds an advisory lock on that id for as long as it lives. When a pool starts, it
 * drops the tenants of every run whose lock is free, so a run killed with {@code SIGKILL} is cleaned up by the
 * next, and other live runs on the same server keep theirs. Every run must name the same maintenance database in
 * its URL (usually {@code postgres}): advisory locks live in one database.
 *
 * <p>The administrator must be able to create roles and databases: a superuser, or a role with {@code CREATEROLE}
 * and {@code CREATEDB} (provisioning grants it each role it makes, so it may hand over ownership and end sessions).
 * Thread-safe: any thread may acquire and release.
 */
public final class TenantPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TenantPool.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
    /** Tells the dropper to stop; no tenant has an empty name. */
    private static final String NO_MORE_DROPS = "";

    private final AdminLogin login;
    private final Builder settings;
    private final RunLock run;
    private final TemplateDatabase template;
    private final List<Cloner> cloners;
    private final AtomicInteger sequence = new AtomicInteger();
    private final BlockingQueue<Tenant> ready = new LinkedBlockingQueue<>();
    /** Guards {@link #copying} and is notified when there may be work for a maker. */
    private final Object work = new Object();
    private int copying;
    private final Set<Tenant> handedOut = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<String> drops = new LinkedBlockingQueue<>();
    /** Released tenants waiting to be reset (or dropped) by a maker. */
    private final BlockingQueue<Tenant> returns = new LinkedBlockingQueue<>();
    /** The administrator's connection into each tenant that may be reset; see {@link Cloner}. */
    private final Map<String, Connection> held;
    private final List<Thread> makers = new ArrayList<>();
    private final Thread dropper;
    private volatile RuntimeException makeFailure;
    private volatile boolean closed;

    private TenantPool(Builder settings, AdminLogin login, RunLock run, TemplateDatabase template,
                       List<Cloner> cloners, Map<String, Connection> held) {
        this.held = held;
        this.settings = settings;
        this.login = login;
        this.run = run;
        this.template = template;
        this.cloners = cloners;
        String prefix = "sharedsvc-tenants-" + Marker.runText(run.run());
        this.dropper = new Thread(this::dropLoop, prefix + "-drop");
        if (settings.size > 0) {
            for (Cloner cloner : cloners) {
                makers.add(new Thread(() -> makeLoop(cloner), prefix + "-make-" + (makers.size() + 1)));
            }
        }
    }

    /**
     * A builder for a pool on the server that {@code jdbcUrl} names, administered by {@code user}.
     *
     * @param jdbcUrl  {@code jdbc:postgresql://host:port/postgres}: the maintenance database every run on the
     *                 server names; credentials in it are ignored
     * @param user     a superuser, or a role with {@code CREATEROLE} and {@code CREATEDB}
     * @param password its password
     * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL
     */
    public static Builder builder(String jdbcUrl, String user, Secret password) {
        return new Builder(AdminLogin.of(jdbcUrl, user, password));
    }

    private TenantPool begin() {
        dropper.setDaemon(true);
        dropper.start();
        for (Thread maker : makers) {
            maker.setDaemon(true);
            maker.start();
        }
        return this;
    }

    /**
     * A tenant of its own for the caller: from the ready ones when there is one, else the next one made (or, with
     * {@link Builder#size(int) size} 0, one made now in the calling thread).
     *
     * @throws TenantException       when no tenant can be made (the cause says why) or none was ready within the
     *                               {@link Builder#acquireTimeout(Duration) acquire timeout}
     * @throws IllegalStateException when the pool is closed
     */
    public Tenant acquire() {
        requireOpen();
        if (makers.isEmpty()) {
            return handOut(next(cloners.get(0)));
        }
        long deadline = System.nanoTime() + settings.acquireTimeout.toNanos();
        try {
            while (true) {
                Tenant tenant = ready.poll(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)),
                        TimeUnit.MILLISECONDS);
                if (tenant != null) {
                    signal();
                    return handOut(tenant);
                }
                requireOpen();
                RuntimeException failure = makeFailure;
                if (failure != null) {
                    throw new TenantException("no tenant could be made on " + login.describe() + ": "
                            + failure.getMessage(), failure);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new TenantException("no tenant became ready on " + login.describe() + " within "
                            + settings.acquireTimeout + "; raise the acquire timeout or the pool size");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TenantException("interrupted while waiting for a tenant", e);
        }
    }

    private Tenant handOut(Tenant tenant) {
        handedOut.add(tenant);
        if (closed && handedOut.remove(tenant)) {
            tenant.connections().close();
            drops.add(tenant.database());
            throw new IllegalStateException("closed: " + this);
        }
        return tenant;
    }

    /**
     * Gives a tenant back. The connections of its {@link Tenant#dataSource()} end now (idle ones are closed, those
     * still in use aborted); in the background every other session still connected to it is ended (open
     * transactions are rolled back) and it is either reset for a later {@link #acquire()} under a new password, when its test changed
     * only data, or dropped with its role. Releasing a tenant twice does nothing.
     *
     * @throws IllegalArgumentException when the tenant came from another pool
     */
    public void release(Tenant tenant) {
        requireOwn(tenant);
        if (handedOut.remove(tenant)) {
            boolean reset = tenant.baseline() != null && !closed;
            tenant.connections().close(reset);
            if (reset) {
                returns.add(tenant);
                signal();
            } else {
                drops.add(tenant.database());
            }
        }
    }

    /**
     * Keeps a tenant for debugging instead of dropping it: its markers say kept, so no sweep takes it, and its URL
     * and the statements that drop it are logged (at WARN, without the password; connect as the administrator).
     *
     * @throws IllegalArgumentException when the tenant came from another pool
     * @throws TenantException          when the markers cannot be changed; the tenant is then dropped as if released
     */
    public void keep(Tenant tenant) {
        requireOwn(tenant);
        if (!handedOut.remove(tenant)) {
            return;
        }
        tenant.connections().close();
        String name = tenant.database();
        Sql.closeQuietly(held.remove(name));
        try (Connection connection = login.maintenance()) {
            String quoted = Sql.quote(connection, name);
            String kept = Sql.literal(connection, Marker.tenant(run.run(), run.database())
                    .as(Marker.Kind.KEPT_TENANT).toString());
            Sql.execute(connection, "COMMENT ON DATABASE " + quoted + " IS " + kept);
            Sql.execute(connection, "COMMENT ON ROLE " + quoted + " IS " + kept);
            LOG.warn("Kept tenant {} for debugging: {} (log in as the administrator {}); drop it with"
                    + " DROP DATABASE {} WITH (FORCE); DROP ROLE {};", name, tenant.jdbcUrl(), login.user(), quoted, quoted);
        } catch (SQLException e) {
            drops.add(name);
            throw new TenantException("could not keep tenant " + name + " on " + login.describe()
                    + "; it is dropped instead: " + e.getMessage(), e);
        }
    }

    /** The id of this run, as its markers show it: eight hexadecimal digits. */
    public String runId() {
        return Marker.runText(run.run());
    }

    /** The template database the tenants are copied from. */
    public String templateDatabase() {
        return template.name();
    }

    /** Whether this pool built its template, rather than finding it built by an earlier run. */
    public boolean builtTemplate() {
        return template.built();
    }

    /**
     * Stops making tenants, drops the ready ones and every one not released (except kept ones), waits up to 60
     * seconds for the drops, and frees the run's lock. What could not be dropped is swept by the next run.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        signal();
        makers.forEach(Thread::interrupt);
        makers.forEach(this::join);
        List<Tenant> left = new ArrayList<>(ready);
        ready.clear();
        returns.drainTo(left);
        held.values().forEach(Sql::closeQuietly);
        held.clear();
        left.addAll(handedOut);
        handedOut.clear();
        left.forEach(tenant -> {
            tenant.connections().close();
            drops.add(tenant.database());
        });
        drops.add(NO_MORE_DROPS);
        join(dropper);
        cloners.forEach(Cloner::close);
        run.close();
        LOG.info("Closed tenant pool of run {} on {} ({} tenants made)", runId(), login.describe(), sequence.get());
    }

    private void join(Thread thread) {
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{} did not finish within {}; the next run sweeps what it left", thread.getName(), CLOSE_TIMEOUT);
        }
    }

    /**
     * A maker: resets (or drops) each released tenant as soon as it comes back, and makes copies while fewer than
     * {@link Builder#size(int) size} are ready or being made. Reset tenants join the ready ones even beyond that.
     */
    private void makeLoop(Cloner cloner) {
        while (true) {
            Tenant released;
            synchronized (work) {
                try {
                    while (!closed && returns.isEmpty() && ready.size() + copying >= settings.size) {
                        work.wait();
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                released = returns.poll();
                if (released == null) {
                    copying++;
                }
            }
            if (released != null) {
                try {
                    reset(cloner, released).ifPresent(ready::add);
                } catch (RuntimeException e) {
                    // The tenant is dropped (see reset); the maker goes on, or acquire() would wait in vain.
                    LOG.warn("Could not reset tenant {} on {}; it is dropped", released.database(), login.describe(), e);
                }
                continue;
            }
            try {
                ready.add(cloner.create(this, nextName()));
                makeFailure = null;
            } catch (RuntimeException e) {
                if (makeFailure == null) {
                    LOG.warn("Could not make a tenant on {}; retrying every {}", login.describe(), RETRY_PAUSE, e);
                }
                makeFailure = e;
                if (!pause()) {
                    return;
                }
            } finally {
                synchronized (work) {
                    copying--;
                }
            }
        }
    }

    private void signal() {
        synchronized (work) {
            work.notifyAll();
        }
    }

    /**
     * {@code released} reset for the next test, or dropped (and empty) when it cannot be; dropped too when the reset
     * fails in a way it does not expect, so that no released tenant outlives the pool.
     */
    private Optional<Tenant> reset(Cloner cloner, Tenant released) {
        Optional<Tenant> reset = Optional.empty();
        try {
            reset = cloner.recycle(this, released);
            return reset;
        } finally {
            if (reset.isEmpty()) {
                drops.add(released.database());
            }
        }
    }

    /** Without makers: a released tenant reset, when there is one that can be, else a new copy. */
    private Tenant next(Cloner cloner) {
        for (Tenant released = returns.poll(); released != null; released = returns.poll()) {
            Optional<Tenant> reset = reset(cloner, released);
            if (reset.isPresent()) {
                return reset.get();
            }
        }
        return cloner.create(this, nextName());
    }

    private static boolean pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Drops released tenants on a connection of its own, opened again after a failure. */
    private void dropLoop() {
        Connection connection = null;
        try {
            for (String name = drops.take(); !name.equals(NO_MORE_DROPS); name = drops.take()) {
                try {
                    if (connection == null) {
                        connection = login.maintenance();
                    }
                    Cloner.drop(connection, name);
                } catch (SQLException e) {
                    LOG.warn("Could not drop tenant {} on {}; the next run sweeps it: {}", name, login.describe(),
                            e.getMessage());
                    Sql.closeQuietly(connection);
                    connection = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Sql.closeQuietly(connection);
        }
    }

    private String nextName() {
        return "sharedsvc_tenant_" + runId() + "_" + sequence.incrementAndGet();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("closed: " + this);
        }
    }

    private void requireOwn(Tenant tenant) {
        Objects.requireNonNull(tenant, "tenant");
        if (tenant.pool() != this) {
            throw new IllegalArgumentException(tenant + " did not come from " + this);
        }
    }

    /** Such as {@code TenantPool[run 1a2b3c4d, template sharedsvc_template_9f86d081884c7d65 on 127.0.0.1:5432/postgres]}. */
    @Override
    public String toString() {
        return "TenantPool[run " + runId() + ", template " + template.name() + " on " + login.describe() + "]";
    }

    /** The settings of a {@link TenantPool}; not thread-safe. Each setter validates its argument. */
    public static final class Builder {

        private final AdminLogin login;
        private TenantTemplate template = TenantTemplate.builder().build();
        private int size = 4;
        private CopyStrategy strategy = CopyStrategy.FILE_COPY;
        private int makers = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private boolean recycle = true;
        private Duration acquireTimeout = Duration.ofSeconds(60);
        private Duration startTimeout = Duration.ofMinutes(5);

        private Builder(AdminLogin login) {
            this.login = login;
        }

        /** What every tenant starts with; default an empty schema. */
        public Builder template(TenantTemplate template) {
            this.template = Objects.requireNonNull(template, "template");
            return this;
        }

        /**
         * How many tenants are kept ready ahead of {@link #acquire()}: 0 makes each on acquire, in the calling
         * thread; a positive number has a background worker keep that many. Default 4: on two cores a test rarely
         * takes less time than a copy (tens of milliseconds), so a few ahead absorb bursts such as parallel starts.
         *
         * @throws IllegalArgumentException when negative
         */
        public Builder size(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("size must be 0 (no pool) or positive, was " + size);
            }
            this.size = size;
            return this;
        }

        /**
         * How {@code CREATE DATABASE} copies the template (PostgreSQL 15 and newer; ignored before). Default
         * {@link CopyStrategy#FILE_COPY}: copy for copy on the same server, alternating in the same rounds
         * ({@code TenantBenchmark}, row d), it took a median of 217 ms against 483 ms for {@link CopyStrategy#WAL_LOG}
         * on a loaded 2-core machine, as three earlier reruns found (29.5-55.4 ms against 52.2-95.4 ms). It forces
         * a checkpoint per copy, which other sessions on a shared server feel; {@code WAL_LOG} avoids that, and
         * pays off for small templates on a server with a large {@code shared_buffers} and much dirty data. With
         * resets (the default) copies are made only for tests that changed their schema.
         */
        public Builder strategy(CopyStrategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * How many background threads make and reset tenants, each with two connections of its own. Default the
         * processors of this machine, at least 2 and at most 4 (the server usually runs on the same machine in
         * tests); copies of the template take the provisioning lock one at a time, resets run side by side. Raise
         * it for a server with more cores than this machine; the pool never runs more makers than its {@link
         * #size(int) size}.
         *
         * @throws IllegalArgumentException when not positive
         */
        public Builder makers(int makers) {
            if (makers < 1) {
                throw new IllegalArgumentException("makers must be positive, was " + makers);
            }
            this.makers = makers;
            return this;
        }

        /**
         * Whether a released tenant whose test changed only data is reset and handed out again (default
         * {@code true}) rather than dropped and replaced by a copy. A reset truncates the tables the test wrote,
         * copies the template's rows of them back and sets every sequence to the template's value, then hands the
         * database out under a new password; catalog rows written since the tenant was handed out decide, so a test
         * that created, altered or dropped anything, granted, commented, changed a setting, froze a table, made a
         * large object or a temporary table gets the copy. Templates whose tables have user triggers or rules, force row-level security, or
         * hold large objects are always copied (logged at INFO when the pool starts).
         */
        public Builder recycle(boolean recycle) {
            this.recycle = recycle;
            return this;
        }

        /**
         * How long {@link #acquire()} waits for a tenant to become ready; positive, default 60 seconds.
         *
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder acquireTimeout(Duration timeout) {
            this.acquireTimeout = positive(timeout, "acquireTimeout");
            return this;
        }

        /**
         * How long {@link #start()} waits for another run that is building the same template, and for the
         * provisioning lock; positive, default 5 minutes.
         *
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = positive(timeout, "startTimeout");
            return this;
        }

        private static Duration positive(Duration timeout, String what) {
            Objects.requireNonNull(timeout, what);
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + timeout);
            }
            return timeout;
        }

        /**
         * Starts a run: takes its lock, sweeps what gone runs left, finds or builds the template, and starts
         * filling the pool. Returns once the template is there, without waiting for the first tenant.
         *
         * @throws TenantException when the server cannot be reached or refuses the login, a migration fails (nothing
         *                         is left behind), or another run's template build takes longer than the start
         *                         timeout; the message says which
         */
        public TenantPool start() {
            long begin = System.nanoTime();
            RunLock run;
            try {
                run = RunLock.take(login);
            } catch (SQLException e) {
                throw new TenantException("could not log in to PostgreSQL at " + login.describe() + " as "
                        + login.user() + " to start a tenant pool: " + e.getMessage(), e);
            }
            List<Cloner> cloners = new ArrayList<>();
            try {
                int swept;
                try (Connection connection = login.maintenance()) {
                    swept = Sweep.sweep(connection, run);
                }
                TemplateDatabase template = TemplateDatabase.prepare(login, this.template, run, startTimeout);
                AtomicReference<Optional<Recycler>> recycler = new AtomicReference<>(recycle ? null : Optional.empty());
                Map<String, Connection> held = new ConcurrentHashMap<>();
                for (int i = 0; i < Math.max(1, Math.min(size, makers)); i++) {
                    cloners.add(new Cloner(login, template, strategy, run, startTimeout, recycler, held));
                }
                TenantPool pool = new TenantPool(this, login, run, template, cloners, held).begin();
                LOG.info("Started tenant pool of run {} on {} in {} ms: template {} ({}), {} ready ahead, {} makers, {},"
                        + " {}{}", pool.runId(), login.describe(), (System.nanoTime() - begin) / 1_000_000,
                        template.name(), template.built() ? "built" : "reused", size, cloners.size(), strategy,
                        recycle ? "recycling" : "copies only",
                        swept > 0 ? ", swept " + swept + " objects of gone runs" : "");
                return pool;
            } catch (SQLException | RuntimeException e) {
                cloners.forEach(Sql::closeQuietly);
                run.close();
                if (e instanceof TenantException) {
                    throw (TenantException) e;
                }
                throw new TenantException("could not start a tenant pool on " + login.describe() + ": "
                        + e.getMessage(), e);
            }
        }
    }
}
