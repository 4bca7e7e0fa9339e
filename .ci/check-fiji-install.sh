#!/usr/bin/env bash
# Installs the plugin into a temporary Fiji.app the Fiji way and checks the result:
#   bash .ci/check-fiji-install.sh            populate a Fiji.app seeded with what Fiji ships, then check it
#   bash .ci/check-fiji-install.sh --self-test   also prove the checks fail on broken trees
#   bash .ci/check-fiji-install.sh --check DIR   check an existing Fiji.app
# It also writes the upload-ready update-site tree (update-site subcommand) beside the Fiji.app.
# The seed holds the jars Fiji ships at the versions pom-scijava 45 manages (ImageJ, SciJava,
# JavaCPP 1.5.10 and OpenBLAS 0.3.26-1.5.10 with their natives, Guava, Gson, Commons...), so a
# second version of any of them, or a stray native, shows. Needs Maven Central.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="mvn -B -q -Dstyle.color=never"
# The platform folders natives go to, as imagej-updater's Platforms names them (no win-arm64: ND4J has no build for it).
PLATFORMS="linux64 linux-arm64 win64 macos64 macos-arm64"

problems() {
	local app=$1
	local jars="$app/jars"
	# 1. Two versions of one artifact in one folder (name and platform classifier equal, versions not).
	find "$app/jars" "$app/plugins" -name '*.jar' 2>/dev/null | while read -r f; do
		local dir name base plat
		dir=$(dirname "$f"); name=$(basename "$f" .jar)
		base=$(echo "$name" | sed -E 's/-[0-9].*$//')
		plat=$(echo "$name" | grep -oE '(linux|windows|macosx)-(x86_64|arm64)' | head -1 || true)
		echo "$dir|$base|$plat"
	done | sort | uniq -d | sed 's/^/two versions of one artifact: /'
	# 2. A native build outside its platform folder.
	find "$app/jars" "$app/plugins" -name '*.jar' 2>/dev/null | while read -r f; do
		local want=""
		case "$(basename "$f")" in
			*-linux-x86_64*) want=linux64 ;;
			*-linux-arm64*) want=linux-arm64 ;;
			*-windows-x86_64*) want=win64 ;;
			*-macosx-x86_64*) want=macos64 ;;
			*-macosx-arm64*) want=macos-arm64 ;;
		esac
		if [ -n "$want" ] && [ "$(basename "$(dirname "$f")")" != "$want" ]; then echo "native in the wrong folder: $f (belongs in jars/$want)"; fi
	done
	# 3. Every platform folder (imagej-updater's names) has the natives the engine loads; none is left in
	#    the legacy macosx folder, which Intel and Apple-silicon Macs would both download.
	[ -d "$jars/macosx" ] && ls "$jars/macosx"/*.jar >/dev/null 2>&1 && echo "natives in the legacy macosx folder: $(ls "$jars/macosx")"
	for plat in $PLATFORMS; do
		for lib in nd4j-native nd4j-native-preset javacpp openblas; do
			ls "$jars/$plat/$lib"-[0-9]*.jar >/dev/null 2>&1 || echo "missing native for $plat: $lib"
		done
	done
	# 4. Natives this project never loads, and DL4J's own JavaCPP over Fiji's.
	find "$app" -name '*.jar' | grep -E '/(javacv|opencv|ffmpeg|leptonica|tesseract|mkl|artoolkitplus|flycapture|libdc1394|libfreenect|librealsense|videoinput)[-0-9]' \
		| sed 's/^/never loaded: /' || true
	find "$app" -name 'javacpp-1.5.[0-9].jar' -o -name 'javacpp-1.5.[0-9]-*.jar' | grep -v '1.5.10' | sed 's/^/not Fiji'"'"'s JavaCPP: /' || true
	# 5. The oneDNN build is the one installed where it exists.
	for plat in linux64 win64; do
		ls "$jars/$plat"/nd4j-native-*-onednn.jar >/dev/null 2>&1 || echo "no oneDNN build in $plat"
	done
	# 6. oneDNN's own library (the fast DenseNet path) and the OpenCL preset it loads first, on the
	#    platforms JavaCPP builds it for (not Apple silicon: the DL4J path runs there).
	for plat in linux64 linux-arm64 win64 macos64; do
		for lib in dnnl opencl; do
			ls "$jars/$plat/$lib"-[0-9]*.jar >/dev/null 2>&1 || echo "missing native for $plat: $lib"
		done
	done
	# 7. Apache Spark and Scala belong to a cluster's spark-submit (the spark profile's jar), never to Fiji.
	find "$app" -name '*.jar' | grep -E '/(spark-[a-z-]+_2\.1[23]|scala-(library|reflect)|hadoop-client-[a-z]+)-[0-9]' \
		| sed 's/^/Spark in the Fiji install: /' || true
}

check() {
	local out
	out=$(problems "$1")
	if [ -n "$out" ]; then
		echo "$out"
		return 1
	fi
	echo "OK: $1 has one version of each artifact and every native in its platform folder"
}

if [ "${1:-}" = "--check" ]; then
	check "$2"
	exit $?
fi

version() { $MVN help:evaluate -Dexpression="$1" -DforceStdout 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g'; }
app=$(mktemp -d)/Fiji.app
for plat in $PLATFORMS; do mkdir -p "$app/jars/$plat"; done
mkdir -p "$app/plugins"
seed() { $MVN dependency:copy -Dartifact="$1" -DoutputDirectory="$app/jars/$2" >/dev/null; }
echo "Seeding $app with Fiji's jars at pom-scijava's versions"
for a in "net.imagej:ij:$(version imagej1.version)" "org.scijava:scijava-common:$(version scijava-common.version)" \
	"com.google.guava:guava:$(version guava.version)" "com.google.code.gson:gson:$(version gson.version)" \
	"commons-io:commons-io:$(version commons-io.version)" "org.apache.commons:commons-math3:$(version commons-math3.version)" \
	"org.apache.commons:commons-lang3:$(version commons-lang3.version)" "net.java.dev.jna:jna:$(version jna.version)" \
	"org.slf4j:slf4j-api:$(version slf4j.version)" "org.bytedeco:javacpp:$(version javacpp.version)" \
	"org.bytedeco:openblas:$(version openblas.version)"; do
	seed "$a" ""
done
for p in linux-x86_64:linux64 linux-arm64:linux-arm64 windows-x86_64:win64 macosx-x86_64:macos64 macosx-arm64:macos-arm64; do
	seed "org.bytedeco:javacpp:$(version javacpp.version):jar:${p%%:*}" "${p##*:}"
	seed "org.bytedeco:openblas:$(version openblas.version):jar:${p%%:*}" "${p##*:}"
done
(cd "$app" && find jars plugins -type f | sort) > "$app/../fiji-ships.txt"
echo "Installing with: mvn -Dscijava.app.directory=$app install"
$MVN -Dscijava.app.directory="$app" -DskipTests install
check "$app"
site=$(dirname "$app")/update-site
java -cp "target/classes:$($MVN dependency:build-classpath -Dmdep.outputFile=/dev/stdout | sed 's/\x1b\[[0-9;]*m//g')" \
	io.github.bonefracture.cli.Main update-site -i "$app" --fiji-ships "$app/../fiji-ships.txt" -o "$site"
sizes="common $(du -sh "$app/jars" $(for p in $PLATFORMS; do echo "--exclude=$p"; done) | cut -f1)"
for plat in $PLATFORMS; do sizes="$sizes, $plat $(du -sh "$app/jars/$plat" | cut -f1)"; done
echo "Sizes: $sizes"

if [ "${1:-}" = "--self-test" ]; then
	broken=$(mktemp -d)
	cp -r "$app" "$broken/dup"; cp "$app/jars/linux64"/javacpp-*.jar "$broken/dup/jars/linux64/javacpp-1.5.7-linux-x86_64.jar"
	cp -r "$app" "$broken/foreign"; cp "$app/jars/win64"/openblas-*.jar "$broken/foreign/jars/linux64/"
	cp -r "$app" "$broken/missing"; rm "$broken/missing/jars/macos-arm64"/openblas-*.jar
	cp -r "$app" "$broken/legacy"; mkdir -p "$broken/legacy/jars/macosx"; mv "$broken/legacy/jars/macos64"/*.jar "$broken/legacy/jars/macosx/"
	cp -r "$app" "$broken/spark"; touch "$broken/spark/jars/spark-core_2.13-3.5.3.jar"
	for b in dup foreign missing legacy spark; do
		if check "$broken/$b" >/dev/null; then echo "SELF-TEST FAILED: the $b tree passed"; exit 1; fi
		echo "self-test: the $b tree is refused: $(problems "$broken/$b" | head -1)"
	done
fi
