#!/usr/bin/env python3
"""PyTorch 2.7.1 through DJL, the route a Java developer takes to PyTorch (ai.djl.pytorch:pytorch-engine
0.36.0 with pytorch-native-cpu 2.7.1 from Maven Central): torchvision's DenseNet121 with one output,
traced to TorchScript by Debian's PyTorch, run at the same size, batch and threads from Java; and
trained there: a second trace in training mode (BatchNorm on batch statistics, as ours trains), its
parameters loaded trainable, DJL's Trainer with Adam and sigmoid cross-entropy.

    /usr/bin/python3 djl_densenet121.py [size=150] [batch=8] [threads=2]

Needs Debian's python3-torch and python3-torchvision (for the trace), Maven and a JDK 11+. The traced
model and DJL's jars are kept in the system's temporary folder between runs. DJL runs offline
(ai.djl.offline, OPT_OUT_TRACKING: no download, no call home), with only its own libtorch on its
path. Prints 'peer inference img/s X' and, for a batch above 1, 'peer training img/s Y'."""
import os
import subprocess
import sys
import tempfile

JARS = ["ai.djl:api:0.36.0", "ai.djl.pytorch:pytorch-engine:0.36.0", "ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0",
        "ai.djl.pytorch:pytorch-native-cpu:2.7.1:jar:linux-x86_64", "com.google.code.gson:gson:2.11.0",
        "net.java.dev.jna:jna:5.14.0", "org.slf4j:slf4j-api:2.0.16", "org.apache.commons:commons-compress:1.27.1",
        "commons-io:commons-io:2.17.0", "org.apache.commons:commons-lang3:3.17.0"]


def main():
    size, batch, threads = (int(a) for a in (sys.argv[1:] + ["150", "8", "2"][len(sys.argv) - 1:])[:3])
    work = os.path.join(tempfile.gettempdir(), "bone-fracture-djl-peer")
    jars = os.path.join(work, "jars")
    os.makedirs(jars, exist_ok=True)
    model = os.path.join(work, f"densenet121-{size}.pt")
    if not os.path.exists(model):
        trace(model, size, False)
    trainable = os.path.join(work, f"densenet121-{size}-train.pt")
    if batch > 1 and not os.path.exists(trainable):
        trace(trainable, size, True)
    for artifact in JARS:
        parts = artifact.split(":")
        name = f"{parts[1]}-{parts[2]}" + (f"-{parts[4]}" if len(parts) == 5 else "") + ".jar"
        if os.path.exists(os.path.join(jars, name)):
            continue
        fetched = subprocess.run(["mvn", "-B", "-q", "dependency:copy", f"-Dartifact={artifact}", f"-DoutputDirectory={jars}"],
                                 cwd=work, capture_output=True, text=True)
        if fetched.returncode != 0:
            sys.exit(f"could not fetch {artifact} from Maven Central:\n{fetched.stdout}{fetched.stderr}")
    classpath = os.pathsep.join(os.path.join(jars, j) for j in sorted(os.listdir(jars)))
    runner = os.path.join(os.path.dirname(os.path.abspath(__file__)), "DjlDenseNet121.java")
    env = dict(os.environ, OPT_OUT_TRACKING="true", OMP_NUM_THREADS=str(threads), LD_LIBRARY_PATH="")
    out = subprocess.run(["java", "-Dai.djl.offline=true", f"-Dai.djl.pytorch.num_threads={threads}",
                          "-Dai.djl.pytorch.num_interop_threads=1", "-cp", classpath, runner, model, str(size), str(batch),
                          str(threads), trainable if batch > 1 else ""], check=True, capture_output=True, text=True, env=env)
    print("\n".join(line for line in out.stdout.splitlines() if line.startswith("peer ")))


def trace(model, size, training):
    """The trace records BatchNorm as the mode it ran in: eval for inference, train for training."""
    import torch
    import torchvision
    torch.manual_seed(0)
    net = torchvision.models.densenet121(num_classes=1).train(training)
    partial = model + ".part"
    torch.jit.trace(net, torch.rand(2, 3, size, size), check_trace=False).save(partial)
    os.replace(partial, model)


if __name__ == "__main__":
    main()
