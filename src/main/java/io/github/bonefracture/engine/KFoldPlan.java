package io.github.bonefracture.engine;

import io.github.bonefracture.backend.Backend;
import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;
import io.github.bonefracture.core.Sha256;
import io.github.bonefracture.data.Label;
import io.github.bonefracture.data.Sample;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A k-fold run as plain data, for folds that train in other processes (a
 * cluster's executors): the images (paths every worker reads, labels,
 * patients), each configuration's settings and starting network (after any
 * pretraining, done once where the plan is made), each repeat's fold
 * assignment, and one task per configuration, repeat and fold.
 */
public final class KFoldPlan implements Serializable {
	private static final long serialVersionUID = 1L;

	/** One fold of one repeat of one configuration. */
	public static final class Task implements Serializable {
		private static final long serialVersionUID = 1L;
		public final int config;
		public final int repeat;
		public final int fold;

		Task(int config, int repeat, int fold) {
			this.config = config;
			this.repeat = repeat;
			this.fold = fold;
		}

		@Override
		public String toString() {
			return "configuration " + (config + 1) + ", repeat " + (repeat + 1) + ", fold " + (fold + 1);
		}
	}

	private final String[] files;
	private final boolean[] fracture;
	private final String[] groups;
	private final String[] configs;
	private final byte[][] startNetworks;
	private final int[][] folds;
	private final List<Task> tasks;

	KFoldPlan(List<Sample> samples, List<TrainingConfig> configs, List<ComputationGraph> starts, List<int[]> folds, int k) {
		int n = samples.size();
		files = new String[n];
		fracture = new boolean[n];
		groups = new String[n];
		for (int i = 0; i < n; i++) {
			files[i] = samples.get(i).path().toString();
			fracture[i] = samples.get(i).label() == Label.FRACTURE;
			groups[i] = samples.get(i).group();
		}
		this.configs = configs.stream().map(TrainingConfig::toJson).toArray(String[]::new);
		this.startNetworks = starts.stream().map(KFoldPlan::bytes).toArray(byte[][]::new);
		this.folds = folds.toArray(new int[0][]);
		List<Task> t = new ArrayList<>();
		for (int c = 0; c < this.configs.length; c++)
			for (int r = 0; r < this.folds.length; r++)
				for (int f = 0; f < k; f++) t.add(new Task(c, r, f));
		tasks = Collections.unmodifiableList(t);
	}

	public List<Task> tasks() {
		return tasks;
	}

	/**
	 * SHA-256 of everything a task's outcome depends on (images, labels,
	 * patients, settings, starting networks, fold assignments, the releases
	 * of this plugin and DL4J that compute it): a stored outcome is reused
	 * only by a plan with the same key, so another release trains its folds
	 * again rather than mixing its results with an older one's.
	 */
	public String key() {
		return key(ModelFile.releases());
	}

	String key(java.util.Map<String, String> releases) {
		try (ByteArrayOutputStream b = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(b)) {
			out.writeInt(files.length);
			for (int i = 0; i < files.length; i++) {
				out.writeUTF(files[i]);
				out.writeBoolean(fracture[i]);
				out.writeUTF(String.valueOf(groups[i]));
			}
			out.writeInt(configs.length);
			for (int c = 0; c < configs.length; c++) {
				byte[] json = configs[c].getBytes(StandardCharsets.UTF_8);
				out.writeInt(json.length);
				out.write(json);
				out.writeInt(startNetworks[c].length);
				out.write(startNetworks[c]);
			}
			out.writeInt(folds.length);
			for (int[] f : folds) {
				out.writeInt(f.length);
				for (int v : f) out.writeInt(v);
			}
			out.writeInt(tasks.size());
			for (java.util.Map.Entry<String, String> e : new java.util.TreeMap<>(releases).entrySet()) {
				out.writeUTF(e.getKey());
				out.writeUTF(e.getValue());
			}
			out.flush();
			return Sha256.hex(b.toByteArray());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * Trains task i here: reads its configuration's images, builds the trainer
	 * on the backend, and trains the fold from the plan's starting network.
	 */
	public FoldOutcome run(int i, Backend backend, Progress progress) {
		Task task = tasks.get(i);
		TrainingConfig c = TrainingConfig.fromJson(configs[task.config]);
		List<Sample> samples = new ArrayList<>();
		for (int s = 0; s < files.length; s++) samples.add(new Sample(Paths.get(files[s]), fracture[s] ? Label.FRACTURE : Label.NORMAL, groups[s]));
		LoadedImages all = LoadedImages.load(samples, c.architecture.preprocessing(c), c.maxPixels(), progress);
		if (all.size() != samples.size())
			throw new InvalidInputException("Task " + task + ": " + (samples.size() - all.size()) + " of the plan's images could not be read here; "
				+ "every worker must see the dataset at the same path");
		Trainer trainer = new Trainer(c, backend, progress, null);
		return FoldWork.run(c, all, trainer, network(startNetworks[task.config]), folds[task.repeat], task.fold);
	}

	/** A graph as its configuration and parameters: bytes this process made for its own workers. */
	private static byte[] bytes(ComputationGraph g) {
		try (ByteArrayOutputStream b = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(b)) {
			byte[] conf = g.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8);
			out.writeInt(conf.length);
			out.write(conf);
			Nd4j.write(g.params(), out);
			out.flush();
			return b.toByteArray();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static ComputationGraph network(byte[] bytes) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
			byte[] conf = new byte[in.readInt()];
			in.readFully(conf);
			INDArray params = Nd4j.read(in);
			ComputationGraph g = new ComputationGraph(ComputationGraphConfiguration.fromJson(new String(conf, StandardCharsets.UTF_8)));
			g.init(params, false);
			return g;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
