package io.tidemark.partiql;

/**
 * The RETURNING clause of UPDATE and DELETE, named as the ReturnValues parameter of UpdateItem /
 * DeleteItem: {@code ALL OLD *} is ALL_OLD, {@code MODIFIED OLD *} UPDATED_OLD, {@code ALL NEW *}
 * ALL_NEW, {@code MODIFIED NEW *} UPDATED_NEW (AWS ql-reference.update, "returnvalues").
 */
public enum ReturnValues {
  NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW
}
