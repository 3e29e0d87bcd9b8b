package io.mmpipe.gateway.security;

import io.javalin.http.Context;

/** Decides the {@link Principal} of a request (from its headers; never from the URL). */
@FunctionalInterface
public interface PrincipalResolver {

  Principal resolve(Context ctx);

  /** Everyone is anonymous: the seam where API tokens and Mattermost users will be resolved. */
  static PrincipalResolver anonymous() {
    Principal.Anonymous anon = new Principal.Anonymous();
    return ctx -> anon;
  }
}
