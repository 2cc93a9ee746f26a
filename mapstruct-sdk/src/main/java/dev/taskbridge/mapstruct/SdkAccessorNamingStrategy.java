package dev.taskbridge.mapstruct;

import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import org.mapstruct.ap.spi.DefaultAccessorNamingStrategy;

/**
 * Lets MapStruct read AWS SDK v2 model objects, whose getters have no {@code get} prefix ({@code
 * attributes.reason()}).
 *
 * <p>Without it MapStruct sees no source property on an SDK object, and a reverse mapping compiles
 * to all-null results unless {@code unmappedTargetPolicy = ERROR} stops it. Only public,
 * non-static, no-argument, non-void methods of classes in {@code
 * software.amazon.awssdk.services.*.model} are taken as getters, minus the SDK's own plumbing
 * ({@code toBuilder}, {@code sdkFields}, ...). Every other type keeps MapStruct's default rules.
 */
public final class SdkAccessorNamingStrategy extends DefaultAccessorNamingStrategy {

  private static final Set<String> NOT_PROPERTIES =
      Set.of(
          "toBuilder",
          "sdkFields",
          "sdkFieldNameToField",
          "hashCode",
          "toString",
          "getClass",
          "serializableBuilderClass",
          "responseMetadata",
          "sdkHttpResponse",
          "overrideConfiguration");

  @Override
  public boolean isGetterMethod(ExecutableElement method) {
    return isSdkModelGetter(method) || super.isGetterMethod(method);
  }

  @Override
  public String getPropertyName(ExecutableElement method) {
    return isSdkModelGetter(method)
        ? method.getSimpleName().toString()
        : super.getPropertyName(method);
  }

  private static boolean isSdkModelGetter(ExecutableElement method) {
    Element owner = method.getEnclosingElement();
    if (!(owner instanceof TypeElement type) || type.getKind() != ElementKind.CLASS) {
      return false;
    }
    String name = type.getQualifiedName().toString();
    if (!name.startsWith("software.amazon.awssdk.services.")
        || !name.contains(".model.")
        || name.endsWith(".BuilderImpl")) {
      return false;
    }
    String methodName = method.getSimpleName().toString();
    return method.getModifiers().contains(Modifier.PUBLIC)
        && !method.getModifiers().contains(Modifier.STATIC)
        && method.getParameters().isEmpty()
        && method.getReturnType().getKind() != TypeKind.VOID
        && !NOT_PROPERTIES.contains(methodName)
        && !(methodName.startsWith("has") && method.getReturnType().getKind() == TypeKind.BOOLEAN);
  }
}
