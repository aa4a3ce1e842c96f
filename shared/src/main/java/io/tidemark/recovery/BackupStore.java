package io.tidemark.recovery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.storage.BlobStore;
import io.tidemark.wire.JsonReader;
import io.tidemark.wire.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The backup manifests, one blob each under {@code backups/}; written once, then only deleted. */
public final class BackupStore {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String PREFIX = "backups/";
  /** A backup's id: its creation in epoch milliseconds, and 8 random hex digits ({@code CreateBackup}). */
  public static final String ID = "[0-9]{14}-[0-9a-f]{8}";

  private final BlobStore blobs;

  public BackupStore(BlobStore blobs) {
    this.blobs = blobs;
  }

  public void put(Backup backup) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      backup.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    blobs.put(PREFIX + backup.id(), out.toByteArray());
  }

  /** The backup an ARN names, or null. */
  public Backup get(String arn) {
    int at = arn.lastIndexOf("/backup/");
    if (at < 0) {
      return null;
    }
    String id = arn.substring(at + "/backup/".length());
    if (!id.matches(ID)) {
      return null;
    }
    byte[] data = blobs.get(PREFIX + id);
    if (data == null) {
      return null;
    }
    Backup backup = Backup.read(new Request(JsonReader.readObject(data)));
    return backup.arn().equals(arn) ? backup : null;
  }

  /** Every backup, oldest first. */
  /** The backup with this id, or null. */
  public Backup byId(String id) {
    byte[] data = blobs.get(PREFIX + id);
    return data == null ? null : Backup.read(new Request(JsonReader.readObject(data)));
  }

  /** Whether the backup is still there (not deleted, not expired and dropped). */
  public boolean exists(String id) {
    return blobs.head(PREFIX + id, 1) != null;
  }

  public List<Backup> list() {
    List<Backup> backups = new ArrayList<>();
    for (String key : blobs.list(PREFIX)) {
      byte[] data = blobs.get(key);
      if (data != null) {
        backups.add(Backup.read(new Request(JsonReader.readObject(data))));
      }
    }
    backups.sort(Comparator.comparingDouble(Backup::created).thenComparing(Backup::id));
    return backups;
  }

  public void delete(Backup backup) {
    blobs.delete(PREFIX + backup.id());
  }

  /** Whether some backup still needs the stored checkpoints and logs of the table with this id. */
  public boolean referencesTable(String tableId) {
    for (Backup b : list()) {
      if (b.source().id.equals(tableId)) {
        return true;
      }
    }
    return false;
  }
}
