// Detect a fracture in the active image with Bone Fracture Detection.
model = File.openDialog("Model file (.zip)");
run("Detect Fracture", "model_file=[" + model + "] threshold=0 heatmap=true flip_tta=false");
