package io.tidemark.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidemark.storage.FileBlobStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A decision is created once: whichever of commit and abort comes first stands, for everyone. */
class TransactionDecisionsTest {
  private static final TransactionDecisions.Participant LEFT = new TransactionDecisions.Participant("t1", 0, 7);
  private static final TransactionDecisions.Participant RIGHT = new TransactionDecisions.Participant("t2", 1, 3);

  @Test
  void aCommitStandsAgainstALaterAbort(@TempDir Path dir) {
    TransactionDecisions coordinator = new TransactionDecisions(new FileBlobStore(dir, false), 1000);
    assertTrue(coordinator.commit("tx", 1234, List.of(LEFT, RIGHT)));
    TransactionDecisions reader = new TransactionDecisions(new FileBlobStore(dir, false), 1000);
    TransactionDecisions.Decision d = reader.abort("tx", List.of(LEFT));
    assertTrue(d.committed());
    assertEquals(1234, d.commitTime());
    assertEquals(List.of(LEFT, RIGHT), d.participants());
    assertEquals(d, reader.await("tx", LEFT));
  }

  @Test
  void aReaderAbortsAnUndecidedTransactionAfterTheTimeoutAndTheCoordinatorThenFails(@TempDir Path dir) {
    TransactionDecisions reader = new TransactionDecisions(new FileBlobStore(dir, false), 50);
    long started = System.nanoTime();
    TransactionDecisions.Decision d = reader.await("tx", RIGHT);
    assertTrue(System.nanoTime() - started >= 50_000_000L, "waited for the coordinator first");
    assertFalse(d.committed());
    assertEquals(List.of(RIGHT), d.participants());
    TransactionDecisions coordinator = new TransactionDecisions(new FileBlobStore(dir, false), 50);
    assertFalse(coordinator.commit("tx", 99, List.of(LEFT, RIGHT)));
  }

  @Test
  void decisionsReadBackAsWritten() {
    TransactionDecisions.Decision d = TransactionDecisions.parse("tx", "committed 42\nt1 0 7\nt2 1 3\n");
    assertEquals(new TransactionDecisions.Decision(42, 42, List.of(LEFT, RIGHT)), d);
    TransactionDecisions.Decision a = TransactionDecisions.parse("tx", "aborted 43\n");
    assertFalse(a.committed());
    assertEquals(43, a.decidedAt());
  }
}
