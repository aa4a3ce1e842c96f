package io.tidemark.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.tidemark.ops.Dispatcher;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/** The HTTP envelope of every DynamoDB answer: content type, request id, CRC32 of the body. */
final class DynamoDbResponses {
  static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  /** Parsed once: building a MediaType from a string on every response showed up in profiles. */
  private static final MediaType MEDIA_TYPE = MediaType.of(CONTENT_TYPE);
  private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  private static final int ID_LENGTH = 52;

  private DynamoDbResponses() {}

  static MutableHttpResponse<byte[]> of(Dispatcher.Response response) {
    CRC32 crc = new CRC32();
    crc.update(response.body());
    return HttpResponse.<byte[]>status(HttpStatus.valueOf(response.status()))
        .body(response.body())
        .contentType(MEDIA_TYPE)
        .header("x-amzn-RequestId", requestId())
        .header("x-amz-crc32", Long.toString(crc.getValue()));
  }

  /**
   * A request id in DynamoDB's form: 52 upper-case letters and digits. Only needs to be unique
   * enough to find a request in logs, so no secure random source (which costs a system call).
   */
  static String requestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] id = new char[ID_LENGTH];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
    }
    return new String(id);
  }
}
