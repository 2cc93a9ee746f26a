/** Build-time MapStruct support for AWS SDK for Java v2 model classes. */
@NullMarked
package dev.taskbridge.mapstruct;

import org.jspecify.annotations.NullMarked;
