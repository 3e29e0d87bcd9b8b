package io.mmpipe.schemas;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Avro 1.12.2 loads a class by name (a record, enum or fixed type met while reading) only when a global predicate
 * trusts it, and by default it trusts a few JDK classes and none of ours. The generated contract classes live in
 * exactly one package; this adds that package to whatever the process already trusts, and nothing else, once.
 */
final class ContractClasses {

  static final String PACKAGE = "io.mmpipe.schemas.avro";

  private static boolean installed;

  private ContractClasses() {}

  /** True for the classes Avro generated from our IDL. */
  static boolean isContract(Class<?> c) {
    return PACKAGE.equals(c.getPackageName());
  }

  static synchronized void trust() {
    if (installed) {
      return;
    }
    ClassSecurityPredicate before = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(before, ContractClasses::isContract));
    installed = true;
  }
}
