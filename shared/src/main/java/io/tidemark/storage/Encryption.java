package io.tidemark.storage;

/**
 * How a store should encrypt, at rest, an object it writes. Storage-neutral: the engine chooses
 * one per table and hands it down; only {@link S3BlobStore} turns it into request headers.
 * {@link LocalStorage} ignores it: encrypting a local disk is the operating system's job (an
 * encrypted volume or file system), not the database's.
 *
 * <p>A table's setting follows from its SSESpecification ({@link #forTable}), as DynamoDB
 * documents it (API reference, SSESpecification,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_SSESpecification.html):
 *
 * <ul>
 *   <li>Enabled false or absent: DynamoDB uses an AWS owned key, which the table's owner neither
 *       sees nor manages. The store's own keys are the counterpart: SSE-S3 ({@link #STORE_KEYS}).
 *   <li>Enabled true with a KMSMasterKeyId: SSE-KMS with that key ({@code aws:kms} and the key id
 *       as given: a key id, key ARN, alias name or alias ARN, each of which S3's PutObject takes as
 *       well, https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html).
 *   <li>Enabled true without a key id: DynamoDB uses its AWS managed key {@code alias/aws/dynamodb}.
 *       S3 cannot use that key (an AWS managed key works only through the service it belongs to,
 *       https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html), so the counterpart
 *       is SSE-KMS with S3's own AWS managed key {@code aws/s3}, the one S3 uses for aws:kms
 *       without a key id (PutObject, x-amz-server-side-encryption-aws-kms-key-id): a KMS key in
 *       the account, managed by AWS, as in DynamoDB. Here that is {@link #kms kms(null)}; the S3
 *       store names the key by its alias ({@link S3BlobStore#S3_MANAGED_KMS_KEY}).
 * </ul>
 *
 * SSEType's only supported value is KMS (the same page), so Enabled alone decides between the two
 * kinds. The catalog, backup manifests and transaction records that name no table's items use
 * {@link #STORE_KEYS}: they hold definitions, positions and client tokens, no items.
 *
 * @param kmsKeyId the KMS key for {@link Kind#KMS}, or null for the store's AWS managed key; always
 *                 null for {@link Kind#STORE_KEYS}
 */
public record Encryption(Kind kind, String kmsKeyId) {
  public enum Kind {
    /** Keys the store owns and manages (SSE-S3 on S3). */
    STORE_KEYS,
    /** A KMS key (SSE-KMS on S3). */
    KMS
  }

  /** What a table without SSE enabled gets, and every object that belongs to no table. */
  public static final Encryption STORE_KEYS = new Encryption(Kind.STORE_KEYS, null);

  public Encryption {
    if (kind == null) {
      throw new IllegalArgumentException("no kind of encryption");
    }
    if (kind == Kind.STORE_KEYS && kmsKeyId != null) {
      throw new IllegalArgumentException("a KMS key id needs KMS encryption");
    }
  }

  /** SSE-KMS with this key, or with the store's AWS managed key if {@code kmsKeyId} is null. */
  public static Encryption kms(String kmsKeyId) {
    return new Encryption(Kind.KMS, kmsKeyId);
  }

  /**
   * A table's encryption from its SSESpecification as the table descriptor keeps it (see the
   * class comment for the mapping).
   */
  public static Encryption forTable(boolean sseEnabled, String kmsKeyId) {
    return sseEnabled ? kms(kmsKeyId) : STORE_KEYS;
  }
}
