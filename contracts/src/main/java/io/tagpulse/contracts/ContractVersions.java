package io.tagpulse.contracts;

import java.util.Optional;

/**
 * How the contracts evolve. A version changes only by adding optional fields, so that both directions keep working:
 * a newer consumer reads an older producer's records (a field it does not find is absent, and a record without a
 * {@code version} is version 1), and an older consumer reads a newer producer's records (it ignores the fields it
 * does not know). A change that removes or redefines a field is not a new version of these contracts but a new
 * contract on new topics. So a reader accepts any version from 1 up; a version below 1 is invalid.
 */
public final class ContractVersions {

    /** The version of records written before the contracts carried one. */
    public static final int FIRST = 1;

    private ContractVersions() {
    }

    static Integer orFirst(Integer version) {
        return version == null ? FIRST : version;
    }

    static Optional<String> check(Integer version) {
        return version != null && version < FIRST
                ? Optional.of("field 'version' must be at least " + FIRST + ", was " + version)
                : Optional.empty();
    }
}
