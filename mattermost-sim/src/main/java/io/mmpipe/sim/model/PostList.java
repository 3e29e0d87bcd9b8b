package io.mmpipe.sim.model;

import java.util.List;
import java.util.Map;

/**
 * Mattermost's PostList: {@code order} (newest first) lists the answer; {@code posts} may hold more rows (the roots
 * of returned replies).
 */
public record PostList(List<String> order, Map<String, PostRow> posts, String nextPostId, String prevPostId,
                       boolean hasNext) {}
