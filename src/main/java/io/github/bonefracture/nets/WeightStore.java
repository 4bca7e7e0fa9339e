package io.github.bonefracture.nets;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * Where pretrained weights come from: a file the user names; else the cache
 * folder; else a download from the official address into the cache, checked
 * against its md5 and moved into place only when complete.
 */
public final class WeightStore {

	public static final String DENSENET121_FILE = "densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5";
	public static final String DENSENET121_MD5 = "30ee3e1110167f948a6b9946edeeb738";
	public static final URI DENSENET121_URL = URI.create(
		"https://storage.googleapis.com/tensorflow/keras-applications/densenet/" + DENSENET121_FILE);
	/** Overrides the default cache folder. */
	public static final String CACHE_PROPERTY = "bonefracture.cache";

	private final Path cacheDir;
	private final URI url;
	private final String fileName;
	private final String md5;

	public WeightStore(Path cacheDir, URI url, String fileName, String md5) {
		this.cacheDir = cacheDir;
		this.url = url;
		this.fileName = fileName;
		this.md5 = md5;
	}

	/** Keras' DenseNet121 ImageNet weights without the top, cached in the given folder. */
	public static WeightStore imagenetDenseNet121(Path cacheDir) {
		return new WeightStore(cacheDir == null ? defaultCacheDir() : cacheDir, DENSENET121_URL, DENSENET121_FILE, DENSENET121_MD5);
	}

	/** -Dbonefracture.cache, else ~/.bone-fracture/models. Fiji passes its own models/ folder instead. */
	public static Path defaultCacheDir() {
		String p = System.getProperty(CACHE_PROPERTY);
		if (p != null && !p.isBlank()) return Paths.get(p);
		return Paths.get(System.getProperty("user.home"), ".bone-fracture", "models");
	}

	public Path cachedFile() {
		return cacheDir.resolve(fileName);
	}

	/** The weight file to use: the user's own, or the cached one, downloading it when missing. */
	public Path resolve(Path userFile, Progress progress) {
		if (userFile != null) {
			if (!Files.isRegularFile(userFile)) throw new InvalidInputException("Weight file not found: " + userFile);
			return userFile;
		}
		Path cached = cachedFile();
		if (Files.isRegularFile(cached)) {
			String actual = md5(cached);
			if (actual.equals(md5)) return cached;
			progress.warn("Cached weights " + cached + " have md5 " + actual + ", expected " + md5 + "; downloading again");
		}
		return download(progress);
	}

	Path download(Progress progress) {
		Path target = cachedFile();
		String manual = "Download " + url + " yourself and put it at " + target
			+ " (or name the file with the weights option).";
		Path tmp = null;
		try {
			Files.createDirectories(cacheDir);
			tmp = Files.createTempFile(cacheDir, fileName, ".part");
			progress.info("Downloading " + url + " to " + target);
			HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
				.followRedirects(HttpClient.Redirect.NORMAL).build();
			HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30)).GET().build();
			HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
			if (resp.statusCode() != 200) {
				resp.body().close();
				throw new InvalidInputException("Downloading " + url + " failed: the server answered HTTP " + resp.statusCode() + ". " + manual);
			}
			long total = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
			MessageDigest digest = MessageDigest.getInstance("MD5");
			try (InputStream in = new DigestInputStream(resp.body(), digest); OutputStream out = Files.newOutputStream(tmp)) {
				byte[] buf = new byte[1 << 16];
				long done = 0;
				int n;
				while ((n = in.read(buf)) > 0) {
					out.write(buf, 0, n);
					done += n;
					progress.progress("Downloading " + fileName, done, total > 0 ? total : done);
					progress.checkCanceled();
				}
			}
			String actual = hex(digest.digest());
			if (!actual.equals(md5))
				throw new InvalidInputException("Downloaded " + url + " but its md5 is " + actual + ", not " + md5
					+ ": the download was deleted. " + manual);
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			tmp = null;
			progress.info("Saved weights to " + target);
			return target;
		} catch (ConnectException | UnknownHostException | HttpTimeoutException e) {
			throw new InvalidInputException("Cannot reach " + url + " (" + e.getClass().getSimpleName() + "). " + manual, e);
		} catch (IOException e) {
			throw new InvalidInputException("Downloading " + url + " failed (" + e + "). " + manual, e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new io.github.bonefracture.core.CanceledException();
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		} finally {
			if (tmp != null) {
				try {
					Files.deleteIfExists(tmp);
				} catch (IOException ignored) {
					// Best effort: a stray .part file is harmless and never used.
				}
			}
		}
	}

	static String md5(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest d = MessageDigest.getInstance("MD5");
			byte[] buf = new byte[1 << 16];
			int n;
			while ((n = in.read(buf)) > 0) d.update(buf, 0, n);
			return hex(d.digest());
		} catch (IOException e) {
			throw new InvalidInputException("Cannot read " + file + ": " + e.getMessage(), e);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String hex(byte[] b) {
		StringBuilder sb = new StringBuilder();
		for (byte x : b) sb.append(String.format("%02x", x));
		return sb.toString();
	}
}
