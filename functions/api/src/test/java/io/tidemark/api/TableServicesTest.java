package io.tidemark.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** Tags, TTL settings, DescribeLimits and DescribeEndpoints through the SDK. */
class TableServicesTest extends SdkTestBase {
  private static Map<String, String> tagsOf(String arn) {
    return ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags().stream()
        .collect(Collectors.toMap(Tag::key, Tag::value));
  }

  @Test
  void tagsAreAddedReplacedListedAndRemoved() {
    String table = createTable("tags", "pk", ScalarAttributeType.S, null, null);
    String arn = ddb.describeTable(r -> r.tableName(table)).table().tableArn();
    assertEquals(Map.of(), tagsOf(arn));
    ddb.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("env").value("dev").build(),
        Tag.builder().key("team").value("core").build()));
    ddb.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("env").value("prod").build()));
    assertEquals(Map.of("env", "prod", "team", "core"), tagsOf(arn));
    ddb.untagResource(r -> r.resourceArn(arn).tagKeys("team", "not-there"));
    assertEquals(Map.of("env", "prod"), tagsOf(arn));
    assertError(DynamoDbException.class, "ValidationException", null,
        () -> ddb.tagResource(r -> r.resourceArn("not-a-valid-arn").tags(Tag.builder().key("k").value("v").build())));
    assertError(ResourceNotFoundException.class, "ResourceNotFoundException", null,
        () -> ddb.listTagsOfResource(r -> r.resourceArn(arn.replace(table, "no-such-table"))));
    DynamoDbException foreign = org.junit.jupiter.api.Assertions.assertThrows(DynamoDbException.class,
        () -> ddb.listTagsOfResource(r -> r.resourceArn(arn.replace("000000000000", "123456789012"))));
    assertEquals("AccessDeniedException", foreign.awsErrorDetails().errorCode());
  }

  @Test
  void timeToLiveIsStoredAndDescribed() {
    String table = createTable("ttl", "pk", ScalarAttributeType.S, null, null);
    assertEquals(TimeToLiveStatus.DISABLED,
        ddb.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription().timeToLiveStatus());
    var updated = ddb.updateTimeToLive(r -> r.tableName(table)
        .timeToLiveSpecification(s -> s.enabled(true).attributeName("expires")));
    assertEquals("expires", updated.timeToLiveSpecification().attributeName());
    var described = ddb.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription();
    assertEquals(TimeToLiveStatus.ENABLED, described.timeToLiveStatus());
    assertEquals("expires", described.attributeName());
    assertError(DynamoDbException.class, "ValidationException", "TimeToLive is already enabled",
        () -> ddb.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(s -> s.enabled(true).attributeName("expires"))));
    assertError(DynamoDbException.class, "ValidationException", null,
        () -> ddb.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(s -> s.enabled(true).attributeName(""))));
    assertError(ResourceNotFoundException.class, "ResourceNotFoundException", "Requested resource not found",
        () -> ddb.describeTimeToLive(r -> r.tableName("no-such-table")));
    ddb.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(s -> s.enabled(false).attributeName("expires")));
    assertEquals(TimeToLiveStatus.DISABLED,
        ddb.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription().timeToLiveStatus());
  }

  @Test
  void limitsAndEndpoints() {
    DescribeLimitsResponse limits = ddb.describeLimits(r -> { });
    assertEquals(80000L, limits.accountMaxReadCapacityUnits());
    assertEquals(40000L, limits.tableMaxWriteCapacityUnits());
    var endpoints = ddb.describeEndpoints(r -> { }).endpoints();
    assertEquals(1, endpoints.size());
    assertEquals(server.endpoint().getAuthority(), endpoints.get(0).address(), "clients stay on this server");
    assertTrue(endpoints.get(0).cachePeriodInMinutes() > 0);
  }
}
