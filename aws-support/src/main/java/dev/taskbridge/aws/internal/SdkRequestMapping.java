package dev.taskbridge.aws.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.mapstruct.Mapping;

/**
 * Put on a MapStruct method whose target is an AWS SDK v2 request or its builder: ignores the two
 * builder members that are not request fields ({@code overrideConfiguration}, {@code
 * applyMutation}), so that {@code unmappedTargetPolicy = ERROR} still catches every real field.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
@Mapping(target = "overrideConfiguration", ignore = true)
@Mapping(target = "applyMutation", ignore = true)
public @interface SdkRequestMapping {}
