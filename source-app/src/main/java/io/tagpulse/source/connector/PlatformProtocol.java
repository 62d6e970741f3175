package io.tagpulse.source.connector;

/**
 * What every platform's {@link LiveProtocol} holds as data rather than behaviour: its name, and what a person should
 * check when the server refuses the credentials.
 */
public abstract class PlatformProtocol implements LiveProtocol {

    private final String name;

    private final String credentialsHint;

    protected PlatformProtocol(String name, String credentialsHint) {
        this.name = name;
        this.credentialsHint = credentialsHint;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String credentialsHint() {
        return credentialsHint;
    }
}
