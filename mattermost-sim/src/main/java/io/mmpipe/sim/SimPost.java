package io.mmpipe.sim;

/** A post as the simulator stores it (the public view handed to tests). */
public record SimPost(String id, String channelId, String userId, String rootId, String message,
                      long createAt, long updateAt, long editAt, long deleteAt) {}
