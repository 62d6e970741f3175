package io.tagpulse.source.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;

/** Keeps a live source's position in a small file, replaced atomically so that a crash never leaves half a number. */
public final class CursorFile implements PositionStore {

    private final Path path;

    public CursorFile(Path path) {
        this.path = path;
    }

    @Override
    public OptionalLong load() {
        try {
            if (!Files.exists(path)) {
                return OptionalLong.empty();
            }
            String text = Files.readString(path, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read the cursor file " + path, ex);
        }
        catch (NumberFormatException ex) {
            throw new IllegalStateException("the cursor file " + path + " does not hold a number: delete it to start "
                    + "from the live end of the stream", ex);
        }
    }

    @Override
    public void save(long cursor) {
        try {
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".cursor", ".tmp");
            Files.writeString(temp, Long.toString(cursor), StandardCharsets.UTF_8);
            try {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (AtomicMoveNotSupportedException ex) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot write the cursor file " + path, ex);
        }
    }
}
