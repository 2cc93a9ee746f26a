/**
 * What the SWF and Step Functions bindings share over AWS SDK for Java v2: error classification,
 * redaction and the retry loop. Not API: may change in any release without notice.
 */
@NullMarked
package dev.taskbridge.aws.internal;

import org.jspecify.annotations.NullMarked;
