package io.tidemark.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.tidemark.ops.Dispatcher;
import java.util.UUID;
import java.util.zip.CRC32;

/** The HTTP envelope of every DynamoDB answer: content type, request id, CRC32 of the body. */
final class DynamoDbResponses {
  static final String CONTENT_TYPE = "application/x-amz-json-1.0";

  private DynamoDbResponses() {}

  static MutableHttpResponse<byte[]> of(Dispatcher.Response response) {
    CRC32 crc = new CRC32();
    crc.update(response.body());
    return HttpResponse.<byte[]>status(HttpStatus.valueOf(response.status()))
        .body(response.body())
        .contentType(CONTENT_TYPE)
        .header("x-amzn-RequestId", UUID.randomUUID().toString())
        .header("x-amz-crc32", Long.toString(crc.getValue()));
  }
}
