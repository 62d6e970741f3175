package io.tagpulse.dataflow.cli;

/** A definition file the CLI cannot use; the message says where (file, line and column) and what is wrong. */
public class DefinitionException extends RuntimeException {

    public DefinitionException(String message) {
        super(message);
    }
}
