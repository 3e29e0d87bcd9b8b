package io.mmpipe.mattermost.rest;

/**
 * A downloaded file.
 *
 * @param contentType as the server sent it ({@code application/octet-stream} when it did not say)
 * @param fileName    from Content-Disposition, or "" when absent
 */
public record FileContent(byte[] bytes, String contentType, String fileName) {}
