/**
 * The taskbridge conformance kit: numbered {@link dev.taskbridge.conformance.Rule rules}, scenarios
 * driven only through the services' public APIs, {@link dev.taskbridge.conformance.Target targets}
 * (the embedded emulator by default, any endpoint by configuration) and the {@link
 * dev.taskbridge.conformance.Matrix matrix} of rule × backend outcomes. Start at {@link
 * dev.taskbridge.conformance.ConformanceKit}.
 */
@NullMarked
package dev.taskbridge.conformance;

import org.jspecify.annotations.NullMarked;
