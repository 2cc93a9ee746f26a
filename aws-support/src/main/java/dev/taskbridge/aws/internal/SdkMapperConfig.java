package dev.taskbridge.aws.internal;

import org.mapstruct.MapperConfig;
import org.mapstruct.ReportingPolicy;

/**
 * The MapStruct settings of every taskbridge mapper: an unmapped target is a compile error.
 *
 * <p>Under a laxer policy a mapping from an SDK object silently yields nulls, because SDK v2
 * getters have no {@code get} prefix.
 */
@MapperConfig(
    unmappedTargetPolicy = ReportingPolicy.ERROR,
    unmappedSourcePolicy = ReportingPolicy.IGNORE)
public interface SdkMapperConfig {}
