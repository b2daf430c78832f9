package dev.orgexport.cli.operator;

/**
 * Marks a command an operator runs at a terminal (as opposed to a long-running service): its
 * answer is what it prints on standard output, so orgexport's own INFO log lines (database
 * ready, runs created...) stay off the terminal unless {@code ORGEXPORT_LOG_LEVEL} asks for them.
 */
public interface OperatorCommand {
}
