package io.tidemark.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.server.netty.DefaultHttpCompressionStrategy;
import io.micronaut.http.server.netty.HttpCompressionStrategy;
import io.netty.handler.codec.http.HttpResponse;
import jakarta.inject.Singleton;

/**
 * Responses are never compressed. The SDKs verify {@code x-amz-crc32} against the bytes they
 * receive, and the checksum is computed on the uncompressed body; besides, Micronaut's default
 * strategy decides by matching the content type against regular expressions on every response,
 * which showed up in profiles.
 */
@Singleton
@Requires(classes = HttpCompressionStrategy.class) // the Lambda package has no Netty
@Replaces(DefaultHttpCompressionStrategy.class)
final class NoCompression implements HttpCompressionStrategy {
  @Override
  public boolean isEnabled() {
    return false;
  }

  @Override
  public boolean shouldCompress(HttpResponse response) {
    return false;
  }

  @Override
  public int getMaxZstdEncodeSize() {
    return 0;
  }
}
