// Detect fractures in every image of a folder: detections.csv and annotated PNGs in the output folder.
// Headless Fiji:  ImageJ-linux64 --headless -macro batch_folder.ijm "/data/xrays,/models/model.zip,/data/out"
args = split(getArgument(), ",");
if (args.length == 3) {
	input = args[0]; model = args[1]; output = args[2];
} else {
	input = getDirectory("Folder of x-rays");
	model = File.openDialog("Model file (.zip)");
	output = getDirectory("Output folder");
}
run("Detect Fracture (Folder)", "input_folder=[" + input + "] model_file=[" + model + "] output_folder=[" + output + "] threshold=0 heatmap=true flip_tta=false precision=float");
