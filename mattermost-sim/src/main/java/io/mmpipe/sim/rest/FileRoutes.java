package io.mmpipe.sim.rest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.model.Channel;
import io.mmpipe.sim.model.FileInfo;
import io.mmpipe.sim.model.Shapes;
import io.mmpipe.sim.model.User;
import io.mmpipe.sim.world.LockedWorld;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Attachments: multipart upload ({@code POST /files}, a channel member's right), metadata and bytes (readers of the
 * channel and the uploader). Files the load generator attached have no stored bytes: their download is {@code size}
 * zero bytes, capped.
 */
public final class FileRoutes {

  private static final int PLACEHOLDER_CAP = 1 << 20;

  private final LockedWorld world;
  private final ApiSupport api;

  public FileRoutes(LockedWorld world, ApiSupport api) {
    this.world = world;
    this.api = api;
  }

  public void install(RoutesConfig app) {
    app.post("/api/v4/files", this::upload);
    app.get("/api/v4/files/{file_id}", this::download);
    app.get("/api/v4/files/{file_id}/info", ctx -> ApiSupport.json(ctx, Shapes.file(readable(ctx))));
  }

  private void upload(Context ctx) throws IOException {
    User u = api.user(ctx);
    String channelId = ctx.formParam("channel_id");
    if (channelId == null || channelId.isEmpty()) {
      channelId = ctx.queryParam("channel_id");
    }
    if (channelId == null || channelId.isEmpty()) {
      throw ApiException.badRequest("channel_id");
    }
    List<UploadedFile> files = ctx.uploadedFiles("files");
    if (files.isEmpty()) {
      throw new ApiException(400, "api.file.upload_file.incorrect_number_of_files.app_error",
          "Unable to upload files. Incorrect number of files specified.");
    }
    List<Object> infos = new ArrayList<>();
    for (UploadedFile f : files) {
      byte[] content;
      try (InputStream in = f.content()) {
        content = in.readAllBytes();
      }
      String type = f.contentType() == null ? "application/octet-stream" : f.contentType();
      String id = world.uploadFile(u.id(), channelId, f.filename(), type, content);
      infos.add(world.read(s -> Shapes.file(s.file(id).orElseThrow())));
    }
    ctx.status(201);
    ApiSupport.json(ctx, Map.of("file_infos", infos, "client_ids", List.of()));
  }

  private void download(Context ctx) {
    FileInfo f = readable(ctx);
    byte[] content = world.read(s -> s.fileContent(f.id()))
        .orElseGet(() -> new byte[(int) Math.min(Math.max(f.size(), 0), PLACEHOLDER_CAP)]);
    String encoded = URLEncoder.encode(f.name(), StandardCharsets.UTF_8).replace("+", "%20");
    ctx.header("Content-Disposition", "attachment;filename=\"" + f.name().replace("\"", "") + "\"; filename*=UTF-8''"
        + encoded);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.contentType(f.mimeType().isEmpty() ? "application/octet-stream" : f.mimeType()).result(content);
  }

  /** The file, when the caller uploaded it or may read its channel; 404 or 403 AppError otherwise. */
  private FileInfo readable(Context ctx) {
    User u = api.user(ctx);
    String id = ctx.pathParam("file_id");
    return world.read(s -> {
      FileInfo f = s.file(id).orElseThrow(() -> new ApiException(404, "app.file_info.get.app_error",
          "file not found"));
      if (!f.userId().equals(u.id())) {
        Channel c = s.channel(f.channelId()).orElseThrow(() -> ApiException.notFound("channel"));
        Access.requireRead(u, c, s.teamId());
      }
      return f;
    });
  }
}
