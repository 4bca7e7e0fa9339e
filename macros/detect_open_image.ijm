// Detect a fracture in the active image with a trained model (Fiji, Bone Fracture Detection).
// The answer is drawn on the image's overlay and added to the "Bone Fracture Detection" table.
model = File.openDialog("Model file (.zip)");
run("Detect Fracture", "model_file=[" + model + "] threshold=0 heatmap=true flip_tta=false");
