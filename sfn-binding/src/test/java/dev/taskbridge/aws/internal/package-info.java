/** Targeted unit tests of aws-support's internals, run with the SFN binding's tests (and PIT). */
@NullMarked
package dev.taskbridge.aws.internal;

import org.jspecify.annotations.NullMarked;
