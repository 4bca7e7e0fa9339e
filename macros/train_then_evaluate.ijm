// Train a model on a labelled folder (Fracture/ and Normal/ inside), then k-fold cross-validate with
// the same settings. Defaults are the reference protocol (DenseNet121 from ImageNet weights).
// Argument (optional): "dataset folder,output folder,extra settings" (headless use).
args = split(getArgument(), ",");
if (args.length >= 2) {
	data = args[0]; out = args[1];
} else {
	data = getDirectory("Dataset folder (Fracture/ and Normal/)");
	out = getDirectory("Output folder");
}
settings = "architecture=densenet121 weights=imagenet epochs1=25 lr1=0.001 epochs2=10 lr2=0.00001 batch_size=6 image_size=150 flip=true rotation=0.1 zoom=0.2 brightness=0.4 training_seed=42";
if (args.length >= 3) settings = args[2];
run("Train Model", "dataset_folder=[" + data + "] model_file=[" + out + File.separator + "model.zip] output_folder=[" + out + "] " + settings);
run("K-Fold Evaluate", "dataset_folder=[" + data + "] k=3 fold_seed=42 output_folder=[" + out + File.separator + "kfold] " + settings);
