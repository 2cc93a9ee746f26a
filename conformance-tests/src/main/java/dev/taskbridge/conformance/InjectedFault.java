package dev.taskbridge.conformance;

/** The faults a target with {@link Capability#FAULT_INJECTION} can put on the next calls. */
public enum InjectedFault {
  /** 400 ThrottlingException "Rate exceeded". */
  THROTTLING,
  /** Step Functions 400 KmsThrottlingException (the SDK does not retry it). */
  KMS_THROTTLING,
  /** SWF 400 LimitExceededFault (the SDK does not retry it). */
  LIMIT_EXCEEDED,
  /** 400 AccessDeniedException, as IAM answers. */
  ACCESS_DENIED,
  /** SWF 400 OperationNotPermittedFault. */
  OPERATION_NOT_PERMITTED,
  /** Step Functions 400 KmsAccessDeniedException. */
  KMS_ACCESS_DENIED,
  /** Step Functions 400 KmsInvalidStateException with key state DISABLED. */
  KMS_INVALID_STATE,
  /** 500 InternalFailure. */
  INTERNAL_FAILURE,
  /** 503 ServiceUnavailable. */
  SERVICE_UNAVAILABLE,
  /** The call is applied, then the connection is dropped before the answer. */
  DROP_AFTER_APPLY
}
