package io.tidemark.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Runs a test class's server with this many shards per new table (the default is one). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface ShardsPerTable {
  int value();
}
