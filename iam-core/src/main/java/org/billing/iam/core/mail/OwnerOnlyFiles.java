package org.billing.iam.core.mail;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Creates files and directories that only their owner can read, on POSIX file systems. */
final class OwnerOnlyFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnlyFiles() {
    }

    /** Creates the directory and missing parents, and sets it to {@code rwx------}. */
    static void createDirectories(Path directory) throws IOException {
        Files.createDirectories(directory);
        if (POSIX) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Creates a new empty file with mode {@code rw-------} and a unique name starting with {@code prefix}. */
    static Path createFile(Path directory, String prefix) throws IOException {
        if (POSIX) {
            return Files.createTempFile(directory, prefix, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        // NOTE: without POSIX permissions (Windows) the file inherits the directory's access list.
        return Files.createTempFile(directory, prefix, ".tmp");
    }
}
