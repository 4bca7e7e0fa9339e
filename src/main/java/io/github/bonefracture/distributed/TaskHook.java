package io.github.bonefracture.distributed;

import java.io.Serializable;

/**
 * Called as each Spark task starts, with its partition and attempt number.
 * The jobs pass {@link #NONE}; tests pass one that fails an attempt, to show
 * that Spark's retry loses no result.
 */
@FunctionalInterface
public interface TaskHook extends Serializable {
	TaskHook NONE = (partition, attempt) -> { };

	void starting(int partition, int attempt);
}
