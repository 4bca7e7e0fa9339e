// Detect a fracture in the active image with a trained model (Bone Fracture Detection).
// The answer is drawn on the image's overlay (ROIs "BFD label" and "BFD heatmap") and added to the
// Results table (getResult("P(fracture)", nResults - 1) reads it).
// Argument (optional): "image path,model path" to open an image first (batch and headless use).
args = split(getArgument(), ",");
if (args.length == 2) {
	open(args[0]);
	model = args[1];
} else {
	model = File.openDialog("Model file (.zip)");
}
run("Detect Fracture", "model_file=[" + model + "] threshold=0 heatmap");
print(getTitle() + ": overlay ROIs " + Overlay.size);
