package dev.sharedsvc.bootstrap.erroring;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** A migration that fails as a class-path clash does: with an {@link Error}, not an exception. */
public class V1__LinkageClash extends BaseJavaMigration {

    @Override
    public void migrate(Context context) {
        throw new LinkageError("io.netty.channel.MultiThreadIoEventLoopGroup (as two Netty versions clash)");
    }
}
