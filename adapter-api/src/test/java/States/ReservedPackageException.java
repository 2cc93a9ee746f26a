package States;

/** An exception whose fully qualified name begins with {@code "States."}, the reserved prefix. */
public class ReservedPackageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message. */
  public ReservedPackageException(String message) {
    super(message);
  }
}
