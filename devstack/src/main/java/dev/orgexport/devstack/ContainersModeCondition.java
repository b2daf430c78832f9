package dev.orgexport.devstack;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips every integration test class ({@code *IT}) in Testcontainers mode when no Docker engine
 * answers, with the reason, before any of its fixtures runs. Registered through JUnit's
 * extension auto-detection, which the Maven profile {@code containers} switches on; without it
 * each test class would fail in its own way when its first container cannot start.
 */
public final class ContainersModeCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (DevStack.mode() != DevStack.Mode.CONTAINERS) {
            return ConditionEvaluationResult.enabled("embedded dev stack");
        }
        boolean integrationTest = context.getTestClass().map(c -> c.getSimpleName().endsWith("IT")).orElse(false);
        if (!integrationTest || DevStack.dockerAvailable()) {
            return ConditionEvaluationResult.enabled("Docker is reachable, or not an integration test");
        }
        return ConditionEvaluationResult.disabled("Testcontainers mode (-D" + DevStack.MODE_PROPERTY
                + "=containers) needs a Docker engine, and none is reachable from this machine");
    }
}
