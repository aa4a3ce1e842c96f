package io.tidemark.testing.s3;

import java.io.InputStream;
import java.util.concurrent.locks.ReentrantLock;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;

import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Makes S3Proxy's conditional PUT atomic.
 *
 * <p>For its in-memory and filesystem stores S3Proxy answers {@code If-Match} on PutObject by
 * reading the key's metadata and then writing unconditionally, so of N writers holding the same
 * ETag several can succeed. Here every write of a key (put, copy onto it, delete, multipart
 * completion) takes the key's lock, and a put checks its {@code If-Match} / {@code If-None-Match}
 * again under that lock, against the store, right before it writes. S3Proxy's own check before
 * the call is then only an early answer; the one that counts is this one. The store itself
 * already publishes {@code If-None-Match: *} atomically (a hard link that fails if the key
 * exists); holding the lock for those too keeps every write of a key in one order.
 *
 * <p>Not covered (S3Proxy decides these before the store sees the condition): {@code If-Match}
 * on DeleteObject and on CompleteMultipartUpload stay a check followed by a write.
 */
final class SerializedWritesBlobStore extends ForwardingBlobStore {
    private static final int STRIPES = 256;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    SerializedWritesBlobStore(BlobStore delegate) {
        super(delegate);
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    private ReentrantLock lockFor(String container, String key) {
        int h = container.hashCode() * 31 + key.hashCode();
        h ^= h >>> 16;
        return locks[Math.floorMod(h, STRIPES)];
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream payload) {
        ReentrantLock lock = lockFor(request.bucket(), request.key());
        lock.lock();
        try {
            String ifMatch = request.ifMatch();
            String ifNoneMatch = request.ifNoneMatch();
            if (ifMatch != null || ifNoneMatch != null) {
                check(request.bucket(), request.key(), ifMatch, ifNoneMatch);
            }
            return delegate().putBlob(request, payload);
        } finally {
            lock.unlock();
        }
    }

    /** The rules of S3 (and of S3Proxy's own pre-check): a missing key fails If-Match with 404. */
    private void check(String container, String key, String ifMatch, String ifNoneMatch) {
        HeadObjectResponse current = delegate().blobMetadataIfPresent(container, key);
        if (ifMatch != null) {
            if (current == null) {
                throw S3Exceptions.noSuchKey(container, key, "If-Match on a missing key");
            }
            if (!ifMatch.equals("*") && !sameETag(ifMatch, current.eTag())) {
                throw S3Exceptions.preconditionFailed(null);
            }
        }
        if (ifNoneMatch != null && current != null) {
            if (ifNoneMatch.equals("*") || sameETag(ifNoneMatch, current.eTag())) {
                throw S3Exceptions.preconditionFailed(null);
            }
        }
    }

    static boolean sameETag(String a, String b) {
        return b != null && unquote(a).equals(unquote(b));
    }

    private static String unquote(String eTag) {
        String s = eTag.trim();
        if (s.startsWith("W/")) {
            s = s.substring(2);
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        ReentrantLock lock = lockFor(request.destinationBucket(), request.destinationKey());
        lock.lock();
        try {
            return delegate().copyBlob(request);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        ReentrantLock lock = lockFor(request.bucket(), request.key());
        lock.lock();
        try {
            return delegate().removeBlob(request);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
            MultipartUpload mpu, CompleteMultipartUploadRequest request) {
        ReentrantLock lock = lockFor(mpu.containerName(), mpu.blobName());
        lock.lock();
        try {
            return delegate().completeMultipartUpload(mpu, request);
        } finally {
            lock.unlock();
        }
    }
}
