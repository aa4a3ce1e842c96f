package io.tidemark.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Objects as files under a root directory; a put is write-to-temp, fsync, atomic rename. */
public final class FileBlobStore implements BlobStore {
  private final Path root;
  private final boolean fsync;

  public FileBlobStore(Path root, boolean fsync) {
    this.root = root;
    this.fsync = fsync;
  }

  public Path root() {
    return root;
  }

  private Path file(String key) {
    return root.resolve(key);
  }

  @Override
  public byte[] get(String key) {
    try {
      return Files.readAllBytes(file(key));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public byte[] head(String key, int bytes) {
    try (java.io.InputStream in = Files.newInputStream(file(key))) {
      return in.readNBytes(bytes);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void put(String key, byte[] data) {
    put(key, out -> out.write(data));
  }

  /** Streams into a temporary file, forces it to disk, then renames it into place atomically. */
  @Override
  public void put(String key, Content content) {
    Path target = file(key);
    try {
      Files.createDirectories(target.getParent());
      Path temp = target.resolveSibling(target.getFileName() + ".tmp");
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
        content.writeTo(out);
        out.flush();
        if (fsync) {
          ch.force(true);
        }
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      if (fsync) {
        syncDirectory(target.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes a rename or a new file in the directory durable. */
  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some file systems cannot open directories for sync; the data itself was forced
    }
  }

  @Override
  public List<String> list(String prefix) {
    Path base = file(prefix);
    Path dir = prefix.endsWith("/") ? base : base.getParent();
    List<String> keys = new ArrayList<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return keys;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(k -> k.startsWith(prefix) && !k.endsWith(".tmp"))
          .sorted()
          .forEach(keys::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return keys;
  }

  @Override
  public void delete(String key) {
    try {
      Files.deleteIfExists(file(key));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void deleteTree(String prefix) {
    Path dir = file(prefix);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
