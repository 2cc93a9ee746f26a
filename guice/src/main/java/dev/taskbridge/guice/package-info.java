/** Guice wiring for taskbridge: the routing reporter over the bindings' map contributions. */
@NullMarked
package dev.taskbridge.guice;

import org.jspecify.annotations.NullMarked;
