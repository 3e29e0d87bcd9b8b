package io.mmpipe.mattermost.rest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A multipart/form-data body (RFC 7578): text fields and files, as POST /files takes them. */
final class MultipartForm {

  private record Part(String name, String fileName, String contentType, byte[] content) {}

  private final String boundary = "mmpipe-" + UUID.randomUUID();
  private final List<Part> parts = new ArrayList<>();

  MultipartForm field(String name, String value) {
    parts.add(new Part(name, null, null, value.getBytes(StandardCharsets.UTF_8)));
    return this;
  }

  MultipartForm file(String name, String fileName, String contentType, byte[] content) {
    parts.add(new Part(name, fileName, contentType, content));
    return this;
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  byte[] body() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Part p : parts) {
      StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
          .append("Content-Disposition: form-data; name=\"").append(quoted(p.name())).append('"');
      if (p.fileName() != null) {
        head.append("; filename=\"").append(quoted(p.fileName())).append('"');
      }
      head.append("\r\n");
      if (p.contentType() != null) {
        head.append("Content-Type: ").append(p.contentType()).append("\r\n");
      }
      head.append("\r\n");
      out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      out.writeBytes(p.content());
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** A quoted-string value: quotes, backslashes and line breaks would end the header early. */
  private static String quoted(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", " ").replace("\n", " ");
  }
}
