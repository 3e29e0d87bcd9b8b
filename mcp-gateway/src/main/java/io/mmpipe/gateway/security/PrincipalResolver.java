package io.mmpipe.gateway.security;

import io.javalin.http.Context;

/** Decides the {@link Principal} of a request (from its headers; never from the URL). */
@FunctionalInterface
public interface PrincipalResolver {

  Principal resolve(Context ctx);

  /** Everyone is anonymous: a loopback gateway with no authentication configured ({@link Access}). */
  static PrincipalResolver anonymous() {
    Principal.Anonymous anon = new Principal.Anonymous();
    return ctx -> anon;
  }
}
