package dev.taskbridge.emulator.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * One operation of an engine ({@code E}): its answer to a request, completed at once or when a long
 * poll ends. Each engine keeps its operations in one table by wire name; the table's key set is
 * what the server routes to the engine, so nothing is routed that the engine does not serve.
 */
@FunctionalInterface
interface EngineOperation<E> {

  CompletableFuture<Reply> run(E engine, Req request);

  /** An operation that answers at once. */
  static <E> EngineOperation<E> sync(BiFunction<E, Req, Reply> op) {
    return (e, r) -> CompletableFuture.completedFuture(op.apply(e, r));
  }

  /**
   * Runs operation {@code op} of {@code engine} from its {@code table}; an unknown name is the
   * service's {@code UnknownOperationException}, named with {@code targetPrefix} as the wire's
   * {@code X-Amz-Target} names it.
   */
  static <E> CompletableFuture<Reply> dispatch(
      Map<String, EngineOperation<E>> table, E engine, String targetPrefix, String op, Req r) {
    EngineOperation<E> operation = table.get(op);
    if (operation == null) {
      throw new ApiException(
          400, ApiException.UNKNOWN_OPERATION, "Unknown operation " + targetPrefix + op);
    }
    return operation.run(engine, r);
  }
}
