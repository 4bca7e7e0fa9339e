package io.github.bonefracture.distributed;

import io.github.bonefracture.core.InvalidInputException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Files on whatever file system Spark's Hadoop layer reads (local, NFS, HDFS,
 * S3 with its connector), with the driver's Hadoop settings carried to the
 * executors as plain strings (Hadoop's Configuration is not serialisable).
 */
final class HadoopFiles implements Serializable {
	private static final long serialVersionUID = 1L;

	private final Map<String, String> settings;
	private transient Configuration conf;

	HadoopFiles(Configuration driver) {
		settings = new HashMap<>();
		for (Map.Entry<String, String> e : driver) settings.put(e.getKey(), e.getValue());
	}

	Configuration conf() {
		if (conf == null) {
			conf = new Configuration(false);
			settings.forEach(conf::set);
		}
		return conf;
	}

	FileSystem fs(String uri) {
		try {
			return new Path(uri).getFileSystem(conf());
		} catch (IOException e) {
			throw new InvalidInputException("No file system for " + uri + ": " + e.getMessage());
		}
	}

	boolean exists(String uri) {
		try {
			return fs(uri).exists(new Path(uri));
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot look at " + uri, e);
		}
	}

	byte[] read(String uri) {
		try (InputStream in = fs(uri).open(new Path(uri))) {
			return in.readAllBytes();
		} catch (IOException e) {
			throw new InvalidInputException("Cannot read " + uri + ": " + e.getMessage());
		}
	}

	/** A local copy of uri in dir, its file name kept (the readers go by it). */
	java.nio.file.Path copyToLocal(String uri, java.nio.file.Path dir) throws IOException {
		java.nio.file.Path local = dir.resolve(new Path(uri).getName());
		try (InputStream in = fs(uri).open(new Path(uri))) {
			Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
		}
		return local;
	}

	/** Writes uri whole or not at all: a hidden temporary beside it, renamed when complete. */
	void write(String uri, Body body) throws IOException {
		Path target = new Path(uri);
		FileSystem fs = fs(uri);
		Path tmp = new Path(target.getParent(), ".bfd-" + UUID.randomUUID() + "." + target.getName());
		try {
			try (FSDataOutputStream out = fs.create(tmp, true)) {
				body.write(out);
				out.hsync();
			}
			// Rename does not replace on HDFS: a retried task's earlier copy goes first.
			if (fs.exists(target)) fs.delete(target, false);
			if (!fs.rename(tmp, target)) throw new IOException("could not rename " + tmp + " to " + target);
		} finally {
			if (fs.exists(tmp)) fs.delete(tmp, false);
		}
	}

	interface Body {
		void write(OutputStream out) throws IOException;
	}
}
