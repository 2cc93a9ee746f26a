/**
 * The contract every taskbridge binding passes, shipped as a library for the bindings' tests: the
 * suites ({@link dev.taskbridge.contract.ReporterContractTest} for the failure report, {@link
 * dev.taskbridge.contract.TaskClientContractTest} for the other calls of a task), the scripted
 * {@link dev.taskbridge.contract.StubBackend}, and the fixtures that open real tasks on an emulator
 * ({@link dev.taskbridge.contract.EmulatorTasks}). Not API for applications.
 */
@NullMarked
package dev.taskbridge.contract;

import org.jspecify.annotations.NullMarked;
