// Detect fractures in every image of a folder: detections.csv and annotated PNGs in the output folder.
input = getDirectory("Folder of x-rays");
model = File.openDialog("Model file (.zip)");
output = getDirectory("Output folder");
run("Detect Fracture (Folder)", "input_folder=[" + input + "] model_file=[" + model + "] output_folder=[" + output + "] threshold=0 heatmap=true flip_tta=false");
