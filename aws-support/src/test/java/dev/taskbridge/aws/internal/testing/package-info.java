/**
 * Test support shipped in the aws-support test-jar: a scripted stub backend and the contract suite.
 */
@NullMarked
package dev.taskbridge.aws.internal.testing;

import org.jspecify.annotations.NullMarked;
