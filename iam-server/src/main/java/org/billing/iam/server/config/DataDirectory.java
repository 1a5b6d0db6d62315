package org.billing.iam.server.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory that contains the embedded database, generated secrets and the mail outbox.
 * It is kept owner-only ({@code rwx------}) because all three are sensitive.
 */
public final class DataDirectory {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DataDirectory() {
    }

    /**
     * Creates the directory owner-only if it is missing, and removes group and other
     * permissions from an existing one.
     *
     * @throws ConfigException when the directory cannot be created or changed
     */
    public static void prepare(Path directory) {
        try {
            if (!Files.exists(directory)) {
                Files.createDirectories(directory);
                restrict(directory, true);
                log.info("Created data directory {}", directory);
            } else if (!Files.isDirectory(directory)) {
                throw new ConfigException("IAM_DATA_DIR " + directory + " exists but is not a directory");
            } else {
                restrict(directory, false);
            }
        } catch (IOException e) {
            throw new ConfigException("Failed to prepare IAM_DATA_DIR " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void restrict(Path directory, boolean created) throws IOException {
        if (!POSIX) {
            // NOTE: on file systems without POSIX permissions the directory keeps its inherited access list.
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
        if (permissions.removeAll(GROUP_AND_OTHERS)) {
            Files.setPosixFilePermissions(directory, permissions);
            if (!created) {
                log.warn("Removed group and other permissions from data directory {}; it is now {}",
                        directory, PosixFilePermissions.toString(permissions));
            }
        }
    }
}
