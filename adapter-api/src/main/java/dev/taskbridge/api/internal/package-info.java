/**
 * Implementation details shared by the bindings. Not API: may change in any release without notice.
 */
@NullMarked
package dev.taskbridge.api.internal;

import org.jspecify.annotations.NullMarked;
