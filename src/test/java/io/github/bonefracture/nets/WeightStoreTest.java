package io.github.bonefracture.nets;

import static org.junit.jupiter.api.Assertions.*;

import io.github.bonefracture.core.InvalidInputException;
import io.github.bonefracture.core.Progress;

import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download path, against an HTTP server on 127.0.0.1. */
class WeightStoreTest {

	@TempDir
	Path dir;

	private HttpServer server;
	private final byte[] good = "pretend these are weights".getBytes(StandardCharsets.UTF_8);
	private final AtomicInteger requests = new AtomicInteger();

	@BeforeEach
	void start() throws Exception {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/good.h5", ex -> {
			requests.incrementAndGet();
			ex.sendResponseHeaders(200, good.length);
			ex.getResponseBody().write(good);
			ex.close();
		});
		server.createContext("/corrupt.h5", ex -> {
			byte[] bad = "damaged".getBytes(StandardCharsets.UTF_8);
			ex.sendResponseHeaders(200, bad.length);
			ex.getResponseBody().write(bad);
			ex.close();
		});
		server.createContext("/error.h5", ex -> {
			ex.sendResponseHeaders(503, -1);
			ex.close();
		});
		server.start();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	private URI url(String path) {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
	}

	private String md5(byte[] b) throws Exception {
		StringBuilder sb = new StringBuilder();
		for (byte x : MessageDigest.getInstance("MD5").digest(b)) sb.append(String.format("%02x", x));
		return sb.toString();
	}

	@Test
	void downloadsOnceIntoTheCacheThenUsesTheCache() throws Exception {
		WeightStore store = new WeightStore(dir.resolve("cache"), url("/good.h5"), "w.h5", md5(good));
		Path p = store.resolve(null, Progress.NONE);
		assertEquals(dir.resolve("cache/w.h5"), p);
		assertArrayEquals(good, Files.readAllBytes(p));
		store.resolve(null, Progress.NONE);
		assertEquals(1, requests.get(), "second call must use the cache");
		try (var s = Files.list(dir.resolve("cache"))) {
			assertEquals(1, s.count(), "no partial files left");
		}
	}

	@Test
	void userFileWinsAndMissingUserFileIsNamed() throws Exception {
		Path mine = Files.write(dir.resolve("mine.h5"), good);
		WeightStore store = new WeightStore(dir.resolve("cache"), url("/error.h5"), "w.h5", md5(good));
		assertEquals(mine, store.resolve(mine, Progress.NONE));
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> store.resolve(dir.resolve("nope.h5"), Progress.NONE));
		assertTrue(e.getMessage().contains("nope.h5"));
	}

	@Test
	void checksumMismatchDeletesTheDownloadAndSaysSo() throws Exception {
		WeightStore store = new WeightStore(dir.resolve("cache"), url("/corrupt.h5"), "w.h5", md5(good));
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> store.resolve(null, Progress.NONE));
		assertTrue(e.getMessage().contains("md5") && e.getMessage().contains("deleted"), e.getMessage());
		try (var s = Files.list(dir.resolve("cache"))) {
			assertEquals(0, s.count());
		}
	}

	@Test
	void serverErrorAndNoNetworkSayWhatToFetchAndWhere() throws Exception {
		WeightStore err = new WeightStore(dir.resolve("cache"), url("/error.h5"), "w.h5", md5(good));
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> err.resolve(null, Progress.NONE));
		assertTrue(e.getMessage().contains("HTTP 503") && e.getMessage().contains(dir.resolve("cache/w.h5").toString()), e.getMessage());

		int closedPort;
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = s.getLocalPort();
		}
		WeightStore offline = new WeightStore(dir.resolve("cache"), URI.create("http://127.0.0.1:" + closedPort + "/w.h5"), "w.h5", md5(good));
		e = assertThrows(InvalidInputException.class, () -> offline.resolve(null, Progress.NONE));
		assertTrue(e.getMessage().contains("Cannot reach") && e.getMessage().contains("put it at"), e.getMessage());
	}

	@Test
	void damagedCacheIsReplaced() throws Exception {
		Files.createDirectories(dir.resolve("cache"));
		Files.writeString(dir.resolve("cache/w.h5"), "half a fi");
		WeightStore store = new WeightStore(dir.resolve("cache"), url("/good.h5"), "w.h5", md5(good));
		assertArrayEquals(good, Files.readAllBytes(store.resolve(null, Progress.NONE)));
	}
}
