package io.mmpipe.sim.model;

/** An attachment's metadata (the simulator stores no bytes). */
public record FileInfo(String id, String userId, String postId, String channelId, String name, String extension,
                       long size, String mimeType, long createAt) {}
