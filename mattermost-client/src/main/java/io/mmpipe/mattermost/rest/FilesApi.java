package io.mmpipe.mattermost.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Attachments: upload one, read its FileInfo, download it. */
public final class FilesApi {

  private static final Pattern FILENAME = Pattern.compile("filename\\*?=(?:UTF-8'')?\"?([^\";]+)\"?");

  private final Caller caller;

  FilesApi(Caller caller) {
    this.caller = caller;
  }

  /**
   * Uploads a file to a channel (multipart {@code POST /files}) so a post can attach it by id; answers the FileInfo
   * of the one file (the server's answer is {@code {"file_infos":[…],"client_ids":[…]}}).
   */
  public JsonNode upload(String channelId, String fileName, String contentType, byte[] content) {
    MultipartForm form = new MultipartForm().field("channel_id", PostsApi.require(channelId, "channelId"))
        .file("files", PostsApi.require(fileName, "fileName"),
            contentType == null || contentType.isEmpty() ? "application/octet-stream" : contentType, content);
    JsonNode answer = caller.postMultipart("/api/v4/files", form);
    JsonNode info = answer.path("file_infos").path(0);
    if (!info.isObject()) {
      throw new MattermostApiException(MattermostApiException.Kind.PERMANENT, 201, null,
          "POST /api/v4/files answered without file_infos: " + answer, null);
    }
    return info;
  }

  /** A file's metadata: name, extension, size, mime_type, post_id ({@code GET /files/{id}/info}). */
  public JsonNode info(String fileId) {
    return caller.get(Caller.path("/api/v4/files/{}/info", fileId), Query.none());
  }

  /** A file's bytes ({@code GET /files/{id}}). */
  public FileContent download(String fileId) {
    HttpResponse<byte[]> res = caller.getBytes(Caller.path("/api/v4/files/{}", fileId));
    String type = res.headers().firstValue("Content-Type").orElse("application/octet-stream");
    String name = res.headers().firstValue("Content-Disposition").map(FILENAME::matcher).filter(Matcher::find)
        .map(m -> m.group(1)).orElse("");
    return new FileContent(res.body(), type, name);
  }
}
