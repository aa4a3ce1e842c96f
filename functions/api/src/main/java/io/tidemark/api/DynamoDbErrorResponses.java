package io.tidemark.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.tidemark.ops.Dispatcher;
import io.tidemark.wire.DynamoDbException;
import io.tidemark.wire.ErrorType;
import jakarta.inject.Singleton;

/**
 * Errors the framework raises before a request reaches the controller (no route, wrong method,
 * body too large, unreadable body) come back in DynamoDB's error shape, not Micronaut's.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class DynamoDbErrorResponses implements ErrorResponseProcessor<byte[]> {
  @Override
  public MutableHttpResponse<byte[]> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
    HttpStatus status = response.getStatus();
    DynamoDbException error;
    if (status == HttpStatus.NOT_FOUND || status == HttpStatus.METHOD_NOT_ALLOWED) {
      error = new DynamoDbException(ErrorType.UnknownOperationException, null);
    } else if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
      error = DynamoDbException.validation("Request size exceeded the maximum allowed size of 16 MB");
    } else if (status.getCode() >= 500) {
      error = new DynamoDbException(ErrorType.InternalServerError, "Internal server error");
    } else {
      String message = context.getErrors().isEmpty() ? status.getReason() : context.getErrors().get(0).getMessage();
      error = DynamoDbException.serialization(message);
    }
    Dispatcher.Response body = Dispatcher.error(error);
    MutableHttpResponse<byte[]> result = DynamoDbResponses.of(body);
    if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
      result.status(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
    }
    return result;
  }
}
