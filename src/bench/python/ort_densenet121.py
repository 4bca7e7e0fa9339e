#!/usr/bin/env python3
"""ONNX Runtime peer of `bench`: the CPU inference engine a Java user would otherwise reach for
(com.microsoft.onnxruntime:onnxruntime from Maven Central), running torchvision's DenseNet121 with
one output exported to ONNX (opset 13), at the same size, batch and threads, from Java.

    /usr/bin/python3 ort_densenet121.py [size=150] [batch=8] [threads=2] [onnxruntime version=1.20.0] [model.onnx]

With a fifth argument, that ONNX graph (3 x size x size input) runs instead of torchvision's: `bench` passes
the int8 (QDQ) graph of its own network, as `export --int8` writes it.

Needs Debian's python3-torch and python3-torchvision (for the export), Maven and a JDK 11+. The
exported model and the ONNX Runtime jar are kept in the system's temporary folder between runs.
Prints 'peer inference img/s X'; it trains nothing."""
import os
import subprocess
import sys
import tempfile

def main():
    args = sys.argv[1:] + ["150", "8", "2", "1.20.0"][len(sys.argv) - 1:]
    size, batch, threads = (int(a) for a in args[:3])
    version = args[3]
    given = args[4] if len(args) > 4 else None
    ort = f"com.microsoft.onnxruntime:onnxruntime:{version}"
    work = os.path.join(tempfile.gettempdir(), "bone-fracture-ort-peer")
    os.makedirs(work, exist_ok=True)
    model = given or os.path.join(work, f"densenet121-{size}.onnx")
    if not os.path.exists(model):
        export(model, size)
    jar = os.path.join(work, f"onnxruntime-{version}.jar")
    if not os.path.exists(jar):
        fetched = subprocess.run(["mvn", "-B", "-q", "dependency:copy", f"-Dartifact={ort}", f"-DoutputDirectory={work}"],
                                 cwd=work, capture_output=True, text=True)
        if fetched.returncode != 0:
            sys.exit(f"could not fetch {ort} from Maven Central:\n{fetched.stdout}{fetched.stderr}")
    runner = os.path.join(os.path.dirname(os.path.abspath(__file__)), "OrtDenseNet121.java")
    out = subprocess.run(["java", "-cp", jar, runner, model, str(size), str(batch), str(threads)],
                         check=True, capture_output=True, text=True)
    print(out.stdout, end="")


def export(model, size):
    import torch
    import torchvision
    torch.manual_seed(0)
    net = torchvision.models.densenet121(num_classes=1).eval()
    partial = model + ".part"
    torch.onnx.export(net, torch.rand(1, 3, size, size), partial, opset_version=13, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "n"}, "y": {0: "n"}})
    os.replace(partial, model)


if __name__ == "__main__":
    main()
