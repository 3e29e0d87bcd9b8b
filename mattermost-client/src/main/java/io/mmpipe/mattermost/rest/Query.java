package io.mmpipe.mattermost.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A query string built one parameter at a time; null values are left out, every value is encoded. */
final class Query {

  private final StringBuilder sb = new StringBuilder();

  static Query none() {
    return new Query();
  }

  Query add(String name, Object value) {
    if (value != null) {
      sb.append(sb.isEmpty() ? '?' : '&').append(name).append('=')
          .append(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
    }
    return this;
  }

  /** "" or "?a=1&b=2". */
  @Override
  public String toString() {
    return sb.toString();
  }
}
