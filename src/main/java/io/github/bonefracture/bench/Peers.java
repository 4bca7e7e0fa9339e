package io.github.bonefracture.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The benchmark's peers: scripts that print "peer inference img/s X" (and "peer training img/s Y") for the same network and sizes. */
final class Peers {
	private final String python;
	private final int size;
	private final int threads;

	Peers(String python, int size, int threads) {
		this.python = python;
		this.size = size;
		this.threads = threads;
	}

	/** {inference, training (NaN when the peer trains nothing)} at this batch; empty when the peer cannot run (said why). */
	java.util.Optional<double[]> run(Path script, int batch, String... more) throws Exception {
		if (!Files.isRegularFile(script)) {
			System.out.println("Peer script " + script + " not found: no ratio to it");
			return java.util.Optional.empty();
		}
		List<String> command = new ArrayList<>(List.of(python, script.toString(), String.valueOf(size), String.valueOf(batch), String.valueOf(threads)));
		command.addAll(Arrays.asList(more));
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		Double inf = null;
		double train = Double.NaN;
		Pattern num = Pattern.compile("img/s ([0-9.]+)");
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = r.readLine()) != null) {
				Matcher m = num.matcher(line);
				if (line.startsWith("peer inference") && m.find()) inf = Double.parseDouble(m.group(1));
				else if (line.startsWith("peer training") && m.find()) train = Double.parseDouble(m.group(1));
				System.out.println("  " + script.getFileName() + ": " + line);
			}
		}
		int rc = p.waitFor();
		if (rc != 0 || inf == null) {
			System.out.println("Peer " + script.getFileName() + " failed (exit " + rc + "); it needs Debian's python3-torch and python3-torchvision");
			return java.util.Optional.empty();
		}
		return java.util.Optional.of(new double[] {inf, train});
	}
}
