package io.github.bonefracture.engine;

/** The engine tests' tiny untrained model, for tests of other packages. */
public final class ModelFileTestAccess {
	private ModelFileTestAccess() {}

	public static ModelFile tinyModel() {
		return ModelFileTest.tinyModel(1);
	}
}
